"""``LabelModelChoiceField`` (a filter's units): the same <select> as Django's
``ModelChoiceField``, read in one plain query without a model per option; the chosen value
is still a whole object."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isms.forms import LabelModelChoiceField
from nämnder.models import OrganisationUnit

pytestmark = pytest.mark.django_db


class Both(forms.Form):
    plain = forms.ModelChoiceField(queryset=OrganisationUnit.objects.none(), required=False,
                                   empty_label="Alla")
    light = LabelModelChoiceField(queryset=OrganisationUnit.objects.none(), required=False,
                                  empty_label="Alla")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("plain", "light"):
            self.fields[name].queryset = OrganisationUnit.objects.order_by("name")


@pytest.mark.parametrize("chosen", [None, "second", "nonsense"])
def test_the_select_is_django_s(farsta, bromma, chosen):
    value = {"second": str(bromma.pk), "nonsense": "x"}.get(chosen)
    form = Both({"plain": value, "light": value} if chosen else None)
    form.is_valid()
    assert str(form["light"]).replace("light", "plain") == str(form["plain"])
    assert ("light" in form.errors) == ("plain" in form.errors)
    if chosen == "second":
        assert form.cleaned_data["light"] == bromma and form.cleaned_data["light"].kind


def test_the_options_are_one_query(farsta, bromma):
    form = Both()
    with CaptureQueriesContext(connection) as queries:
        html = str(form["light"])
    assert len(queries) == 1
    assert "DECLARE" not in queries[0]["sql"]  # no server-side cursor
    assert farsta.name in html and bromma.name in html
