"""Forms of the personal-data pages: picking a person, confirming a pseudonymisation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from isms.forms import FilterForm
from isms.validators import ControlCharacterFormMixin
from isms.widgets import FastSelectsMixin


class PeopleFilterForm(FastSelectsMixin, ControlCharacterFormMixin, FilterForm):
    q = forms.CharField(
        label=_("Sök på användarnamn, namn eller e-post"), required=False, max_length=100
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Alla")), ("aktiva", _("Aktiva konton")), ("inaktiva", _("Inaktiva konton")),
        ("pseudonymiserade", _("Pseudonymiserade")),
    ])


class PseudonymiseForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("Jag bekräftar att personen har slutat och ska pseudonymiseras. Det kan inte "
                "ångras."),
        error_messages={"required": _("Bekräfta pseudonymiseringen.")},
    )
