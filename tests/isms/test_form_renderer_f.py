"""The portal's form renderer (``isms.form_renderer.FastTemplates``) writes exactly the HTML
Django's templates write, for every widget it renders in Python, and is the one the forms use."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from isms.form_renderer import FastTemplates
from nämnder.models import OrganisationUnit

CHOICES = [("", "Alla"), ("1", "1 – Låg <b>"), ("2", "2 – Måttlig & \"hög\""), (3, 3)]


class Everything(forms.Form):
    level = forms.TypedChoiceField(
        choices=CHOICES, coerce=int, required=False,
        widget=forms.Select(attrs={"data-x": "K<", "class": "level", "aria-describedby": "c-1",
                                   "hidden": True, "off": False, "none": None}),
    )
    grouped = forms.ChoiceField(
        choices=[("Grupp <1>", [("a", "A"), ("b", "B")]), ("c", gettext_lazy("Alla"))],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    unit = forms.ModelChoiceField(queryset=OrganisationUnit.objects.order_by("name"),
                                  required=False, empty_label="Alla enheter")
    q = forms.CharField(required=False, max_length=100, label="Sök")
    number = forms.IntegerField(required=False, min_value=0)
    amount = forms.DecimalField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"},
                                                                 format="%Y-%m-%d"))
    email = forms.EmailField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    overdue = forms.BooleanField(required=False, label="Bara försenade")
    text = forms.CharField(required=True, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Motivera.")
    upload = forms.FileField(required=False)


@pytest.fixture
def units(db):
    OrganisationUnit.objects.create(name="Farsta <stadsdel>", short_name="farsta-t")
    OrganisationUnit.objects.create(name="Älvsjö & Co", short_name="alvsjo-t")


@pytest.mark.parametrize("data", [
    None,
    {"level": "2", "grouped": "b", "many": ["1", "2"], "q": "<script>&\"'", "number": "7",
     "amount": "1.5", "day": "2026-01-31", "email": "a@b.se", "secret": "x<", "version": "3",
     "overdue": "on", "text": "Skäl <b>&\"'"},
    {"level": "9", "grouped": "x", "number": "abc", "day": "nej", "text": "", "unit": "999"},
    {"level": "", "text": "\nRad ett\nrad två", "q": mark_safe("<i>säker</i>")},  # noqa: S308
])
def test_fast_renderer_writes_what_django_templates_write(units, data):
    initial = {"level": "1", "text": "Förifylld", "overdue": True, "amount": Decimal("2.50"),
               "day": dt.date(2026, 2, 1), "number": 1234567}
    django_form = Everything(data, initial=initial, renderer=DjangoTemplates())
    fast_form = Everything(data, initial=initial, renderer=FastTemplates())
    if data is not None:
        django_form.is_valid()
        fast_form.is_valid()
    for name in Everything.base_fields:
        assert str(fast_form[name]) == str(django_form[name]), name
    # The whole form (its own layout template, the labels, errors) as well.
    assert str(fast_form) == str(django_form)


def test_the_forms_use_the_fast_renderer():
    assert isinstance(get_default_renderer(), FastTemplates)
    assert isinstance(Everything().renderer or get_default_renderer(), FastTemplates)
