"""``{% field_block field %}``: ``field.html`` (a form field with its label, help text and
errors) written in Python, the same markup.

A list page's filter form included ``field.html`` once per field (a register's eleven
filters: eleven includes, each with a new context, a dozen variables and conditions), which
cost more than the page's rows. ``tests/isms/test_fast_field_d.py`` compares the two.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_REQUIRED = ' <span class="required" aria-hidden="true">*</span>'


def write_field(field) -> str:
    """``field.html`` rendered for the bound field ``field``."""
    errors = field.errors
    error_class = " has-error" if errors else ""
    required = _REQUIRED if field.field.required else ""
    label = conditional_escape(field.label)
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        head = (f'<fieldset class="field{error_class}"{described}>\n'
                f"  <legend>{label}{required}</legend>\n")
        end = "</fieldset>"
    else:
        head = (f'<div class="field{error_class}">\n'
                f'  <label for="{conditional_escape(field.id_for_label)}">{label}{required}'
                "</label>\n")
        end = "</div>"
    help_text = ""
    if field.help_text:
        help_text = (f'<p class="help" id="{conditional_escape(field.auto_id)}_helptext">'
                     f"{conditional_escape(field.help_text)}</p>")
    auto_id = conditional_escape(field.auto_id)
    shown_errors = "".join(
        f'<p class="field-error" id="{auto_id}_error">{conditional_escape(error)}</p>'
        for error in errors
    )
    return (f"{head}\n  {help_text}\n  {shown_errors}\n  {conditional_escape(field)}\n"
            f"{end}\n")


@register.simple_tag
def field_block(field) -> str:
    return mark_safe(write_field(field))  # noqa: S308 - every value is escaped above
