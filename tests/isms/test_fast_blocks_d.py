"""``{% field_block field %}`` writes what ``field.html`` writes: labels, required marks, help
texts, errors (escaped), fieldsets for grouped choices."""

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string

from isms.templatetags.fast_blocks import write_field


class _Form(forms.Form):
    name = forms.CharField(label="Namn <b>", max_length=5, help_text="Högst <5> tecken")
    kind = forms.ChoiceField(label="Typ", required=False, choices=[("a", "A & B"), ("b", "C")])
    flags = forms.MultipleChoiceField(
        label="Val", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("x", "X"), ("y", "Y")], help_text="Välj flera",
    )
    done = forms.BooleanField(label="Klar", required=False)
    count = forms.IntegerField(label="Antal")


@pytest.mark.parametrize("data", [None, {}, {"name": "för långt <namn>", "kind": "z",
                                             "flags": ["q"], "count": "x"}])
def test_the_same_markup_as_the_template(data):
    form = _Form(data)
    for field in form:
        assert write_field(field) == render_to_string("field.html", {"field": field}), field.name


def test_the_tag_in_a_template():
    form = _Form({"count": "x"})
    page = Template("{% load fast_blocks %}{% for f in form %}{% field_block f %}{% endfor %}"
                    ).render(Context({"form": form}))
    assert page == "".join(render_to_string("field.html", {"field": f}) for f in form)
    assert "field-error" in page and "&lt;b&gt;" in page


def test_the_history_table_as_the_template():
    import datetime as dt

    from django.contrib.auth.models import User
    from django.utils import timezone

    from isms.history import Change, HistoryEntry
    from isms.templatetags.fast_blocks import write_history_table

    named, plain = User(username="a<b", first_name="Åsa", last_name="Ek"), User(username="c&d")
    when = timezone.make_aware(dt.datetime(2026, 3, 29, 1, 30))
    entries = [
        HistoryEntry(date=when, user=named, action="Ändrad", object_type="Risk",
                     object_label="<x>", changes=[Change("Titel", "", "Ny & fin"),
                                                  Change("Nivå", "1", "2")], reason="Därför <"),
        HistoryEntry(date=when + dt.timedelta(hours=5), user=plain, action="Skapad",
                     object_type="Åtgärd", object_label="y"),
        HistoryEntry(date=when, user=None, action="Kopplad", object_type="Risk",
                     object_label="z", changes=[Change("It-tjänster", "a", "–")]),
    ]
    for shown in (entries, []):
        assert write_history_table(shown) == render_to_string(
            "history_table.html", {"entries": shown})
