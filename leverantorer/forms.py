"""Forms of the supplier pages: they parse input and give field errors in Swedish; the rules
(organisation number, duplicates, the agreement's date and place) live in the services, whose
errors the views put back on the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from isms.converters import is_id
from isms.forms import FilterForm
from isms.locking import VersionMixin
from isms.validators import ControlCharacterFormMixin
from isms.widgets import FastSelectsMixin

from . import orgnr
from .models import Supplier
from .selectors import DpaFilter
from .services import SUPPLIER_FIELDS


class SupplierForm(ControlCharacterFormMixin, VersionMixin, forms.ModelForm):
    # Room for the twelve-digit form with its dash; stored as NNNNNN-NNNN.
    org_number = forms.CharField(
        label=_("Organisationsnummer"), required=False, max_length=20,
        help_text=_(
            "10 siffror, t.ex. 556016-0680. Enskild firma: personnumret (12 siffror går också "
            "bra, t.ex. 19121212-1212)."
        ),
    )

    class Meta:
        model = Supplier
        fields = SUPPLIER_FIELDS
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "dpa_signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "dpa_in_place": _(
                "Krävs när leverantören behandlar personuppgifter för stadens räkning "
                "(artikel 28 i dataskyddsförordningen). Ange då datum och var avtalet förvaras."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Namn")
        if self.instance.pk:
            self._init_version()
        else:
            del self.fields["is_active"]

    def clean_org_number(self):
        return orgnr.normalise(self.cleaned_data.get("org_number", ""))

    def _post_clean(self):
        """No model validation here: the services validate (``full_clean`` and the register's
        rules) and their field errors come back on this form."""


class SupplierFilterForm(FastSelectsMixin, ControlCharacterFormMixin, FilterForm):
    q = forms.CharField(
        label=_("Sök på namn eller organisationsnummer"), required=False, max_length=100
    )
    dpa = forms.ChoiceField(label=_("Personuppgiftsbiträdesavtal"), required=False, choices=[
        ("", _("Alla")),
        (DpaFilter.MISSING_NEEDED, _("Saknas, men it-tjänst med personuppgifter")),
        (DpaFilter.MISSING, _("Saknas")),
        (DpaFilter.IN_PLACE, _("Finns")),
    ])
    active = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Alla")), ("aktiva", _("Aktiva")), ("inaktiva", _("Inaktiva")),
    ])


class ServiceSearchForm(ControlCharacterFormMixin, FilterForm):
    q = forms.CharField(label=_("Sök it-tjänst"), required=False, max_length=100)


class _IdChoiceField(forms.ModelChoiceField):
    """Refuses a value that cannot be an id before querying (a huge number would overflow in the
    database: a 500)."""

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class LinkServiceForm(forms.Form):
    """One IT service to link, from the ones the person may link (a queryset)."""

    it_service = _IdChoiceField(
        label=_("It-tjänst"), queryset=None,
        error_messages={
            "required": _("Välj en it-tjänst att koppla."),
            "invalid_choice": _(
                "Välj en it-tjänst som du får ändra och som inte redan är kopplad."
            ),
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["it_service"].queryset = choices
