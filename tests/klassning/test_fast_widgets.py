"""The classification form's Python-rendered widgets write exactly what Django's templates do."""

import pytest
from django import forms

from klassning.widgets import FastCheckboxInput, FastSelect, FastTextarea

CHOICES = [("", "Välj nivå"), ("1", "1 – Låg <b>"), ("2", "2 – Måttlig & \"hög\"")]


class Django(forms.Form):
    level = forms.TypedChoiceField(
        choices=CHOICES, coerce=int, required=False,
        widget=forms.Select(attrs={"data-aspect": "K", "class": "level", "aria-describedby": "c-1"}),
    )
    grouped = forms.ChoiceField(
        choices=[("Grupp <1>", [("a", "A"), ("b", "B")]), ("c", "C")], required=False,
        widget=forms.Select,
    )
    not_relevant = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"class": "not-relevant"})
    )
    motivation = forms.CharField(
        required=True, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Motivera.",
    )


class Fast(forms.Form):
    level = forms.TypedChoiceField(
        choices=CHOICES, coerce=int, required=False,
        widget=FastSelect(attrs={"data-aspect": "K", "class": "level", "aria-describedby": "c-1"}),
    )
    grouped = forms.ChoiceField(
        choices=[("Grupp <1>", [("a", "A"), ("b", "B")]), ("c", "C")], required=False,
        widget=FastSelect,
    )
    not_relevant = forms.BooleanField(
        required=False, widget=FastCheckboxInput(attrs={"class": "not-relevant"})
    )
    motivation = forms.CharField(
        required=True, max_length=4000, widget=FastTextarea(attrs={"rows": 2}),
        help_text="Motivera.",
    )


@pytest.mark.parametrize("data", [
    None,
    {"level": "2", "grouped": "b", "not_relevant": "on", "motivation": "Skäl <script>&\"'"},
    {"level": "9", "grouped": "x", "motivation": ""},  # invalid: errors, aria-invalid
    {"level": "", "motivation": "\nRad ett\nrad två"},
])
def test_fast_widgets_render_as_django_does(data):
    initial = {"level": "1", "motivation": "Förifylld", "not_relevant": True}
    django_form, fast_form = Django(data, initial=initial), Fast(data, initial=initial)
    if data is not None:
        django_form.is_valid()
        fast_form.is_valid()
    for name in Django.base_fields:
        assert str(fast_form[name]) == str(django_form[name]), name


@pytest.mark.django_db
@pytest.mark.parametrize("bound", [False, True])
def test_classification_form_fields_render_as_with_django_widgets(bound, official, chief, farsta):
    """Every field of the real form, with its data and errors: the same HTML as Django's own
    widget class would write."""
    import copy

    from klassning.classification_forms import ClassificationForm
    from tests.klassning_helpers import draft, make_asset

    classification = draft(make_asset(farsta, official), official, {"K": 3, "R": 2, "T": 2, "S": 1})
    data = None
    if bound:
        data = {"version": classification.version, "K-AVB-level": "9", "R-AVB-not_relevant": "on",
                "R-AVB-level": "3", "T-AVB-motivation": "<b>Skäl</b> & \"mer\""}
    form = ClassificationForm(data, classification=classification)
    if bound:
        form.is_valid()
    checked = 0
    for bf in form:
        widget = bf.field.widget
        if type(widget).__module__ != "klassning.widgets":
            continue
        plain = copy.copy(widget)
        plain.__class__ = type(widget).__mro__[1]
        assert str(bf) == bf.as_widget(widget=plain), bf.name
        checked += 1
    assert checked >= 3 * 4 * 5
