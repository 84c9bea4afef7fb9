"""The navigation's "Mina notiser" link with the person's unread count (one COUNT query)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("notifieringar/nav_item.html", takes_context=True)
def notifications_nav_item(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "unread": selectors.unread_count(user=user) if user is not None else 0,
        "current": bool(
            request and request.resolver_match
            and request.resolver_match.namespace == "notifieringar"
        ),
    }
