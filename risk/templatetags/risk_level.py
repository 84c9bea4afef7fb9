"""``{% risk_level level value %}``: a risk's level as a coloured label, what
``risk/_level.html`` writes, as one call: the register includes it twice per row."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def risk_level(level, value=None) -> str:
    if not level:
        return "–"
    if value:
        return format_html('<span class="risk-level {}">{} ({})</span>', level.css_class,
                           level.name, value)
    return format_html('<span class="risk-level {}">{}</span>', level.css_class, level.name)
