"""The city dashboard's table body is written in Python (``oversikt.city_html``): the same
HTML as the template's loops it replaced (kept here as the reference), for a table with units
falling behind, sorted either way, with values that need escaping."""

from __future__ import annotations

import re

import pytest
from django.template import engines

from nämnder.models import UnitKind
from oversikt import city_html, selectors
from oversikt.models import BehindRule, Comparison

pytestmark = pytest.mark.django_db

# The template's loops as they were before ``city_html`` (city_dashboard.html).
REFERENCE = """{% load i18n oversikt_tags %}  {% for group in groups %}
  <tbody>
    <tr><th scope="colgroup" colspan="{{ figures|length|add:1 }}">{{ group.label }}</th></tr>
    {% for row in group.rows %}<tr{% if row.behind %} class="behind"{% endif %}>
      <th scope="row"><a href="{{ row.href }}">{{ row.unit.name }}</a>{% if row.behind %}<br><span class="flag">⚠ {% translate "Ligger efter:" %} {% for rule in row.behind %}{{ rule.label }}{% if not forloop.last %}; {% endif %}{% endfor %}</span>{% endif %}</th>
      {% for cell in row.cells %}<td class="num{% if cell.behind %} behind{% endif %}">{% if cell.behind %}<span class="flag" aria-hidden="true">⚠ </span>{% endif %}{% figure_value cell.value cell.figure.kind %}</td>{% endfor %}
    </tr>{% endfor %}
  </tbody>
  <tbody class="group-summary">
    <tr><th scope="row">{% blocktranslate with label=group.label %}{{ label }}: summa{% endblocktranslate %}</th>{% for cell in group.totals %}<td class="num">{% figure_value cell.value cell.kind %}</td>{% endfor %}</tr>
    <tr><th scope="row">{% blocktranslate with label=group.label %}{{ label }}: median{% endblocktranslate %}</th>{% for cell in group.medians %}<td class="num">{% figure_value cell.value cell.kind %}</td>{% endfor %}</tr>
  </tbody>
  {% endfor %}
  <tfoot>
    <tr><th scope="row">{% translate "Staden: summa" %}</th>{% for cell in totals %}<td class="num">{% figure_value cell.value cell.kind %}</td>{% endfor %}</tr>
    <tr><th scope="row">{% translate "Staden: median" %}</th>{% for cell in medians %}<td class="num">{% figure_value cell.value cell.kind %}</td>{% endfor %}</tr>
  </tfoot>
"""


def _normalise(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def _reference(table: dict) -> str:
    return engines["django"].from_string(REFERENCE).render(table)


@pytest.fixture
def table_world(farsta, bromma, make_unit, official, security_function):
    from tests.klassning_helpers import make_asset

    make_asset(farsta, official, name="A")
    make_asset(bromma, security_function, name="B")
    make_unit("utbildning", "Utbildnings<nämnden> & \"co\"", kind=UnitKind.SPECIALIST_BOARD)
    make_unit("hem", "AB Stockholmshem", kind=UnitKind.COMPANY)
    BehindRule.objects.create(figure="classified", comparison=Comparison.BELOW, threshold=50,
                              label="Klassad andel < 50 % <b>")


@pytest.mark.parametrize("sort", ["enhet", "-enhet", "classified", "-classified"])
def test_same_html_as_the_template(table_world, sort):
    table = selectors.city_table_data(sort=sort)
    assert any(row["behind"] for group in table["groups"] for row in group["rows"])
    written = str(city_html.body_html(table))
    assert _normalise(written) == _normalise(_reference(table))
    assert "Utbildnings&lt;nämnden&gt; &amp; &quot;co&quot;" in written
    assert "&lt;b&gt;" in written and "<b>" not in written
