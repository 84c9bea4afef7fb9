"""Builders for the management-system tests, through the services."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from isms.dates import local_today
from ledningssystem import services
from ledningssystem.models import AuditKind, Course, DocumentKind, DocumentStatus, Severity

PDF = b"%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def kind(code):
    return DocumentKind.objects.get(code=code)


def course():
    return Course.objects.get(code="infosak-grund")


def decided(unit, actor, code="lokal-anvisning", *, decided_on=None, next_review=None,
            title=None, file=True):
    k = kind(code)
    return services.document_create(
        actor=actor, unit=unit, kind=k, title=title or f"{k.name} {unit.short_name if unit else 'stad'}",
        owner="Förvaltningschef", status=DocumentStatus.DECIDED, next_review=next_review,
        decided_by=unit.name if unit else "Kommunfullmäktige",
        decided_on=decided_on or local_today() - dt.timedelta(days=30), reference="2026/1",
        file=SimpleUploadedFile("anvisning.pdf", PDF) if file else None,
        link="" if file else "https://intranat.example.se/dok",
    )


def audit_with_finding(unit, actor, *, due=None):
    today = local_today()
    audit = services.audit_create(
        actor=actor, unit=unit, units=[unit], kind=AuditKind.INTERNAL, title="Intern granskning",
        auditor="Internkontroll", independent=False, scope="Allt",
        period_start=dt.date(today.year, 1, 1), period_end=today,
    )
    finding = services.finding_create(actor=actor, audit=audit, unit=unit, title="Brist",
                                      severity=Severity.HIGH, reference="A.5.18")
    action = services.action_create(actor=actor, finding=finding, description="Rätta",
                                    owner="Samordnaren",
                                    due_date=due or today - dt.timedelta(days=1))
    return audit, finding, action


def csv_file(rows, name="export.csv", header="e-post;namn;kurs;datum"):
    text = "\n".join([header, *(";".join(r) for r in rows)]) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
