"""Forms of the management system's pages: they parse input and give Swedish field errors;
the rules stay in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from isms.dates import local_today
from isms.forms import FilterForm, LabelModelChoiceField, SafeModelMultipleChoiceField
from isms.locking import VersionMixin
from isms.validators import ControlCharacterFormMixin
from klassning.models import OPEN_PLAN_STATUSES, PlanStatus
from nämnder import access
from nämnder.models import OrganisationUnit

from .models import (
    AccessReview,
    ActionStatus,
    Applicability,
    Audit,
    AuditKind,
    Course,
    DocumentKind,
    DocumentScope,
    DocumentStatus,
    Finding,
    FindingAction,
    FindingStatus,
    Severity,
    SteeringDocument,
)
from .services import files

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _visible_units(user):
    return access.visible_units(user).order_by("name")


def writable_units(user):
    return access.units_for(user, access.EDIT_RECORDS).exclude(kind="city").order_by("name")


def may_create_records(user) -> bool:
    """Whether ``user`` may register a steering document or an audit (the forms' ``may_create``):
    the security function (city-wide ones too), or a role that edits records in some unit. For
    the lists' "Registrera" buttons, without building the form."""
    return access.is_city_security_function(user) or writable_units(user).exists()


def _year_choices():
    this = local_today().year
    return [(y, str(y)) for y in range(this, this - 6, -1)]


# --- Filters -----------------------------------------------------------------------------------

class UnitFilterMixin:
    def _units(self, user):
        self.fields["unit"].queryset = _visible_units(user)


class DocumentFilterForm(ControlCharacterFormMixin, UnitFilterMixin, FilterForm):
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    unit = LabelModelChoiceField(label=_("Enhet"), required=False,
                                 queryset=OrganisationUnit.objects.none(), empty_label=_("Alla"))
    scope = forms.ChoiceField(label=_("Omfattning"), required=False,
                              choices=[("", _("Alla")), *DocumentScope.choices])
    kind = LabelModelChoiceField(label=_("Typ"), required=False,
                                 queryset=DocumentKind.objects.none(), empty_label=_("Alla"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alla")), *DocumentStatus.choices])
    overdue = forms.BooleanField(label=_("Bara försenad översyn"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._units(user)
        self.fields["kind"].queryset = DocumentKind.objects.filter(is_active=True)


class CompletionFilterForm(ControlCharacterFormMixin, UnitFilterMixin, FilterForm):
    q = forms.CharField(label=_("Sök person"), required=False, max_length=100)
    unit = LabelModelChoiceField(label=_("Enhet"), required=False,
                                 queryset=OrganisationUnit.objects.none(), empty_label=_("Alla"))
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    course = LabelModelChoiceField(label=_("Kurs"), required=False,
                                   queryset=Course.objects.all(), empty_label=_("Alla"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._units(user)
        self.fields["year"].choices = [("", _("Alla")), *_year_choices()]


class YearForm(FilterForm):
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()


class AuditFilterForm(ControlCharacterFormMixin, UnitFilterMixin, FilterForm):
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    unit = LabelModelChoiceField(label=_("Enhet"), required=False,
                                 queryset=OrganisationUnit.objects.none(), empty_label=_("Alla"))
    kind = forms.ChoiceField(label=_("Typ"), required=False,
                             choices=[("", _("Alla")), *AuditKind.choices])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._units(user)


class FindingFilterForm(UnitFilterMixin, FilterForm):
    unit = LabelModelChoiceField(label=_("Enhet"), required=False,
                                 queryset=OrganisationUnit.objects.none(), empty_label=_("Alla"))
    severity = forms.ChoiceField(label=_("Allvarlighet"), required=False,
                                 choices=[("", _("Alla")), *Severity.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alla")), *FindingStatus.choices])
    overdue = forms.BooleanField(label=_("Bara med försenade åtgärder"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._units(user)


class AccessReviewFilterForm(UnitFilterMixin, FilterForm):
    unit = LabelModelChoiceField(label=_("Enhet"), required=False,
                                 queryset=OrganisationUnit.objects.none(), empty_label=_("Alla"))
    latest = forms.BooleanField(label=_("Bara senaste per it-tjänst"), required=False)
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._units(user)


# --- Steering documents ------------------------------------------------------------------------

class VersionFields(ControlCharacterFormMixin, forms.Form):
    decided_by = forms.CharField(label=_("Beslutat av"), required=False, max_length=200,
                                 help_text=_("T.ex. Farsta stadsdelsnämnd eller förvaltningschef."))
    decided_on = forms.DateField(label=_("Beslutsdatum"), required=False, widget=DATE)
    reference = forms.CharField(label=_("Diarienummer"), required=False, max_length=100)
    file = forms.FileField(label=_("Fil"), required=False)
    link = forms.URLField(label=_("Länk"), required=False, max_length=500, assume_scheme="https",
                          help_text=_("Länk till dokumentet, t.ex. i dokumenthanteringssystemet."))
    note = forms.CharField(label=_("Ändringar i versionen"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("Status"), choices=DocumentStatus.choices)
    next_review = forms.DateField(
        label=_("Nästa översyn"), required=False, widget=DATE,
        help_text=_("Tom: beslutsdatum plus typens intervall när dokumentet är beslutat."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = files.help_text()


class DocumentCreateForm(VersionFields):
    field_order = ("unit", "kind", "title", "owner")
    unit = LabelModelChoiceField(label=_("Enhet"), required=False,
                                 queryset=OrganisationUnit.objects.none())
    kind = LabelModelChoiceField(label=_("Typ"), queryset=DocumentKind.objects.none())
    title = forms.CharField(label=_("Titel"), max_length=300)
    owner = forms.CharField(label=_("Dokumentägare"), max_length=200,
                            help_text=_("Roll eller namn, t.ex. förvaltningschef."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.city = access.is_city_security_function(user)
        unit = self.fields["unit"]
        unit.queryset = writable_units(user)
        if self.city:
            unit.empty_label = _("Stadsövergripande (ingen enhet)")
        else:
            unit.required = True
            unit.empty_label = None
        kinds = DocumentKind.objects.filter(is_active=True)
        self.fields["kind"].queryset = kinds if self.city else kinds.filter(scope=DocumentScope.LOCAL)

    @property
    def may_create(self) -> bool:
        return self.city or self.fields["unit"].queryset.exists()


class DocumentEditForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = SteeringDocument
        fields = ("kind", "title", "owner", "status", "next_review")
        widgets = {"next_review": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version()
        self.fields["kind"].queryset = DocumentKind.objects.filter(
            is_active=True, scope=self.instance.kind.scope)


class NewVersionForm(VersionMixin, VersionFields):
    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version(document)
        if not self.is_bound:
            self.initial["status"] = document.status


# --- Training ----------------------------------------------------------------------------------

class CompletionForm(ControlCharacterFormMixin, forms.Form):
    unit = LabelModelChoiceField(label=_("Enhet"), queryset=OrganisationUnit.objects.none(),
                                 empty_label=None)
    person = forms.CharField(label=_("E-post eller användarnamn"), max_length=254)
    person_name = forms.CharField(label=_("Namn"), required=False, max_length=200)
    course = LabelModelChoiceField(label=_("Kurs"), queryset=Course.objects.filter(is_active=True),
                                   empty_label=None)
    completed_on = forms.DateField(label=_("Genomförd"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class ImportForm(forms.Form):
    unit = LabelModelChoiceField(label=_("Enhet"), queryset=OrganisationUnit.objects.none(),
                                 empty_label=None)
    file = forms.FileField(
        label=_("CSV-fil från lärplattformen"),
        help_text=_("Kolumner: e-post (eller användarnamn), namn (frivillig), kurs (kod eller "
                    "namn) och datum (ÅÅÅÅ-MM-DD). Semikolon eller komma."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class StaffCountForm(forms.Form):
    unit = LabelModelChoiceField(label=_("Enhet"), queryset=OrganisationUnit.objects.none(),
                                 empty_label=None)
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    count = forms.IntegerField(label=_("Antal medarbetare"), min_value=0, max_value=100_000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)
        self.fields["year"].choices = _year_choices()


class StaffImportForm(forms.Form):
    staff_file = forms.FileField(
        label=_("CSV-fil med antal medarbetare"),
        help_text=_("Kolumner: enhet (kortnamn eller namn), år och antal. Ett antal som redan "
                    "finns ersätts."),
    )


# --- Audits, findings, actions, access reviews -------------------------------------------------

class AuditForm(VersionMixin, forms.ModelForm):
    units = SafeModelMultipleChoiceField(
        label=_("Granskade enheter"), required=False, queryset=OrganisationUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("För en stadsövergripande granskning: de enheter den omfattar."),
    )

    class Meta:
        model = Audit
        fields = ("unit", "kind", "title", "auditor", "independent", "scope", "period_start",
                  "period_end")
        widgets = {"period_start": DATE, "period_end": DATE,
                   "scope": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.city = access.is_city_security_function(user)
        if self.instance.pk:
            del self.fields["unit"]
            self._init_version()
            if self.instance.unit_id is not None:
                del self.fields["units"]
            else:
                self.fields["units"].queryset = OrganisationUnit.objects.operational()
                self.initial.setdefault("units", list(self.instance.units.all()))
            return
        unit = self.fields["unit"]
        unit.queryset = writable_units(user)
        if self.city:
            unit.required = False
            unit.empty_label = _("Stadsövergripande (ingen enhet)")
            self.fields["units"].queryset = OrganisationUnit.objects.operational().order_by("name")
        else:
            unit.required = True
            unit.empty_label = None
            del self.fields["units"]

    @property
    def may_create(self) -> bool:
        return self.city or self.fields["unit"].queryset.exists()


class FindingForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ("unit", "title", "description", "severity", "reference", "status")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, audit, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self._init_version()
        else:
            self.fields["unit"].queryset = writable_units(user).filter(
                pk__in=audit.units.values("pk"))
            self.fields["unit"].empty_label = None


class ActionForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = FindingAction
        fields = ("description", "owner", "due_date", "status", "follow_up")
        widgets = {"due_date": DATE, "follow_up": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self._init_version()
        else:
            self.fields["status"].initial = ActionStatus.OPEN


class AccessReviewForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = AccessReview
        fields = ("performed_on", "performed_by", "accounts_reviewed", "deviations",
                  "deviation_note", "next_due")
        widgets = {"performed_on": DATE, "next_due": DATE,
                   "deviation_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self._init_version()


class StatementForm(ControlCharacterFormMixin, VersionMixin, forms.Form):
    applicability = forms.ChoiceField(label=_("Tillämplighet"), choices=Applicability.choices,
                                      widget=forms.RadioSelect)
    justification = forms.CharField(label=_("Motivering"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("Krävs när kontrollen inte är tillämplig."))
    how_met = forms.CharField(label=_("Hur kontrollen uppfylls"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Tomt: beskrivningen härleds ur åtgärdsplanen."))

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        if statement is not None:
            self._init_version(statement)
            if not self.is_bound:
                self.initial.update(applicability=statement.applicability,
                                    justification=statement.justification,
                                    how_met=statement.how_met)
        else:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
            self.initial.setdefault("applicability", Applicability.DERIVED)


# --- A finding handed to the action plan --------------------------------------------------------

class PlanItemPickForm(forms.Form):
    """Step 1 (GET): which requirement on the unit's action plan the finding concerns."""

    krav = forms.ChoiceField(label=_("Krav i åtgärdsplanen"), error_messages={
        "required": _("Välj ett krav i enhetens åtgärdsplan."),
        "invalid_choice": _("Välj ett krav i enhetens åtgärdsplan."),
    })

    def __init__(self, *args, suggested, other, reference="", **kwargs):
        super().__init__(*args, **kwargs)

        def choices(items):
            return [(item.pk, f"{item.requirement.code} {item.requirement.title}"
                     f" ({item.get_status_display()})") for item in items]

        if suggested:
            self.fields["krav"].choices = [
                (_("Krav som hör till %(ref)s") % {"ref": reference}, choices(suggested)),
                (_("Övriga krav i åtgärdsplanen"), choices(other)),
            ]
        else:
            self.fields["krav"].choices = choices(other)
        self.fields["krav"].help_text = _(
            "Kraven som enhetens fastställda klassningar ger. Krav som hör till samma "
            "ISO-kontroll som iakttagelsen visas först."
        )


def _person_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class FindingPlanItemForm(ControlCharacterFormMixin, VersionMixin, forms.Form):
    """Step 2 (POST): the requirement's open status, who is responsible and when it is due;
    prefilled from the requirement. The rules are ``services.finding_to_plan``'s."""

    status = forms.ChoiceField(label=_("Status"))
    responsible_user = forms.ModelChoiceField(label=_("Ansvarig i portalen"), required=False,
                                              queryset=None, empty_label=_("Ingen vald"))
    responsible = forms.CharField(label=_("Ansvarig"), required=False, max_length=200)
    due_date = forms.DateField(label=_("Klart senast"), widget=DATE)

    def __init__(self, *args, item, responsible_choices, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PlanStatus.choices)
        self.fields["status"].choices = [(s.value, labels[s]) for s in OPEN_PLAN_STATUSES]
        self.fields["status"].help_text = _(
            "Iakttagelsen visar att kravet inte är uppfyllt. Underlag och tidigare status finns "
            "kvar i kravets historik.")
        self.fields["responsible_user"].queryset = responsible_choices
        self.fields["responsible_user"].label_from_instance = _person_label
        self.fields["responsible"].help_text = _(
            "Namn eller funktion, om den ansvarige inte finns i portalen.")
        self._init_version(item)
        if not self.is_bound:
            self.initial.update({
                "status": item.status if item.status in OPEN_PLAN_STATUSES
                else PlanStatus.IN_PROGRESS,
                "responsible_user": item.responsible_user_id, "responsible": item.responsible,
                "due_date": item.due_date,
            })
