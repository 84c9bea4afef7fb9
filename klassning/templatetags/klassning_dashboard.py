from django import template

from klassning.dashboard import unit_overview
from klassning.handover import services_run_by

register = template.Library()


@register.inclusion_tag("klassning/_dashboard.html", takes_context=True)
def classification_overview(context):
    user = context["request"].user
    return {"rows": unit_overview(user=user), "request": context["request"]}


@register.inclusion_tag("klassning/_my_services_panel.html", takes_context=True)
def my_it_services(context):
    """The start-page panel of an IT service's owner (empty for everybody else)."""
    return {"services": services_run_by(user=context["request"].user)}
