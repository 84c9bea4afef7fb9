"""Forms of the personal-data pages (picking a person, confirming a pseudonymisation) and of
the chain's verification page (a break's review)."""

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


class BreakReviewForm(ControlCharacterFormMixin, forms.Form):
    """The security function's conclusion on a break in the audit trail's chain."""

    conclusion = forms.CharField(
        label=_("Utredningens slutsats"),
        help_text=_("Vad hände, vem hade skrivåtkomst till databasen, vad gjordes (t.ex. "
                    "incidentrapport, återställning från säkerhetskopia). Sparas i "
                    "granskningsloggen och visas i årsrapporten."),
        widget=forms.Textarea(attrs={"rows": 6}), min_length=20, max_length=5000,
        error_messages={
            "required": _("Skriv utredningens slutsats."),
            "min_length": _("Skriv en slutsats på minst %(limit_value)d tecken."),
        },
    )
