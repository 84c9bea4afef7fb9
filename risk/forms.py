"""Forms of the risk pages. The rules stay in the services; these parse input and give field
errors in Swedish. Scales come from the active matrix, so a value outside it is refused here
and again by the services."""

from __future__ import annotations

import functools

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from isms.converters import is_id
from isms.forms import (
    FilterForm,
    SafeModelMultipleChoiceField,
)
from isms.locking import VersionMixin
from isms.validators import ControlCharacterFormMixin
from isms.widgets import FastSelectsMixin
from klassning.forms import person_label
from klassning.models import (
    Aspect,
    InformationAsset,
    ITService,
    ServiceRequirement,
    UnitRequirement,
)
from leverantorer.models import Supplier
from nämnder.models import OrganisationUnit

from . import selectors
from .models import (
    ActionStatus,
    Risk,
    RiskAction,
    RiskAnalysis,
    RiskStatus,
)
from .selectors import CURRENT, RESIDUAL
from .services import ACTION_FIELDS, ANALYSIS_FIELDS, FORM_STATUSES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _scale_field(label, steps, *, required=True):
    choices = [(s.value, f"{s.value} – {s.name}") for s in steps]
    if not required:
        choices = [("", _("Ej bedömd"))] + choices
    return forms.TypedChoiceField(
        label=label, choices=choices, coerce=int, required=required, empty_value=None,
    )


def people_of(units):
    """People working in the units (the services check the risk's own unit)."""
    return (
        get_user_model().objects.filter(memberships__unit__in=units, is_active=True)
        .distinct().order_by("first_name", "last_name", "username")
    )


def _services_of(units):
    from klassning import selectors as klassning

    return klassning.services_of_units(units=units)


def requirement_label(item) -> str:
    owner = getattr(item, "it_service", None)
    prefix = f"{owner.name}: " if owner is not None else ""
    return f"{prefix}{item.requirement.code} {item.requirement.title}"


class RiskForm(VersionMixin, forms.ModelForm):
    aspects = SafeModelMultipleChoiceField(
        label=_("Påverkade aspekter"), required=False, queryset=Aspect.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    information_assets = SafeModelMultipleChoiceField(
        label=_("Berörda informationsmängder"), required=False,
        queryset=InformationAsset.objects.none(),
    )
    it_services = SafeModelMultipleChoiceField(
        label=_("Berörda it-tjänster"), required=False, queryset=ITService.objects.none(),
    )
    suppliers = SafeModelMultipleChoiceField(
        label=_("Berörda leverantörer"), required=False, queryset=Supplier.objects.none(),
    )
    cited_unit_requirements = SafeModelMultipleChoiceField(
        label=_("Krav i enhetens åtgärdsplan som skulle minska risken"), required=False,
        queryset=UnitRequirement.objects.none(),
    )
    cited_service_requirements = SafeModelMultipleChoiceField(
        label=_("Krav på it-tjänster som skulle minska risken"), required=False,
        queryset=ServiceRequirement.objects.none(),
    )

    class Meta:
        model = Risk
        fields = (
            "unit", "analysis", "title", "threat", "vulnerability", "consequence_description",
            "aspects", "information_assets", "it_services", "suppliers", "owner",
            "existing_controls", "inherent_likelihood", "inherent_consequence", "treatment",
            "treatment_motivation", "residual_likelihood", "residual_consequence", "status",
            "next_follow_up", "in_internal_control_plan", "cited_unit_requirements",
            "cited_service_requirements",
        )
        widgets = {
            "threat": forms.Textarea(attrs={"rows": 2}),
            "vulnerability": forms.Textarea(attrs={"rows": 2}),
            "consequence_description": forms.Textarea(attrs={"rows": 2}),
            "existing_controls": forms.Textarea(attrs={"rows": 2}),
            "treatment_motivation": forms.Textarea(attrs={"rows": 2}),
            "next_follow_up": DATE,
        }

    def __init__(self, *args, user, matrix, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self._init_version()
            units = OrganisationUnit.objects.filter(pk=self.instance.unit_id)
            if self.instance.status not in FORM_STATUSES:
                del self.fields["status"]  # accepted or closed: decided with their own buttons
        else:
            units = selectors.units_for_new_records(user=user)
            self.fields["unit"].queryset = units
            self.fields["unit"].empty_label = None
        if "status" in self.fields:
            self.fields["status"].choices = [
                (s.value, s.label) for s in RiskStatus if s in FORM_STATUSES
            ]
        f = self.fields
        f["inherent_likelihood"] = _scale_field(_("Sannolikhet"), matrix.likelihood)
        f["inherent_consequence"] = _scale_field(_("Konsekvens"), matrix.consequence)
        f["residual_likelihood"] = _scale_field(
            _("Kvarstående sannolikhet (efter åtgärder)"), matrix.likelihood, required=False
        )
        f["residual_consequence"] = _scale_field(
            _("Kvarstående konsekvens (efter åtgärder)"), matrix.consequence, required=False
        )
        f["treatment"].help_text = _(
            "Acceptera, undvika och överföra kräver en motivering; reducera förklaras av "
            "åtgärderna."
        )
        f["analysis"].queryset = RiskAnalysis.objects.filter(unit__in=units).order_by(
            "-analysed_on"
        )
        f["analysis"].empty_label = _("Ingen")
        f["owner"].queryset = people_of(units)
        f["owner"].label_from_instance = person_label
        f["owner"].empty_label = _("Ingen vald")
        f["information_assets"].queryset = InformationAsset.objects.filter(
            unit__in=units, security_protection=False
        ).order_by("name")
        f["it_services"].queryset = ITService.objects.filter(
            pk__in=_services_of(units).values("pk")
        ).order_by("name")
        f["suppliers"].queryset = Supplier.objects.filter(is_active=True).order_by("name")
        f["cited_unit_requirements"].queryset = UnitRequirement.objects.filter(
            unit__in=units, is_current=True
        ).select_related("requirement")
        f["cited_unit_requirements"].label_from_instance = requirement_label
        f["cited_service_requirements"].queryset = ServiceRequirement.objects.filter(
            it_service__in=_services_of(units).values("pk"), is_current=True
        ).select_related("requirement", "it_service")
        f["cited_service_requirements"].label_from_instance = requirement_label


class RiskActionForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = RiskAction
        fields = ACTION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_date": DATE}

    def __init__(self, *args, risk, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self._init_version()
        units = [risk.unit]
        f = self.fields
        f["responsible"].queryset = people_of(units)
        f["responsible"].label_from_instance = person_label
        f["responsible"].empty_label = _("Ingen vald")
        f["fulfils_unit_requirement"].queryset = UnitRequirement.objects.filter(
            unit=risk.unit, is_current=True
        ).select_related("requirement")
        f["fulfils_unit_requirement"].label_from_instance = requirement_label
        f["fulfils_unit_requirement"].empty_label = _("Inget")
        f["fulfils_service_requirement"].queryset = ServiceRequirement.objects.filter(
            it_service__in=_services_of(units).values("pk"), is_current=True
        ).select_related("requirement", "it_service")
        f["fulfils_service_requirement"].label_from_instance = requirement_label
        f["fulfils_service_requirement"].empty_label = _("Inget")
        f["status"].choices = ActionStatus.choices


class DecisionForm(ControlCharacterFormMixin, forms.Form):
    """Accepting or closing a risk: a motivation and the version the page showed."""

    motivation = forms.CharField(
        label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AnalysisForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = RiskAnalysis
        fields = ("unit", *ANALYSIS_FIELDS)
        widgets = {
            "analysed_on": DATE,
            "scope_description": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self._init_version()
            units = OrganisationUnit.objects.filter(pk=self.instance.unit_id)
        else:
            units = selectors.units_for_new_records(user=user)
            self.fields["unit"].queryset = units
            self.fields["unit"].empty_label = None
        self.fields["it_service"].queryset = ITService.objects.filter(
            pk__in=_services_of(units).values("pk")
        ).order_by("name")
        self.fields["it_service"].empty_label = _("Ingen")
        self.fields["information_asset"].queryset = InformationAsset.objects.filter(
            unit__in=units, security_protection=False
        ).order_by("name")
        self.fields["information_asset"].empty_label = _("Ingen")


# --- Filters (GET) -----------------------------------------------------------------------------

def _options_of(options, name: str) -> list:
    return [("", _("Alla")), *options()[name]]


SORT_CHOICES = [
    ("niva", _("Nivå, högst först")), ("-niva", _("Nivå, lägst först")),
    ("rubrik", _("Rubrik (A–Ö)")), ("uppfoljning", _("Uppföljning, tidigast först")),
    ("enhet", _("Enhet")), ("status", _("Status")),
]


class _OptionField(forms.TypedChoiceField):
    """A filter's list of records (units, people) as ids: its options come from
    ``selectors.filter_options`` (the form's lists in one query, no model instance per option,
    no server-side cursor), and a chosen id is checked against them without another query.
    The error is a model choice's, as before."""

    default_error_messages = {
        "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"],
    }

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)


class RiskFilterForm(FastSelectsMixin, ControlCharacterFormMixin, FilterForm):
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    # Both lists read in one query (``selectors.filter_options``); the values are ids.
    unit = _OptionField(label=_("Enhet"), required=False)
    level = forms.ChoiceField(label=_("Nivå"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Alla")), (CURRENT, _("Alla utom stängda")), *RiskStatus.choices],
    )
    owner = _OptionField(label=_("Riskägare"), required=False)
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)
    internal_control = forms.BooleanField(label=_("Bara internkontrollplanen"), required=False)
    assessment = forms.ChoiceField(label=_("Bedömning"), required=False, choices=[
        ("", _("Inneboende")), (RESIDUAL, _("Kvarstående")),
    ])
    likelihood = forms.TypedChoiceField(
        label=_("Sannolikhet"), required=False, coerce=int, empty_value=None
    )
    consequence = forms.TypedChoiceField(
        label=_("Konsekvens"), required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label=_("Sortera"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, user, matrix, editable: bool = False, **kwargs):
        """``editable``: ``options()`` also holds the units a new risk may be registered in
        (read in the same query as the lists)."""
        super().__init__(*args, **kwargs)
        # The owners of the chosen unit's risks (a city-wide list of a thousand people is no
        # help once the unit is chosen, and cost more than the rest of the page).
        unit = self.data.get("unit") if self.is_bound else None
        self.options = options = functools.cache(lambda: selectors.filter_options(
            user=user, unit=int(unit) if unit and is_id(unit) else None, editable=editable,
        ))
        for name in ("unit", "owner"):
            self.fields[name].choices = functools.partial(_options_of, options, name)
        self.fields["level"].choices = [("", _("Alla"))] + [
            (str(lv.rank), lv.name) for lv in matrix.levels
        ]
        self.fields["likelihood"].choices = [("", _("Alla"))] + [
            (s.value, f"{s.value} – {s.name}") for s in matrix.likelihood
        ]
        self.fields["consequence"].choices = [("", _("Alla"))] + [
            (s.value, f"{s.value} – {s.name}") for s in matrix.consequence
        ]

