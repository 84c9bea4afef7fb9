"""Issue 15: /healthz and /readyz for the load balancer and monitoring, and the operations page
where the security function sees queue health and when a worker was last seen."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from drift import services as drift_services
from rapporter.models import Report, ReportKind, ReportStatus
from tests.worker_helpers import CLOSED_PORT_BROKER, broker

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login_and_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_names_each_failing_dependency_with_503(client):
    with broker(CLOSED_PORT_BROKER):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fel" and body["failed"] == ["broker", "worker"]
    assert set(body["checks"]) == {"database", "migrations", "broker", "worker"}
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]
    assert body["checks"]["worker"]["detail"] == "ingen arbetsprocess har hörts av"
    # No address, port or password of any dependency.
    assert "127.0.0.1" not in response.content.decode() and "redis://" not in response.content.decode()


def test_readyz_is_ok_with_broker_reachable_and_a_recent_worker(client, need_redis):
    drift_services.heartbeat_record(worker="celery@test")
    with broker(need_redis):
        response = client.get("/readyz")
        assert response.status_code == 200, response.json()
        assert response.json()["failed"] == []
        # A worker last seen long ago: not ready.
        drift_services.heartbeat_record(worker="celery@test",
                                        now=timezone.now() - dt.timedelta(minutes=30))
        response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failed"] == ["worker"]


def test_readyz_says_nothing_is_needed_in_the_embedded_default(client):
    response = client.get("/readyz")  # tests run eagerly: no broker, no worker
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_operations_page_shows_the_oldest_queued_report_and_the_worker_last_seen(
    farsta, official, security_function, client_for
):
    old = Report.objects.create(kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025,
                                ordered_by=official, status=ReportStatus.QUEUED)
    Report.objects.filter(pk=old.pk).update(created_at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC))
    drift_services.heartbeat_record(worker="celery@drift1",
                                    now=dt.datetime(2026, 1, 2, 9, 0, tzinfo=dt.UTC))
    with broker(CLOSED_PORT_BROKER):
        page = client_for(security_function).get(reverse("drift:overview")).content.decode()
    assert "Uppföljningsrapporter" in page and "2026-01-02 04:04" in page  # Stockholm time
    assert "celery@drift1" in page and "2026-01-02 10:00:00" in page
    assert "nås inte" in page  # the broker


def test_operations_page_is_only_for_the_security_function(official, client_for):
    assert client_for(official).get(reverse("drift:overview")).status_code == 403
