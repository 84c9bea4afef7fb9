"""Columns of the classification registers for CSV/XLSX (through ``isms.exports``)."""

from django.utils.translation import gettext as _

from isms.exports import Column


def asset_columns():
    return [
        Column(_("Namn"), lambda a: a.name),
        Column(_("Enhet"), lambda a: a.unit.name),
        Column(_("Process/verksamhet"), lambda a: "" if a.security_protection else a.process),
        Column(_("Ansvarig"), lambda a: "" if a.security_protection else a.responsible),
        Column(_("Personuppgifter"), lambda a: a.get_personal_data_display()),
        Column(_("Säkerhetsskydd"), lambda a: a.security_protection),
        Column(_("Profil"), lambda a: a.approved_profile or ""),
        Column(_("Senaste klassning"), lambda a: a.latest_status_label),
        Column(_("Ska ses över senast"), lambda a: a.review_due),
        Column(_("Försenad översyn"), lambda a: bool(a.is_overdue)),
    ]


def plan_columns(owner_header: str, owner):
    return [
        Column(owner_header, lambda i: str(owner(i))),
        Column(_("Id"), lambda i: i.requirement.code),
        Column(_("Krav"), lambda i: i.requirement.title),
        Column(_("Aspekt"), lambda i: i.requirement.aspect.name),
        Column(_("Gäller från nivå"), lambda i: i.requirement.min_level),
        Column(_("Typ"), lambda i: i.requirement.get_kind_display()),
        Column(_("ISO/IEC 27002:2022"), lambda i: i.requirement.iso_controls),
        Column(_("Status"), lambda i: i.get_status_display()),
        Column(_("Motivering"), lambda i: i.motivation),
        Column(_("Ansvarig"), lambda i: i.responsible),
        Column(_("Klart senast"), lambda i: i.due_date),
        Column(_("Vägledning"), lambda i: i.requirement.guidance),
    ]


def service_columns():
    """Rows come from ``selectors.with_required_profiles`` (``required_profile`` set)."""
    return [
        Column(_("Namn"), lambda s: s.name),
        Column(_("Typ"), lambda s: s.get_kind_display()),
        Column(_("Systemägare"), lambda s: s.unit.name),
        Column(_("Förvaltningsledare"), lambda s: s.manager),
        Column(_("Leverantör"), lambda s: s.supplier),
        Column(_("Antal användande enheter"), lambda s: s.user_count),
        Column(_("Prioriterad"), lambda s: bool(s.is_prioritised)),
        Column(_("Nivå som krävs"), lambda s: s.required_profile),
    ]
