"""The classification form's cells written in Python (``klassning.classification_cells``) are the
HTML the form's template wrote for them, with data, initial values and errors; the cell fields
shared between requests carry nothing from one form to the next."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from klassning.classification_forms import ClassificationForm
from klassning.models import ConsequenceCategory
from tests.klassning_helpers import draft, make_asset

pytestmark = pytest.mark.django_db

# The loop the form's template had for each aspect's cells, as it was.
TEMPLATE = Template("""{% load i18n %}{% translate "Nivå" as l_level %}{% translate "Ej relevant" as l_not_relevant %}{% translate "Motivering" as l_motivation %}{% for block in layout %}<output for="{% for row in block.rows %}{{ row.level.id_for_label }} {% endfor %}">
    {% for row in block.rows %}
    <fieldset class="cell{% if row.level.errors or row.motivation.errors %} has-error{% endif %}">
      <legend>{{ row.category.name }}<span class="visually-hidden"> – {{ block.aspect.name }}</span></legend>
      {% if row.category.guidance %}<p class="help">{{ row.category.guidance }}</p>{% endif %}
      <div class="cell-fields">
        <div class="cell-level">
          <label for="{{ row.level.id_for_label }}"><span aria-hidden="true">{{ l_level }}</span><span class="visually-hidden">{{ row.level.label }}</span></label>
          {% if row.level.errors %}<div id="{{ row.level.auto_id }}_error">{% for e in row.level.errors %}<p class="field-error">{{ e }}</p>{% endfor %}</div>{% endif %}
          {{ row.level }}
          <div class="not-relevant-box">{{ row.not_relevant }} <label for="{{ row.not_relevant.id_for_label }}"><span aria-hidden="true">{{ l_not_relevant }}</span><span class="visually-hidden">{{ row.not_relevant.label }}</span></label></div>
        </div>
        <div class="cell-motivation">
          <label for="{{ row.motivation.id_for_label }}"><span aria-hidden="true">{{ l_motivation }}</span><span class="visually-hidden">{{ row.motivation.label }}</span></label>
          {% if row.motivation.errors %}<div id="{{ row.motivation.auto_id }}_error">{% for e in row.motivation.errors %}<p class="field-error">{{ e }}</p>{% endfor %}</div>{% endif %}
          {{ row.motivation }}
        </div>
      </div>
      <details class="criteria">
        <summary>{% blocktranslate with c=row.category.name %}Vad nivåerna betyder för {{ c }}{% endblocktranslate %}</summary>
        <dl id="criteria-{{ row.key }}">
          {% for c in row.criteria %}<dt>{{ c.value }} – {{ c.name }}</dt><dd>{{ c.text|default:"–" }}</dd>{% endfor %}
        </dl>
      </details>
    </fieldset>
    {% endfor %}{% endfor %}""")


def template_rows(form):
    return [{
        "aspect": aspect,
        "rows": [{
            "key": form._key(aspect, category), "category": category,
            "level": form[f"{form._key(aspect, category)}-level"],
            "not_relevant": form[f"{form._key(aspect, category)}-not_relevant"],
            "motivation": form[f"{form._key(aspect, category)}-motivation"],
            "criteria": form.criteria.get(category.pk, []),
        } for category in form.categories],
    } for aspect in form.aspects]


def written(layout):
    return "".join(f'<output for="{b["output_for"]}">\n    {b["cells"]}' for b in layout)


@pytest.mark.parametrize("data", [
    None,
    {"K-ekonomi-level": "9", "R-ekonomi-not_relevant": "on", "R-ekonomi-level": "3",
     "T-ekonomi-motivation": '<b>Skäl</b> & "mer"', "S-ekonomi-motivation": "x" * 4001,
     "K-miljo-motivation": "styr\x01tecken", "K-miljo-not_relevant": "on",
     "S-miljo-level": "", "T-miljo-level": "4"},
    {"action": "preview", "K-ekonomi-level": "2"},  # every other cell lacks a level
])
def test_cells_are_written_as_the_template_wrote_them(data, official, farsta):
    classification = draft(
        make_asset(farsta, official), official, {"K": 3, "R": 2, "T": 2, "S": 1}
    )
    category = ConsequenceCategory.objects.get(code="ekonomi")
    category.name = 'Ekonomi & "pengar" <b>'
    category.save()
    if data is not None:
        data = {"version": classification.version, **data}
    form = ClassificationForm(data, classification=classification)
    if data is not None:
        assert not form.is_valid()
    layout = form.layout()  # the errors described (aria-describedby) first
    expected = TEMPLATE.render(Context({"layout": template_rows(form)}))
    assert written(layout) == expected
    assert "Ekonomi &amp; &quot;pengar&quot; &lt;b&gt;" in expected


def test_shared_cell_fields_keep_no_error_between_forms(client_for, official, farsta):
    """A form with errors points its fields at their errors; the next form does not."""
    client = client_for(official)
    classification = draft(make_asset(farsta, official), official, {"K": 1, "R": 1, "T": 1, "S": 1})
    url = reverse("klassning:classification_edit", args=[classification.pk])
    page = client.post(url, {
        "version": classification.version, "action": "save", "K-ekonomi-level": "9",
        "K-miljo-motivation": "styr\x01tecken",
    }).content.decode()
    assert 'aria-describedby="criteria-K-ekonomi id_K-ekonomi-level_error"' in page
    assert page.count("otillåtna styrtecken") == 2  # the summary and the field, once each
    page = client.get(url).content.decode()
    assert "_error" not in page
    assert 'aria-describedby="criteria-K-ekonomi" id="id_K-ekonomi-level"' in page
    # The same error again is described once, not twice.
    page = client.post(url, {
        "version": classification.version, "action": "save", "K-miljo-motivation": "a\x01",
    }).content.decode()
    assert page.count("otillåtna styrtecken") == 2
    assert 'aria-describedby="id_K-miljo-motivation_error"' in page


def test_renamed_reference_data_shows_at_once(client_for, official, farsta):
    client = client_for(official)
    classification = draft(make_asset(farsta, official), official, {"K": 1, "R": 1, "T": 1, "S": 1})
    url = reverse("klassning:classification_edit", args=[classification.pk])
    assert "Nivå: Konfidentialitet, Ekonomi" in client.get(url).content.decode()
    ConsequenceCategory.objects.filter(code="ekonomi").update(name="Pengar")
    page = client.get(url).content.decode()
    assert "Nivå: Konfidentialitet, Pengar" in page
    assert "Nivå: Konfidentialitet, Ekonomi" not in page
