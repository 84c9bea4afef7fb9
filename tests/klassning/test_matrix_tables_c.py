"""``{% matrix_tables %}`` writes the HTML the matrix template (``klassning/_matrix.html``) wrote,
on the asset page and the classification page."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from klassning import selectors
from klassning.models import ClassificationAssessment, ConsequenceCategory
from tests.klassning_helpers import approved, draft, make_asset

pytestmark = pytest.mark.django_db

# The template as it was.
OLD = Template("""{% load i18n %}{% for block in matrix %}
<table class="table matrix">
  <caption><strong>{{ block.aspect.name }} ({{ block.aspect.code }})</strong> – {% translate "nivå" %} {% if block.level is not None %}<span class="level">{{ block.level }}</span> {{ block.level_name }}{% else %}{% translate "ej bedömd" %}{% endif %}</caption>
  <thead><tr><th scope="col">{% translate "Konsekvenskategori" %}</th><th scope="col">{% translate "Nivå" %}</th><th scope="col">{% translate "Motivering" %}</th></tr></thead>
  <tbody>
  {% for row in block.rows %}
    <tr><th scope="row">{{ row.category.name }}</th><td>{% if row.assessment %}{{ row.assessment.level }}{% else %}–{% endif %}</td><td>{{ row.assessment.motivation|default:"–"|linebreaksbr }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endfor %}
""")
NEW = Template('{% include "klassning/_matrix.html" %}')


def test_matrix_tables_write_what_the_template_wrote(official, farsta):
    classification = draft(make_asset(farsta, official), official, {"K": 3, "R": 2})
    cells = list(classification.assessments.order_by("pk"))
    cells[0].motivation = "Rad ett\r\nrad <två> & \"tre\"\nslut"
    cells[1].motivation = ""
    ClassificationAssessment.objects.bulk_update(cells[:2], ["motivation"])
    cells[2].delete()  # a cell not assessed
    classification.assessments.filter(aspect__code="S").delete()  # an aspect not assessed
    ConsequenceCategory.objects.filter(code="ekonomi").update(name="Ekonomi <&>")
    matrix = selectors.classification_matrix(classification=classification)
    assert any(block["level"] is None for block in matrix)
    context = {"matrix": matrix}
    expected = OLD.render(Context(context))
    assert NEW.render(Context(context)) == expected
    assert "rad &lt;två&gt; &amp; &quot;tre&quot;<br>slut" in expected
    assert "Ekonomi &lt;&amp;&gt;" in expected


def test_asset_page_shows_the_approved_matrix(client_for, official, chief, farsta):
    asset = make_asset(farsta, official)
    approved(asset, official, chief, {"K": 3, "R": 2, "T": 1, "S": 2})
    page = client_for(official).get(reverse("klassning:asset_detail", args=[asset.pk]))
    html = page.content.decode()
    assert html.count('<table class="table matrix">') == 4
    assert '– nivå <span class="level">3</span>' in html
