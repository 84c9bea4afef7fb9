"""Columns of the classification registers for CSV/XLSX (through ``isms.exports``).

Display labels are looked up once per export (a dict per choice field), not per row; the
asset export reads tuples (``asset_export_rows``), not model instances."""

from operator import itemgetter

from django.utils.translation import gettext as _

from isms.exports import Column

from .models import ClassificationStatus, ITServiceKind, PersonalData, PlanStatus, RequirementKind


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


def status_labels() -> dict:
    """The asset list's "Senaste klassning" column, by ``InformationAsset.latest_status``
    ("" for an asset never classified); the säkerhetsskydd label under the key None."""
    return {
        **_labels(ClassificationStatus), "": _("Ej klassad"),
        None: _("Säkerhetsskydd – klassas inte i portalen"),
    }


# What the asset export reads of each row: plain tuples from ``values_list()`` (no model
# instances), the unit's name joined in the same query.
ASSET_EXPORT_FIELDS = (
    "name", "unit__name", "process", "responsible", "personal_data", "security_protection",
    "approved_profile", "latest_status", "review_due", "is_overdue",
)
(_NAME, _UNIT, _PROCESS, _RESPONSIBLE, _PERSONAL, _PROTECTED, _PROFILE, _STATUS, _REVIEW,
 _OVERDUE) = range(len(ASSET_EXPORT_FIELDS))
EXPORT_CHUNK = 2000  # rows per fetch from the database cursor


def asset_export_rows(assets):
    """The rows of ``asset_columns()``: ``assets`` (the list page's queryset, from
    ``selectors.asset_list``, so the same filters and visibility) as tuples, read lazily."""
    return assets.values_list(*ASSET_EXPORT_FIELDS).iterator(chunk_size=EXPORT_CHUNK)


def asset_columns():
    """The asset list's columns, over the tuples of ``asset_export_rows``."""
    personal = _labels(PersonalData)
    statuses = status_labels()
    never = statuses[""]

    def status(a):
        return statuses[None] if a[_PROTECTED] else statuses.get(a[_STATUS], never)

    return [
        Column(_("Namn"), itemgetter(_NAME)),
        Column(_("Enhet"), itemgetter(_UNIT)),
        Column(_("Process/verksamhet"), lambda a: "" if a[_PROTECTED] else a[_PROCESS]),
        Column(_("Ansvarig"), lambda a: "" if a[_PROTECTED] else a[_RESPONSIBLE]),
        Column(_("Personuppgifter"), lambda a: personal.get(a[_PERSONAL], a[_PERSONAL])),
        Column(_("Säkerhetsskydd"), itemgetter(_PROTECTED)),
        Column(_("Profil"), lambda a: a[_PROFILE] or ""),
        Column(_("Senaste klassning"), status),
        Column(_("Ska ses över senast"), itemgetter(_REVIEW)),
        Column(_("Försenad översyn"), lambda a: bool(a[_OVERDUE])),
    ]


def plan_columns(owner_header: str, owner):
    kinds, statuses = _labels(RequirementKind), _labels(PlanStatus)
    return [
        Column(owner_header, lambda i: str(owner(i))),
        Column(_("Id"), lambda i: i.requirement.code),
        Column(_("Krav"), lambda i: i.requirement.title),
        Column(_("Aspekt"), lambda i: i.requirement.aspect.name),
        Column(_("Gäller från nivå"), lambda i: i.requirement.min_level),
        Column(_("Typ"), lambda i: kinds.get(i.requirement.kind, i.requirement.kind)),
        Column(_("ISO/IEC 27002:2022"), lambda i: i.requirement.iso_controls),
        Column(_("Status"), lambda i: statuses.get(i.status, i.status)),
        Column(_("Motivering"), lambda i: i.motivation),
        Column(_("Ansvarig"), lambda i: i.responsible),
        Column(_("Klart senast"), lambda i: i.due_date),
        Column(_("Vägledning"), lambda i: i.requirement.guidance),
    ]


def service_columns():
    """``required_profile``: the column kept on each service (``ITService.required_profile``)."""
    kinds = _labels(ITServiceKind)
    return [
        Column(_("Namn"), lambda s: s.name),
        Column(_("Typ"), lambda s: kinds.get(s.kind, s.kind)),
        Column(_("Systemägare"), lambda s: s.unit.name),
        Column(_("Förvaltningsledare"), lambda s: s.manager),
        Column(_("Leverantör"), lambda s: s.supplier),
        Column(_("Antal användande enheter"), lambda s: s.user_count),
        Column(_("Prioriterad"), lambda s: bool(s.is_prioritised)),
        Column(_("Nivå som krävs"), lambda s: s.required_profile),
    ]
