"""Shared template blocks written in Python, the same markup as their templates
(``tests/isms/test_fast_blocks_d.py`` compares them):

- ``{% field_block field %}``: ``field.html`` (a form field with its label, help text and
  errors). A list page's filter form included it once per field (a register's eleven filters:
  eleven includes, each with a new context, a dozen variables and conditions), which cost more
  than the page's rows.
- ``{% history_table entries %}``: ``history_table.html`` (``isms.history`` entries), whose
  loop over entries and changes cost a detail page more than reading them.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


def _history_row(entry) -> str:
    when = timezone.localtime(entry.date) if timezone.is_aware(entry.date) else entry.date
    user = entry.user
    if user:
        who = conditional_escape(user.get_full_name() or user.username)
    else:
        who = conditional_escape(_("Systemet"))
    reason = f"<br><em>{conditional_escape(entry.reason)}</em>" if entry.reason else ""
    changes = ""
    if entry.changes:
        items = "".join(
            f'<li><span class="field-name">{conditional_escape(c.field)}:</span> '
            + (f"<del>{conditional_escape(c.old)}</del> → " if c.old else "")
            + f"<ins>{conditional_escape(c.new)}</ins></li>"
            for c in entry.changes
        )
        changes = f'<ul class="changes">{items}</ul>'
    return (
        "\n    <tr>\n"
        f'      <td><time datetime="{when.isoformat()}">{when:%Y-%m-%d %H:%M}</time></td>\n'
        f"      <td>{who}</td>\n"
        f"      <td>{conditional_escape(entry.action)}: {conditional_escape(entry.object_type)} "
        f"<strong>{conditional_escape(entry.object_label)}</strong>{reason}</td>\n"
        f"      <td>{changes}</td>\n"
        "    </tr>\n  "
    )


def write_history_table(entries) -> str:
    """``history_table.html`` rendered for ``entries`` (``isms.history.HistoryEntry``)."""
    rows = "".join(_history_row(entry) for entry in entries) if entries else (
        f'\n    <tr><td colspan="4">{conditional_escape(_("Ingen historik."))}</td></tr>\n  '
    )
    return (
        '\n<table class="table history">\n'
        f'  <caption class="visually-hidden">{_("Ändringshistorik, senaste först")}</caption>\n'
        f'  <thead><tr><th scope="col">{_("Tid")}</th><th scope="col">{_("Av")}</th>'
        f'<th scope="col">{_("Händelse")}</th>'
        f'<th scope="col">{conditional_escape(_("Ändringar (före → efter)"))}</th></tr></thead>\n'
        f"  <tbody>\n  {rows}\n  </tbody>\n</table>\n"
    )


@register.simple_tag
def history_table(entries) -> str:
    return mark_safe(write_history_table(entries))  # noqa: S308 - every value is escaped above
