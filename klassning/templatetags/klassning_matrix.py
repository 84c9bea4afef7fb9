"""``{% matrix_tables matrix %}``: the classification matrix (``selectors.classification_matrix``)
as one table per aspect, written in Python.

The same HTML as the template loop it replaces (``klassning/_matrix.html``: four tables of
seven rows, ~1 ms of template tags on the asset page); every value escaped as ``{{ }}`` does,
the motivation with ``|linebreaksbr``. ``tests/klassning/test_matrix_tables_c.py`` compares them.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import gettext

register = template.Library()


def _text(value) -> str:
    """``{{ value }}`` of a number or a text."""
    return conditional_escape(value if isinstance(value, str) else str(value))


@register.simple_tag
def matrix_tables(matrix) -> str:
    level_word, unassessed = conditional_escape(gettext("nivå")), conditional_escape(gettext("ej bedömd"))
    head = (
        f'<thead><tr><th scope="col">{conditional_escape(gettext("Konsekvenskategori"))}</th>'
        f'<th scope="col">{conditional_escape(gettext("Nivå"))}</th>'
        f'<th scope="col">{conditional_escape(gettext("Motivering"))}</th></tr></thead>'
    )
    parts = []
    for block in matrix:
        aspect = block["aspect"]
        level = (
            f'<span class="level">{_text(block["level"])}</span> {_text(block["level_name"])}'
            if block["level"] is not None else unassessed
        )
        parts.append(
            f'\n<table class="table matrix">\n  <caption><strong>{_text(aspect.name)} '
            f'({_text(aspect.code)})</strong> – {level_word} {level}</caption>\n  {head}\n  <tbody>\n  '
        )
        for row in block["rows"]:
            assessment = row["assessment"]
            motivation = (assessment.motivation if assessment is not None else "") or "–"
            motivation = conditional_escape(normalize_newlines(motivation)).replace("\n", "<br>")
            parts.append(
                f'\n    <tr><th scope="row">{_text(row["category"].name)}</th>'
                f'<td>{_text(assessment.level) if assessment else "–"}</td>'
                f'<td>{motivation}</td></tr>\n  '
            )
        parts.append("\n  </tbody>\n</table>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
