"""Forms of the incident pages. Business rules stay in the services; these parse input and give
field errors in Swedish."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isms.forms import FilterForm, LabelModelChoiceField, SafeModelMultipleChoiceField
from isms.locking import VersionMixin
from isms.validators import MULTI_LINE, ONE_LINE, ControlCharacterFormMixin
from isms.widgets import FastSelectsMixin
from nämnder import access
from nämnder.models import OrganisationUnit

from . import selectors
from .models import (
    ActionStatus,
    Incident,
    IncidentAction,
    IncidentCategory,
    IncidentObligation,
    IncidentStatus,
)
from .services import ACTION_FIELDS, INCIDENT_FIELDS, OBLIGATION_FIELDS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


def person_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class QuickReportForm(forms.ModelForm):
    """What a member of staff can fill in under a minute."""

    class Meta:
        model = Incident
        fields = ("unit", "description", "discovered_at", "contact")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "discovered_at": LocalDateTimeInput(),
        }
        labels = {"unit": _("Var hände det (nämnd/bolag)")}
        help_texts = {
            "description": _("Vad hände? Skriv kort vad du såg, vilka system eller uppgifter det "
                             "gäller och vad du redan har gjort."),
            "discovered_at": _("När upptäcktes det? Fristerna för anmälan till myndigheter "
                               "(t.ex. 72 timmar) räknas från denna tidpunkt."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = selectors.units_for_quick_report(user=user)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        if not self.is_bound:
            self.initial.setdefault("discovered_at", timezone.localtime().replace(
                second=0, microsecond=0).strftime(DATETIME_FORMAT))
            contact = user.email or ""
            self.initial.setdefault("contact", contact)


class IncidentForm(VersionMixin, forms.ModelForm):
    assets = SafeModelMultipleChoiceField(
        label=_("Berörda informationsmängder"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    it_services = SafeModelMultipleChoiceField(
        label=_("Berörda it-tjänster"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    suppliers = SafeModelMultipleChoiceField(
        label=_("Berörda leverantörer"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Incident
        fields = INCIDENT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "root_cause": forms.Textarea(attrs={"rows": 3}),
            "lessons_learned": forms.Textarea(attrs={"rows": 3}),
            "consequences": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 2}),
            "occurred_at": LocalDateTimeInput(),
            "discovered_at": LocalDateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from klassning import selectors as klassning
        from klassning.models import InformationAsset
        from leverantorer.models import Supplier

        incident = self.instance
        self._init_version()
        self.fields["status"].choices = [
            c for c in IncidentStatus.choices if c[0] != IncidentStatus.CLOSED]
        self.fields["category"].queryset = IncidentCategory.objects.filter(is_active=True) | \
            IncidentCategory.objects.filter(pk=incident.category_id or 0)
        self.fields["handler"].queryset = selectors.handler_choices(unit=incident.unit)
        self.fields["handler"].label_from_instance = person_label
        self.fields["handler"].empty_label = _("Ingen vald")
        self.fields["assets"].queryset = InformationAsset.objects.filter(
            unit=incident.unit, security_protection=False).order_by("name")
        self.fields["it_services"].queryset = klassning.services_of_units(
            units=[incident.unit_id]).order_by("name")
        self.fields["suppliers"].queryset = Supplier.objects.filter(is_active=True) | \
            Supplier.objects.filter(pk__in=incident.suppliers.values("pk"))
        if not self.is_bound:
            self.initial["assets"] = list(incident.assets.values_list("pk", flat=True))
            self.initial["it_services"] = list(incident.it_services.values_list("pk", flat=True))
            self.initial["suppliers"] = list(incident.suppliers.values_list("pk", flat=True))


class ObligationForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = IncidentObligation
        fields = OBLIGATION_FIELDS
        widgets = {
            "applies": forms.RadioSelect,
            "motivation": forms.Textarea(attrs={"rows": 2}),
            "late_reason": forms.Textarea(attrs={"rows": 2}),
            "sent_at": LocalDateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version()


class ActionForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = IncidentAction
        fields = ACTION_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "motivation": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self._init_version()
        self.fields["status"].choices = ActionStatus.choices


class TimelineForm(ControlCharacterFormMixin, forms.Form):
    at = forms.DateTimeField(label=_("Tidpunkt"), widget=LocalDateTimeInput())
    text = forms.CharField(label=_("Vad hände"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=2000, validators=MULTI_LINE)


class GrantForm(ControlCharacterFormMixin, forms.Form):
    username = forms.CharField(label=_("Användarnamn"), max_length=150, validators=ONE_LINE)


# --- Filters (GET) -----------------------------------------------------------------------------

class IncidentFilterForm(FastSelectsMixin, ControlCharacterFormMixin, FilterForm):
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla")), *IncidentStatus.choices])
    # Options read as (id, name) in one plain query (``LabelModelChoiceField``).
    category = LabelModelChoiceField(
        label=_("Kategori"), required=False, queryset=IncidentCategory.objects.all(),
        empty_label=_("Alla"),
    )
    unit = LabelModelChoiceField(
        label=_("Enhet"), required=False, queryset=OrganisationUnit.objects.none(),
        empty_label=_("Alla"),
    )
    open_obligations = forms.BooleanField(label=_("Med anmälningar kvar att göra"),
                                          required=False)
    overdue = forms.BooleanField(label=_("Bara passerade frister"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.visible_units(user).order_by("name")


class DeadlineFilterForm(FastSelectsMixin, FilterForm):
    unit = LabelModelChoiceField(
        label=_("Enhet"), required=False, queryset=OrganisationUnit.objects.none(),
        empty_label=_("Alla mina enheter"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.visible_units(user).order_by("name")
