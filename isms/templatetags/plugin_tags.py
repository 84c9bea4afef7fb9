"""``{% object_panels obj %}``: the sections other apps add to this object's page
(``isms.plugins.register_object_panel``). The page names no app.

``{% static_url "start" %}``: ``{% url %}`` of a view without arguments, reversed once per
process (the header's links, on every page)."""

from django import template
from django.utils.safestring import mark_safe

from isms import plugins

register = template.Library()


@register.simple_tag(takes_context=True)
def object_panels(context, obj):
    request = context.get("request")
    if request is None or obj is None:
        return ""
    # Each part is a template rendered with autoescaping: nothing unescaped comes in here.
    return mark_safe("".join(plugins.object_panels(request, obj)))  # noqa: S308


@register.simple_tag
def static_url(url_name):
    return plugins.static_href(url_name)
