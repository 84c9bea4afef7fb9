"""Demo data of the management system for ``manage.py seed_demo`` (idempotent, through the
services): the riktlinje; the required local documents of most demo units (Bromma lacks its
rutin för behörighetsuppföljning); staff counts and training records giving a realistic share;
one internal review of Farsta with findings and actions (one handed to Farsta's action plan);
one access review."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from isms.dates import add_months, local_today
from klassning import selectors as klassning
from klassning.models import ITService, PlanStatus

from . import services
from .models import (
    AccessReview,
    Audit,
    AuditKind,
    Course,
    DocumentKind,
    DocumentStatus,
    Severity,
    StaffCount,
    SteeringDocument,
    TrainingCompletion,
)

PDF = b"%PDF-1.4\n% demo\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# unit short name -> (writer, required kinds it has, staff, share completed)
UNITS = {
    "farsta": ("samordnare.farsta", ("lokal-anvisning", "incidentrutin", "behorighetsrutin"), 40, 0.85),
    "bromma": ("chef.bromma", ("lokal-anvisning", "incidentrutin"), 30, 0.6),
    "stockholmshem": ("chef.stockholmshem",
                      ("lokal-anvisning", "incidentrutin", "behorighetsrutin"), 25, 0.72),
}


def _document(*, actor, unit, kind, title, decided_by, decided_on, reference):
    if SteeringDocument.objects.filter(unit=unit, kind=kind).exists():
        return 0
    services.document_create(
        actor=actor, unit=unit, kind=kind, title=title, owner="Förvaltningschef",
        status=DocumentStatus.DECIDED, decided_by=decided_by, decided_on=decided_on,
        reference=reference, file=SimpleUploadedFile(f"{kind.code}.pdf", PDF),
        note="Första beslutade versionen.",
    )
    return 1


def seed(*, units, users, stdout):
    today = local_today()
    created = 0
    kinds = {k.code: k for k in DocumentKind.objects.all()}
    created += _document(
        actor=users["sakerhet.stad"], unit=None, kind=kinds["riktlinje"],
        title="Riktlinje för informationssäkerhet", decided_by="Kommunfullmäktige",
        decided_on=dt.date(today.year - 1, 3, 1), reference="KS 2024/123",
    )
    for short, (writer, required, staff, share) in UNITS.items():
        unit, actor = units[short], users[writer]
        for code in required:
            kind = kinds[code]
            created += _document(
                actor=actor, unit=unit, kind=kind, title=f"{kind.name} för {unit.name}",
                decided_by=unit.name, decided_on=add_months(today, -5),
                reference=f"{short.upper()}-{today.year}/{len(code)}",
            )
        if not StaffCount.objects.filter(unit=unit, year=today.year).exists():
            services.staff_count_set(actor=actor, unit=unit, year=today.year, count=staff)
        course = Course.objects.filter(is_mandatory=True).first()
        if course and not TrainingCompletion.objects.filter(unit=unit, year=today.year).exists():
            for i in range(int(staff * share)):
                services.completion_create(
                    actor=actor, unit=unit, person=f"medarbetare{i + 1:02}.{short}@example.se",
                    course=course, completed_on=today - dt.timedelta(days=i % 60),
                )
    if not Audit.objects.filter(title="Intern granskning av informationssäkerhetsarbetet").exists():
        chief = users["chef.farsta"]
        audit = services.audit_create(
            actor=chief, unit=units["farsta"], units=[units["farsta"]], kind=AuditKind.INTERNAL,
            title="Intern granskning av informationssäkerhetsarbetet",
            auditor="Förvaltningens internkontroll", independent=False,
            scope="Styrdokument, behörighetsuppföljning och utbildning.",
            period_start=dt.date(today.year, 1, 1), period_end=today,
        )
        finding = services.finding_create(
            actor=chief, audit=audit, unit=units["farsta"], title="Behörigheter följs inte upp",
            severity=Severity.HIGH, reference="Riktlinjen p. 9; ISO/IEC 27001 A.5.18",
            description="Behörigheterna i verksamhetssystemen har inte följts upp under året.",
        )
        services.action_create(actor=chief, finding=finding, description="Följ upp behörigheter",
                               owner="Systemförvaltare", due_date=today - dt.timedelta(days=10))
        # The finding handed to the matching requirement on Farsta's action plan (when the
        # demo classifications put it there).
        item = klassning.unit_plan(unit=units["farsta"]).filter(requirement__code="K-01").first()
        if item is not None:
            services.finding_to_plan(
                actor=users["samordnare.farsta"], finding=finding, plan_item=item,
                expected_version=item.version, status=PlanStatus.IN_PROGRESS,
                due_date=add_months(today, 3), responsible="Systemförvaltaren",
                responsible_user=users["samordnare.farsta"],
            )
        other = services.finding_create(
            actor=chief, audit=audit, unit=units["farsta"], title="Utbildningen inte slutförd",
            severity=Severity.MEDIUM, reference="Riktlinjen p. 9",
        )
        services.action_create(actor=chief, finding=other, description="Påminn medarbetarna",
                               owner="Informationssäkerhetssamordnare",
                               due_date=today + dt.timedelta(days=30))
        created += 1
    service = ITService.objects.filter(unit=units["farsta"]).order_by("pk").first()
    if service and not AccessReview.objects.filter(it_service=service).exists():
        services.access_review_create(
            actor=users["samordnare.farsta"], it_service=service,
            performed_on=today - dt.timedelta(days=200), performed_by="Systemförvaltaren",
            accounts_reviewed=120, deviations=3, deviation_note="Tre konton för slutade tas bort.",
            next_due=today - dt.timedelta(days=17),
        )
    stdout.write(f"Ledningssystem: {created} nya styrdokument och granskningar i demodata.")
