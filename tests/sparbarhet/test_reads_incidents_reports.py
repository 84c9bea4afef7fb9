"""Confidential incidents and report downloads in the read-access log (issue 14): a page or an
export that shows a confidential incident's content is logged, an ordinary incident or a
confidential one seen only as existing is not; every report download is logged, a refused one
is not."""

import pytest
from django.urls import reverse

from incidenter.models import IncidentObligation
from nämnder.models import Role
from rapporter import services as report_services
from rapporter.models import ReportKind, ReportStatus
from sparbarhet import chain
from sparbarhet.models import AuditEvent, EventKind
from tests.incidenter_helpers import report, update

pytestmark = pytest.mark.django_db


def read_events():
    return AuditEvent.objects.filter(kind=EventKind.READ).order_by("seq")


@pytest.fixture
def handler(make_person, farsta):
    return make_person("handlaggare2.farsta", farsta, Role.OFFICIAL)


@pytest.fixture
def confidential(farsta, chief, handler):
    incident = report(farsta, chief, description="Hemligt", title="Konfidentiell")
    return update(incident, chief, handler=handler, confidential=True)


@pytest.fixture
def ordinary(farsta, chief):
    return report(farsta, chief, description="Vanligt", title="Vanlig")


def test_a_confidential_incidents_page_is_logged(client_for, confidential, handler, farsta):
    response = client_for(handler).get(
        reverse("incidenter:incident_detail", args=[confidential.pk]), REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 200 and "Hemligt" in response.content.decode()
    event = read_events().get()
    assert (event.object_type, event.object_id, event.action) == (
        "incidenter.incident", confidential.pk, "view"
    )
    assert (event.actor_id, event.unit_id, event.client_address) == (
        handler.pk, farsta.pk, "10.1.1.1"
    )
    assert chain.verify().ok


def test_an_ordinary_incident_is_not_logged(client_for, ordinary, coordinator):
    assert client_for(coordinator).get(
        reverse("incidenter:incident_detail", args=[ordinary.pk])
    ).status_code == 200
    assert not read_events().exists()


def test_seeing_only_that_it_exists_is_not_logged(client_for, confidential, official):
    response = client_for(official).get(
        reverse("incidenter:incident_detail", args=[confidential.pk])
    )
    assert response.status_code == 200 and "Hemligt" not in response.content.decode()
    assert not read_events().exists()


def test_every_page_with_the_content_is_logged(client_for, confidential, coordinator):
    obligation = IncidentObligation.objects.filter(incident=confidential).first()
    urls = [
        reverse("incidenter:incident_detail", args=[confidential.pk]),
        reverse("incidenter:incident_edit", args=[confidential.pk]),
        reverse("incidenter:obligation_summary", args=[obligation.pk]),
        reverse("incidenter:obligation_edit", args=[obligation.pk]),
    ]
    client = client_for(coordinator)
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert list(read_events().values_list("object_id", flat=True)) == [confidential.pk] * 4


def test_refused_attempts_log_nothing(client_for, confidential, official, outsider):
    assert client_for(outsider).get(
        reverse("incidenter:incident_detail", args=[confidential.pk])
    ).status_code == 404
    # The unit's official knows it exists but may not open its form: 403.
    assert client_for(official).get(
        reverse("incidenter:incident_edit", args=[confidential.pk])
    ).status_code == 403
    assert not read_events().exists()


def test_an_export_names_the_confidential_incidents_shown_with_content(
    client_for, confidential, ordinary, coordinator, official, farsta
):
    url = reverse("incidenter:incident_list") + "?format=csv"
    b"".join(client_for(official).get(url).streaming_content)
    assert not read_events().exists()  # the official sees only that it exists
    b"".join(client_for(coordinator).get(url).streaming_content)
    event = read_events().get()
    assert (event.object_type, event.action, event.actor_id) == (
        "incidenter.incident", "export", coordinator.pk
    )
    assert event.details == {"ids": [confidential.pk], "units": [farsta.pk]}


@pytest.fixture
def yearly(farsta, official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ordered = report_services.report_order(
            actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
        )
    ordered.refresh_from_db()
    assert ordered.status == ReportStatus.DONE, ordered.error
    return ordered


def test_a_report_download_is_logged(client_for, yearly, unit_auditor, farsta):
    response = client_for(unit_auditor).get(reverse("report_download", args=[yearly.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = read_events().get()
    assert (event.object_type, event.object_id, event.action) == (
        "rapporter.report", yearly.pk, "download"
    )
    assert (event.actor_id, event.unit_id) == (unit_auditor.pk, farsta.pk)
    # The report's page (its metadata) is not a read of protected information.
    client_for(unit_auditor).get(reverse("report_detail", args=[yearly.pk]))
    assert read_events().count() == 1
    assert chain.verify().ok


def test_a_refused_or_failed_download_is_not_logged(client_for, yearly, unit_auditor, outsider):
    assert client_for(outsider).get(
        reverse("report_download", args=[yearly.pk])
    ).status_code == 404
    with open(yearly.file.path, "ab") as stored:  # no longer matches its SHA-256
        stored.write(b"%% manipulerad")
    assert client_for(unit_auditor).get(
        reverse("report_download", args=[yearly.pk])
    ).status_code == 409
    assert not read_events().exists()
