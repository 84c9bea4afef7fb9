"""Forms of the classification pages. Business rules stay in the services; these parse input
and give field errors in Swedish."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from isms.forms import (
    FilterForm,
    LabelModelChoiceField,
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
)
from isms.locking import VersionMixin
from isms.validators import ControlCharacterFormMixin
from nämnder.models import OrganisationUnit

from . import handover, selectors
from .models import (
    InformationAsset,
    ITService,
    ITServiceKind,
    PersonalData,
    PlanStatus,
    ServiceRequirement,
    UnitRequirement,
)
from .services import ASSET_FIELDS, IT_SERVICE_FIELDS, PLAN_ITEM_FIELDS, evidence

SECURITY_PROTECTION_EDIT_HELP = _(
    "Hanteras enligt säkerhetsskyddslagen utanför portalen. Då registreras bara namn, enhet och "
    "en notering – töm de andra uppgifterna och ta bort kopplingarna till it-tjänster. Observera: "
    "när markeringen sparas tas informationsmängdens tidigare uppgifter (beskrivning, process, "
    "ansvarig, personuppgifter, sekretess, bevarande, kopplingar till it-tjänster och borttagna "
    "klassningar) bort permanent, även ur historiken. Det går inte att ångra. Historiken visar "
    "fortfarande vem som ändrade och när."
)


class AssetForm(VersionMixin, forms.ModelForm):
    it_services = SafeModelMultipleChoiceField(
        label=_("It-tjänster som hanterar informationen"), required=False,
        queryset=ITService.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("It-tjänster som informationsmängdens enhet äger eller använder."),
    )

    class Meta:
        model = InformationAsset
        fields = ("unit", *ASSET_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "security_protection_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self._init_version()
            self.fields["security_protection"].help_text = SECURITY_PROTECTION_EDIT_HELP
            choices = selectors.it_service_choices(user=user, units=[self.instance.unit])
            linked = set(self.instance.it_services.all())
            # Earlier links outside the unit's services stay; the user cannot add new ones.
            self._kept_links = linked - set(choices)
            if not self.is_bound:
                self.initial["it_services"] = [s.pk for s in linked & set(choices)]
        else:
            self._kept_links = set()
            units = selectors.units_for_new_records(user=user)
            self.fields["unit"].queryset = units
            self.fields["unit"].empty_label = None
            # The unit is chosen in the same form: offer the services of the units the user
            # may register in; the service checks them against the chosen unit.
            choices = selectors.it_service_choices(user=user, units=units)
        self.fields["it_services"].queryset = choices

    def clean_it_services(self):
        return [*self.cleaned_data.get("it_services", []), *self._kept_links]


class ITServiceForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = ITService
        fields = ("unit", *IT_SERVICE_FIELDS, "user_units")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "user_units": forms.CheckboxSelectMultiple,
        }
        field_classes = {"user_units": SafeModelMultipleChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user_units"].queryset = OrganisationUnit.objects.operational().order_by("name")
        self.fields["user_units"].help_text = _(
            "En it-tjänst som används av fler än hälften av nämnderna och bolagen prioriteras."
        )
        self.fields["owner"].queryset = handover.owner_choices()
        self.fields["owner"].empty_label = _("Ingen vald")
        self.fields["owner"].label_from_instance = person_label
        if self.instance.pk:
            del self.fields["unit"]
            self._init_version()
        else:
            self.fields["unit"].queryset = selectors.units_for_new_records(user=user)
            self.fields["unit"].empty_label = None


def person_label(user) -> str:
    """A person in a choice list: full name and user name (names are not unique)."""
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class HttpsURLField(forms.URLField):
    """A link typed without a scheme is taken as https://."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


PLAN_ITEM_WIDGETS = {
    "motivation": forms.Textarea(attrs={"rows": 3}),
    "evidence_note": forms.Textarea(attrs={"rows": 3}),
    "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}


class ServicePlanItemForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = ServiceRequirement
        fields = PLAN_ITEM_FIELDS
        widgets = PLAN_ITEM_WIDGETS
        field_classes = {"evidence_link": HttpsURLField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version()
        self.fields["responsible_user"].queryset = handover.responsible_user_choices(
            item=self.instance
        )
        self.fields["responsible_user"].empty_label = _("Ingen vald")
        self.fields["responsible_user"].label_from_instance = person_label
        upload = self.fields["evidence_file"]
        upload.help_text = evidence.help_text()
        upload.widget.attrs["accept"] = ",".join(f".{t}" for t in evidence.allowed_types())
        self.fields["evidence_note"].help_text = _(
            "Krävs underlag när kravet är uppfyllt: en anteckning, en länk eller en fil."
        )


class UnitPlanItemForm(ServicePlanItemForm):
    class Meta(ServicePlanItemForm.Meta):
        model = UnitRequirement


def plan_item_form(item, data=None, files=None):
    form_class = UnitPlanItemForm if isinstance(item, UnitRequirement) else ServicePlanItemForm
    return form_class(data, files, instance=item)


# --- Filters (GET) -----------------------------------------------------------------------------

SORT_CHOICES = [
    ("namn", _("Namn (A–Ö)")), ("-namn", _("Namn (Ö–A)")), ("enhet", _("Enhet")),
    ("oversyn", _("Översyn, tidigast först")), ("-oversyn", _("Översyn, senast först")),
    ("profil", _("Profil")),
]


class AssetFilterForm(ControlCharacterFormMixin, FilterForm):
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    unit = LabelModelChoiceField(
        label=_("Enhet"), required=False, queryset=OrganisationUnit.objects.none(),
        empty_label=_("Alla"),
    )
    status = forms.ChoiceField(label=_("Klassning"), required=False, choices=[
        ("", _("Alla")), ("none", _("Ej klassad")), ("draft", _("Utkast")),
        ("submitted", _("Inskickad")), ("approved", _("Fastställd")),
        ("security_protection", _("Säkerhetsskydd")),
    ])
    review = forms.ChoiceField(label=_("Översyn"), required=False, choices=[
        ("", _("Alla")), ("overdue", _("Försenad översyn")), ("missing", _("Saknar fastställd")),
    ])
    personal_data = forms.ChoiceField(
        label=_("Personuppgifter"), required=False, choices=[("", _("Alla")), *PersonalData.choices]
    )
    sort = forms.ChoiceField(label=_("Sortera"), required=False, choices=SORT_CHOICES)
    # The assets of one IT service (the link "all N" on the service's page); a service the user
    # may not see is not a valid choice, so the filter is ignored.
    it_service = SafeModelChoiceField(
        label=_("It-tjänst"), required=False, queryset=ITService.objects.none(),
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from nämnder import access

        from .selectors.services import _visible_services

        self.fields["unit"].queryset = access.visible_units(user).order_by("name")
        self.fields["it_service"].queryset = _visible_services(user)



class PlanFilterForm(ControlCharacterFormMixin, FilterForm):
    q = forms.CharField(label=_("Sök krav"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla")), *PlanStatus.choices]
    )
    aspect = forms.ChoiceField(label=_("Aspekt"), required=False)
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = [("", _("Alla"))] + [(a.code, a.name) for a in aspects]



class ServiceFilterForm(ControlCharacterFormMixin, FilterForm):
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("Alla")), *ITServiceKind.choices]
    )
    prioritised = forms.BooleanField(label=_("Bara prioriterade"), required=False)

