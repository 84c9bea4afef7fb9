"""Columns of the classification registers for CSV/XLSX (through ``isms.exports``).

Display labels are looked up once per export (a dict per choice field), not per row."""

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


def asset_columns():
    personal = _labels(PersonalData)
    return [
        Column(_("Namn"), lambda a: a.name),
        Column(_("Enhet"), lambda a: a.unit.name),
        Column(_("Process/verksamhet"), lambda a: "" if a.security_protection else a.process),
        Column(_("Ansvarig"), lambda a: "" if a.security_protection else a.responsible),
        Column(_("Personuppgifter"), lambda a: personal.get(a.personal_data, a.personal_data)),
        Column(_("Säkerhetsskydd"), lambda a: a.security_protection),
        Column(_("Profil"), lambda a: a.approved_profile or ""),
        Column(_("Senaste klassning"), lambda a: a.latest_status_label),
        Column(_("Ska ses över senast"), lambda a: a.review_due),
        Column(_("Försenad översyn"), lambda a: bool(a.is_overdue)),
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
    """Rows come from ``selectors.with_required_profiles`` (``required_profile`` set)."""
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
