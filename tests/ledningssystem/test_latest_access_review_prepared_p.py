"""The latest access review of an IT service (its page's panel, on every view): read with SQL
built once per process and, on PostgreSQL, a statement prepared once per database session; the
same review as before: the latest performed, the newest of a day, marked latest and overdue when
its next review is past."""

import datetime as dt

import pytest

from isms.dates import local_today
from ledningssystem import selectors, services
from ledningssystem.models import AccessReview
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db


def _review(service, actor, performed_on, next_due, deviations=0):
    return services.access_review_create(
        actor=actor, it_service=service, performed_on=performed_on, performed_by="Förvaltaren",
        deviations=deviations, deviation_note="Konton tas bort." if deviations else "",
        next_due=next_due,
    )


def test_the_latest_review_of_each_service(farsta, official, chief):
    today = local_today()
    one = make_service(farsta, official, name="Lönesystemet")
    two = make_service(farsta, official, name="Skolplattformen")
    none = make_service(farsta, official, name="Diariet")
    _review(one, chief, today - dt.timedelta(days=400), today - dt.timedelta(days=35))
    _review(one, chief, today - dt.timedelta(days=10), today + dt.timedelta(days=170), 1)
    newest_of_the_day = _review(one, chief, today - dt.timedelta(days=10),
                                today + dt.timedelta(days=170), 2)
    late = _review(two, chief, today - dt.timedelta(days=400), today - dt.timedelta(days=1))
    for _ in range(2):  # the second run executes what the first prepared
        latest = selectors.latest_access_review(service=one)
        assert latest.pk == newest_of_the_day.pk and latest.deviations == 2
        assert latest == AccessReview.objects.filter(it_service=one).order_by(
            "-performed_on", "-pk").first()
        assert latest.is_latest and not latest.is_overdue
        latest = selectors.latest_access_review(service=two)
        assert latest.pk == late.pk and latest.is_latest and latest.is_overdue
        assert selectors.latest_access_review(service=none) is None


def test_the_read_is_prepared(need_postgres, farsta, official, chief, django_assert_num_queries):
    service = make_service(farsta, official, name="Lönesystemet")
    today = local_today()
    _review(service, chief, today, today + dt.timedelta(days=180))
    selectors.latest_access_review(service=service)
    with django_assert_num_queries(1) as queries:
        assert selectors.latest_access_review(service=service) is not None
    assert "/* prepared statement isms_compiled_" in queries.captured_queries[0]["sql"]
