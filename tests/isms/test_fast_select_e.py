"""``isms.widgets.FastSelect`` writes the markup Django's ``Select`` writes (options, groups,
selection, attributes, escaping), only without a template per option."""

import re

import pytest
from django import forms

from isms.widgets import FastSelect, FastSelectsMixin

CHOICES = [("", "Alla"), (1, "A & <b>"), (2, 'Q"x'), ("Grupp", [(3, "c"), (4, "d")])]


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "2", "3", "nonsense"])
@pytest.mark.parametrize("required", [False, True])
def test_fast_select_renders_what_select_renders(value, required):
    class Plain(forms.Form):
        f = forms.ChoiceField(choices=CHOICES, required=required,
                              widget=forms.Select(attrs={"class": "x"}))

    class Fast(forms.Form):
        f = forms.ChoiceField(choices=CHOICES, required=required,
                              widget=FastSelect(attrs={"class": "x"}))

    data = None if value is None else {"f": value}
    plain, fast = Plain(data), Fast(data)
    if data is not None:
        plain.is_valid(), fast.is_valid()
    assert _same(str(fast["f"])) == _same(str(plain["f"]))


def test_the_mixin_swaps_plain_selects_only():
    class Filter(FastSelectsMixin, forms.Form):
        a = forms.ChoiceField(choices=CHOICES, required=False)
        b = forms.MultipleChoiceField(choices=[(1, "x")], required=False)
        c = forms.BooleanField(required=False)

    form = Filter({"a": "2"})
    assert type(form.fields["a"].widget) is FastSelect
    assert type(form.fields["b"].widget) is forms.SelectMultiple
    assert '<option value="2" selected>Q&quot;x</option>' in str(form["a"])
