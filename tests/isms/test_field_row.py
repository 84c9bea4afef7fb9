"""``templates/field.html`` writes a field by ``{% field_row %}`` (isms.templatetags.field_tags):
the same HTML as the template it replaced (kept here as the reference) for fields of every kind
a form of the portal has: required or not, help text (plain and marked safe), errors, a
fieldset (radio buttons, checkboxes), a hidden initial value, text that needs escaping."""

from __future__ import annotations

import pytest
from django import forms
from django.template import engines
from django.utils.safestring import mark_safe

REFERENCE = """{% if field.use_fieldset %}<fieldset class="field{% if field.errors %} has-error{% endif %}"{% if field.aria_describedby %} aria-describedby="{{ field.aria_describedby }}"{% endif %}>
  <legend>{{ field.label }}{% if field.field.required %} <span class="required" aria-hidden="true">*</span>{% endif %}</legend>
{% else %}<div class="field{% if field.errors %} has-error{% endif %}">
  <label for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %} <span class="required" aria-hidden="true">*</span>{% endif %}</label>
{% endif %}
  {% if field.help_text %}<p class="help" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</p>{% endif %}
  {% for error in field.errors %}<p class="field-error" id="{{ field.auto_id }}_error">{{ error }}</p>{% endfor %}
  {{ field }}
{% if field.use_fieldset %}</fieldset>{% else %}</div>{% endif %}
"""


class Everything(forms.Form):
    name = forms.CharField(label="Namn <b> & \"citat\"", help_text="Skriv <i>hela</i> namnet",
                           max_length=5)
    optional = forms.CharField(required=False)
    choice = forms.ChoiceField(choices=[("a", "A & a"), ("b", "<B>")], required=False)
    radios = forms.ChoiceField(choices=[("1", "Ett"), ("2", "Två")], widget=forms.RadioSelect,
                               help_text=mark_safe("<strong>Välj</strong> ett"))
    boxes = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")],
                                      widget=forms.CheckboxSelectMultiple, required=False)
    date = forms.DateField(required=False, show_hidden_initial=True)
    flag = forms.BooleanField(required=False, label=mark_safe("Säker <em>etikett</em>"))

    def clean(self):
        raise forms.ValidationError("Fel <på> formuläret")


def _both(form):
    old = engines["django"].from_string(REFERENCE)
    new = engines["django"].from_string('{% include "field.html" with field=field %}')
    for field in [*form.visible_fields(), *form.hidden_fields()]:
        yield field.name, old.render({"field": field}), new.render({"field": field})


@pytest.mark.parametrize("data", [None, {"name": "för långt namn <x>", "radios": "9",
                                         "date": "inte ett datum", "boxes": ["z"]}])
def test_same_html_as_the_template(data):
    form = Everything(data, initial={"date": "2026-01-01"})
    if data:
        assert not form.is_valid()
    for name, old, new in _both(form):
        assert new == old, name


def test_errors_and_escaping_are_shown():
    form = Everything({"name": "för långt namn", "radios": "9"})
    html = "".join(new for _, _, new in _both(form))
    assert 'class="field has-error"' in html and 'class="field-error"' in html
    assert "Namn &lt;b&gt; &amp; &quot;citat&quot;" in html
    assert "<strong>Välj</strong> ett" in html and "Skriv &lt;i&gt;hela&lt;/i&gt; namnet" in html
    assert "<fieldset" in html and "<legend>" in html
