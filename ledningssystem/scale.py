"""The management system's part of ``manage.py seed_scale`` (bulk, deterministic): per unit the
required local documents (about one unit in ten lacks one, some reviews overdue), staff counts
and training completions for the unit's members over three years, one audit with findings per
five units and an access review for a share of the IT services."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from isms.dates import add_months
from klassning.models import ITService
from nämnder.models import UnitKind

from .models import (
    AccessReview,
    Audit,
    AuditKind,
    CompletionSource,
    Course,
    DocumentKind,
    DocumentStatus,
    DocumentVersion,
    Finding,
    FindingAction,
    Severity,
    StaffCount,
    SteeringDocument,
    TrainingCompletion,
)

BATCH = 2_000
YEARS = 3


def seed(*, ctx) -> None:
    rng, today = ctx.rng, ctx.now.date()
    units = [u for u in sorted(ctx.units.values(), key=lambda u: u.short_name)
             if u.kind != UnitKind.CITY]
    required = list(DocumentKind.objects.filter(required_for_every_unit=True, is_active=True))
    documents = []
    documented = set(SteeringDocument.objects.values_list("unit_id", "kind_id"))
    for unit in units:
        for kind in required:
            if (unit.pk, kind.pk) in documented or rng.random() < 0.1:
                continue  # missing: flagged
            decided = today - dt.timedelta(days=rng.randint(30, 500))
            documents.append(SteeringDocument(
                unit=unit, kind=kind, title=f"{kind.name} för {unit.name}",
                owner="Förvaltningschef", status=DocumentStatus.DECIDED,
                next_review=add_months(decided, kind.review_interval_months),
            ))
    documents = bulk_create_with_history(documents, SteeringDocument, batch_size=BATCH)
    if documents and documents[0].pk is None:
        documents = list(SteeringDocument.objects.filter(unit__in=units))
    versions = [DocumentVersion(document=d, number=1, decided_by=d.unit.name,
                                decided_on=add_months(d.next_review, -12),
                                link="https://intranat.example.se/styrdokument")
                for d in documents]
    bulk_create_with_history(versions, DocumentVersion, batch_size=BATCH)

    course = Course.objects.filter(is_mandatory=True).first()
    members = ctx.shared.get("members", {})
    emails = dict(get_user_model().objects.filter(
        pk__in=[uid for roles in members.values() for ids in roles.values() for uid in ids]
    ).values_list("pk", "email"))
    staff, completions = [], []
    # seed_demo ran first: its units may already hold this year's count and records.
    counted = set(StaffCount.objects.values_list("unit_id", "year"))
    for unit in units:
        people = [emails[uid] for ids in members.get(unit.pk, {}).values() for uid in ids
                  if emails.get(uid)]
        for back in range(YEARS):
            year = today.year - back
            if (unit.pk, year) in counted:
                continue
            staff.append(StaffCount(unit=unit, year=year, count=len(people)))
            share = rng.uniform(0.5, 0.98)
            for person in people:
                if course and rng.random() < share:
                    day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                    completions.append(TrainingCompletion(
                        unit=unit, person=person.lower(), course=course, year=year,
                        completed_on=min(day, today), source=CompletionSource.IMPORT,
                    ))
    bulk_create_with_history(staff, StaffCount, batch_size=BATCH)
    bulk_create_with_history(completions, TrainingCompletion, batch_size=BATCH)

    audits = findings = 0
    for i, unit in enumerate(units[::5]):
        audit = Audit(kind=AuditKind.INTERNAL if i % 2 else AuditKind.EXTERNAL,
                      title=f"Granskning av informationssäkerheten {unit.name}", unit=unit,
                      auditor="Revisionskontoret", independent=bool(i % 2 == 0),
                      scope="Styrdokument och uppföljning.",
                      period_start=dt.date(today.year, 1, 1), period_end=today)
        audit.save()
        audit.units.set([unit])
        audits += 1
        for n in range(3):
            finding = Finding.objects.create(
                audit=audit, unit=unit, title=f"Iakttagelse {n + 1}",
                severity=rng.choice(Severity.values), reference="Riktlinjen p. 9")
            FindingAction.objects.create(
                finding=finding, description="Åtgärda", owner="Samordnaren",
                due_date=today + dt.timedelta(days=rng.randint(-60, 90)))
            findings += 1
    services = list(ITService.objects.filter(unit__in=units).values_list("pk", flat=True))
    reviews = [AccessReview(it_service_id=pk, performed_on=today - dt.timedelta(days=rng.randint(10, 400)),
                            performed_by="Systemförvaltaren", deviations=0,
                            next_due=today + dt.timedelta(days=rng.randint(-90, 300)))
               for pk in services if rng.random() < 0.5]
    bulk_create_with_history(reviews, AccessReview, batch_size=BATCH)
    ctx.counts["styrdokument"] = len(documents)
    ctx.counts["genomförda utbildningar"] = len(completions)
    ctx.counts["granskningar"] = audits
    ctx.counts["iakttagelser"] = findings
    ctx.counts["behörighetsuppföljningar"] = len(reviews)
