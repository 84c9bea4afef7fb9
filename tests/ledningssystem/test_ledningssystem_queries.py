"""Every list page of the management system costs the same number of SQL queries with 5 and
with 500 records (and the start page's panel too)."""

import datetime as dt

import pytest
from django.urls import reverse

from isms.dates import local_today
from klassning.models import ITService, ITServiceKind
from ledningssystem.models import (
    AccessReview,
    Audit,
    AuditKind,
    Course,
    DocumentKind,
    DocumentStatus,
    DocumentVersion,
    Finding,
    FindingAction,
    StaffCount,
    SteeringDocument,
    TrainingCompletion,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def _populate(unit, n):
    today = local_today()
    kinds = list(DocumentKind.objects.filter(scope="local"))
    docs = SteeringDocument.objects.bulk_create(
        SteeringDocument(unit=unit, kind=kinds[i % len(kinds)], title=f"Dokument {i:04}",
                         owner="Chef", status=DocumentStatus.DECIDED,
                         next_review=today + dt.timedelta(days=(i % 3 - 1) * 30))
        for i in range(n))
    DocumentVersion.objects.bulk_create(
        DocumentVersion(document=d, number=1, decided_by="Nämnden", decided_on=today,
                        link="https://example.se") for d in docs)
    course = Course.objects.get()
    TrainingCompletion.objects.bulk_create(
        TrainingCompletion(unit=unit, person=f"p{i}@example.se", course=course, year=today.year,
                           completed_on=today) for i in range(n))
    StaffCount.objects.create(unit=unit, year=today.year, count=n + 10)
    audits = []
    for i in range(n):
        audits.append(Audit(kind=AuditKind.INTERNAL, title=f"Granskning {i:04}", unit=unit,
                            auditor="X", scope="Y", period_start=today, period_end=today))
    audits = Audit.objects.bulk_create(audits)
    Audit.units.through.objects.bulk_create(
        Audit.units.through(audit_id=a.pk, organisationunit_id=unit.pk) for a in audits)
    findings = Finding.objects.bulk_create(
        Finding(audit=audits[i % len(audits)], unit=unit, title=f"Iakttagelse {i:04}",
                severity="high") for i in range(n))
    FindingAction.objects.bulk_create(
        FindingAction(finding=f, description="Åtgärd", owner="X",
                      due_date=today - dt.timedelta(days=1)) for f in findings)
    services = ITService.objects.bulk_create(
        ITService(unit=unit, name=f"Tjänst {i:04}", kind=ITServiceKind.SYSTEM) for i in range(n))
    AccessReview.objects.bulk_create(
        AccessReview(it_service=s, performed_on=today - dt.timedelta(days=300), performed_by="X",
                     next_due=today - dt.timedelta(days=1)) for s in services)


PAGES = [
    ("ledningssystem:document_list", ""),
    ("ledningssystem:document_list", "?overdue=on&status=decided"),
    ("ledningssystem:completion_list", ""),
    ("ledningssystem:staff_counts", ""),
    ("ledningssystem:audit_list", ""),
    ("ledningssystem:finding_list", "?overdue=on"),
    ("ledningssystem:access_review_list", "?latest=on"),
    ("start", ""),
]


@pytest.mark.parametrize("n", [5, 500])
@pytest.mark.parametrize("name,query", PAGES)
def test_list_pages_have_constant_query_counts(
    n, name, query, farsta, chief, client_for, django_assert_max_num_queries
):
    _populate(farsta, n)
    client = client_for(chief)
    # The start page: the other apps' panels, and for a chief the dashboard panel (oversikt: a
    # fixed ~25 queries whatever the size, tests/oversikt/test_oversikt_queries.py).
    with django_assert_max_num_queries(MAX_QUERIES + (55 if name == "start" else 0)):
        response = client.get(reverse(name) + query)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 500])
def test_soa_page_constant_query_count(n, farsta, chief, client_for, django_assert_max_num_queries):
    _populate(farsta, n)
    client = client_for(chief)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse("ledningssystem:soa", args=[farsta.pk])).status_code == 200
