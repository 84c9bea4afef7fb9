"""Columns of the management system's registers for CSV/XLSX (``isms.exports``); display
labels are looked up once per export, not per row."""

from django.utils.translation import gettext as _

from isms.exports import Column

from .models import AuditKind, DocumentStatus, FindingStatus, Severity


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


def document_columns():
    statuses = _labels(DocumentStatus)
    city = _("Stadsövergripande")
    return [
        Column(_("Enhet"), lambda d: d.unit.name if d.unit_id else city),
        Column(_("Typ"), lambda d: d.kind.name),
        Column(_("Titel"), lambda d: d.title),
        Column(_("Dokumentägare"), lambda d: d.owner),
        Column(_("Status"), lambda d: statuses.get(d.status, d.status)),
        Column(_("Version"), lambda d: d.latest_number),
        Column(_("Beslutsdatum"), lambda d: d.latest_decided_on),
        Column(_("Diarienummer"), lambda d: d.latest_reference or ""),
        Column(_("Nästa översyn"), lambda d: d.next_review),
        Column(_("Försenad översyn"), lambda d: bool(d.is_overdue)),
    ]


def completion_columns():
    return [
        Column(_("Enhet"), lambda c: c.unit.name),
        Column(_("E-post/användarnamn"), lambda c: c.person),
        Column(_("Namn"), lambda c: c.person_name),
        Column(_("Kurs"), lambda c: c.course.name),
        Column(_("År"), lambda c: c.year),
        Column(_("Genomförd"), lambda c: c.completed_on),
    ]


def audit_columns():
    kinds = _labels(AuditKind)
    city = _("Stadsövergripande")
    return [
        Column(_("Granskning"), lambda a: a.title),
        Column(_("Typ"), lambda a: kinds.get(a.kind, a.kind)),
        Column(_("Ansvarig enhet"), lambda a: a.unit.name if a.unit_id else city),
        Column(_("Granskare"), lambda a: a.auditor),
        Column(_("Oberoende"), lambda a: a.independent),
        Column(_("Period från"), lambda a: a.period_start),
        Column(_("Period till"), lambda a: a.period_end),
        Column(_("Iakttagelser"), lambda a: a.finding_count),
        Column(_("Öppna"), lambda a: a.open_count),
    ]


def finding_columns():
    severities, statuses = _labels(Severity), _labels(FindingStatus)
    return [
        Column(_("Granskning"), lambda f: f.audit.title),
        Column(_("Enhet"), lambda f: f.unit.name),
        Column(_("Iakttagelse"), lambda f: f.title),
        Column(_("Allvarlighet"), lambda f: severities.get(f.severity, f.severity)),
        Column(_("Krav som berörs"), lambda f: f.reference),
        Column(_("Status"), lambda f: statuses.get(f.status, f.status)),
        Column(_("Åtgärder"), lambda f: f.action_count),
        Column(_("Försenade åtgärder"), lambda f: f.overdue_actions),
        Column(_("Krav i åtgärdsplanen"), lambda f: f.plan_items),
    ]


def access_review_columns():
    return [
        Column(_("It-tjänst"), lambda r: r.it_service.name),
        Column(_("Enhet"), lambda r: r.it_service.unit.name),
        Column(_("Genomförd"), lambda r: r.performed_on),
        Column(_("Genomförd av"), lambda r: r.performed_by),
        Column(_("Granskade konton"), lambda r: r.accounts_reviewed),
        Column(_("Avvikelser"), lambda r: r.deviations),
        Column(_("Nästa uppföljning senast"), lambda r: r.next_due),
        Column(_("Försenad"), lambda r: bool(r.is_overdue)),
    ]


def soa_columns():
    return [
        Column(_("Kontroll"), lambda r: r["control_id"]),
        Column(_("Tema"), lambda r: r["theme"]),
        Column(_("Rubrik"), lambda r: r["title"]),
        Column(_("Tillämplighet"), lambda r: r["applicability_label"]),
        Column(_("Motivering"), lambda r: r["justification"]),
        Column(_("Genomförande"), lambda r: r["implementation_label"]),
        Column(_("Hur kontrollen uppfylls"), lambda r: r["how_met"]),
        Column(_("Krav i åtgärdsplanen"), lambda r: ", ".join(r["requirements"])),
    ]
