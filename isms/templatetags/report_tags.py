"""Template tags for the PDF: stream long tables row by row.

Django's ``{% for %}`` turns an iterator into a list first; ``{% stream_rows %}`` renders each
row from a ``.iterator()`` queryset as it arrives, so only the growing HTML is kept.
"""

from django import template
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def stream_rows(context, rows, template_name: str, empty_text: str = "", colspan: int = 1):
    row_template = get_template(template_name).template
    parts = []
    for row in rows:
        with context.push(row=row):
            parts.append(row_template.render(context))
    if not parts:
        return format_html('<tr><td colspan="{}">{}</td></tr>', colspan, empty_text)
    return mark_safe("".join(parts))  # noqa: S308 - each part is an autoescaped template
