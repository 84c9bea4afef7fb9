"""``{% field_row field %}``: one form field as ``templates/field.html`` lays it out (label or
legend, help text, errors, the widget), written in Python. Every form and filter of the portal
includes ``field.html`` once per field; its dozen template lookups per field cost more than the
widget itself on a list page's filter. The same HTML as the template it replaced (a test
renders both for fields of every kind)."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_REQUIRED = ' <span class="required" aria-hidden="true">*</span>'


@register.simple_tag
def field_row(field):
    errors = field.errors
    has_error = " has-error" if errors else ""
    label = conditional_escape(str(field.label))
    required = _REQUIRED if field.field.required else ""
    fieldset = field.use_fieldset
    if fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        head = (f'<fieldset class="field{has_error}"{described}>\n'
                f"  <legend>{label}{required}</legend>\n")
    else:
        head = (f'<div class="field{has_error}">\n'
                f'  <label for="{conditional_escape(field.id_for_label)}">{label}{required}'
                f"</label>\n")
    auto_id = conditional_escape(field.auto_id) if (field.help_text or errors) else ""
    help_html = (f'<p class="help" id="{auto_id}_helptext">{conditional_escape(field.help_text)}'
                 f"</p>" if field.help_text else "")
    error_html = "".join(f'<p class="field-error" id="{auto_id}_error">'
                         f"{conditional_escape(e)}</p>" for e in errors)
    tail = "</fieldset>" if fieldset else "</div>"
    return mark_safe(  # noqa: S308 - every value is escaped above; the widget is safe HTML
        f"{head}\n  {help_html}\n  {error_html}\n  {conditional_escape(str(field))}\n{tail}\n"
    )
