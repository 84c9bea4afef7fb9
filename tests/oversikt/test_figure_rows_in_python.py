"""The key-figure table's rows (``oversikt/_figures.html``) are written in Python
(``oversikt_tags.figure_rows``): the same HTML the template's loop wrote, every text escaped."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template

from isms.plugins import Figure
from oversikt.selectors import FigureRow

# The loop as the template had it, before it became ``{% figure_rows figures %}``.
TEMPLATE_LOOP = (
    "{% load i18n oversikt_tags %}{% for row in figures %}<tr>\n"
    '    <th scope="row">{% if row.url %}<a href="{{ row.url }}">{{ row.figure.label }}</a>'
    "{% else %}{{ row.figure.label }}{% endif %}</th>\n"
    '    <td class="num{% if row.behind %} behind{% endif %}">{% if row.behind %}'
    '<span class="flag" aria-hidden="true">⚠ </span>{% endif %}'
    "{% figure_value row.value row.figure.kind %}</td>\n"
    '    <td class="num">{% figure_value row.median row.figure.kind %}</td>\n'
    '    <td>{{ row.comparison|default:"–" }}{% for rule in row.behind %}<br>'
    '<span class="flag">⚠ {% translate "Ligger efter:" %} {{ rule.label }}</span>{% endfor %}</td>\n'
    "  </tr>{% endfor %}"
)


def _rows():
    evil = Figure(key="x", label="<script>alert(1)</script> & andel", values={}, kind="percent")
    count = Figure(key="y", label="Försenade översyner", values={}, higher_is_better=False)
    return [
        FigureRow(figure=evil, value=42, median=37.5, comparison="bättre än medianen",
                  url="/informationsmangder/?unit=1&review=overdue\"><script>",
                  behind=[SimpleNamespace(label="Klassad andel under 50 % <b>")]),
        FigureRow(figure=count, value=None, median=None, comparison="", url=""),
        FigureRow(figure=count, value=1234, median=2.5, comparison="sämre än medianen",
                  url="/x/", behind=[SimpleNamespace(label="A"), SimpleNamespace(label="B")]),
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_same_html_as_the_templates_loop(language):
    from django.utils import translation

    with translation.override(language):
        rows = _rows()
        old = Template(TEMPLATE_LOOP).render(Context({"figures": rows}))
        new = Template("{% load oversikt_tags %}{% figure_rows figures %}").render(
            Context({"figures": rows}))
    assert new == old
    assert "<script>" not in new
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; andel" in new
    assert "Ligger efter:" in new or language == "en"


def test_no_rows_no_html():
    assert Template("{% load oversikt_tags %}{% figure_rows figures %}").render(
        Context({"figures": []})) == ""
