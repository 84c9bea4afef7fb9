from django import template

from klassning.dashboard import unit_overview

register = template.Library()


@register.inclusion_tag("klassning/_dashboard.html", takes_context=True)
def classification_overview(context):
    user = context["request"].user
    return {"rows": unit_overview(user=user), "request": context["request"]}
