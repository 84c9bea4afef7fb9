"""The pages: list with clocks (overdue in words, not colour alone), filters and export,
detail, edit, obligation, actions, timeline, close; query counts flat as incidents grow."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidenter.models import Applicability, Incident, IncidentStatus
from tests.incidenter_helpers import local, obligation, report, set_obligation

pytestmark = pytest.mark.django_db

LIST = reverse("incidenter:incident_list")


def test_list_shows_remaining_time_and_overdue_in_words(client_for, farsta, official):
    report(farsta, official, discovered_at=timezone.now() - dt.timedelta(hours=30))
    page = client_for(official).get(LIST).content.decode()
    assert "Försenad: fristen passerade för 6 h" in page  # the 24-hour early warning
    assert "1 d 17 h kvar" in page or "1 d 18 h kvar" in page  # 72 hours
    assert 'class="bad"' in page


def test_filters(client_for, farsta, official, coordinator):
    old = report(farsta, official, discovered_at=timezone.now() - dt.timedelta(days=5),
                 title="Gammal")
    for code in ("gdpr-art33", "csl-tidig-varning", "csl-incidentanmalan"):
        set_obligation(old, code, coordinator, applies=Applicability.NOT_APPLICABLE,
                       motivation="Gäller inte.")
    report(farsta, official, title="Ny")
    client = client_for(official)
    overdue = client.get(LIST + "?overdue=on").content.decode()
    assert ">Ny<" not in overdue and ">Gammal<" not in overdue
    assert ">Ny<" in client.get(LIST + "?open_obligations=on").content.decode()
    assert ">Ny<" in client.get(LIST + "?status=reported").content.decode()
    assert ">Ny<" not in client.get(LIST + "?status=closed").content.decode()
    bad = client.get(LIST + "?status=nej&category=abc&unit=99999999999999999999")
    assert bad.status_code == 200


def test_export_xlsx(client_for, farsta, official):
    report(farsta, official)
    response = client_for(official).get(LIST + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_detail_and_edit_pages(client_for, farsta, coordinator, official):
    incident = report(farsta, official)
    client = client_for(coordinator)
    detail = client.get(reverse("incidenter:incident_detail", args=[incident.pk]))
    assert detail.status_code == 200
    assert "Anmälan av personuppgiftsincident" in detail.content.decode()
    edit_url = reverse("incidenter:incident_edit", args=[incident.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {
        "version": incident.version, "title": "Felskickat mejl", "description": "Fel mottagare",
        "discovered_at": "2026-03-28T10:00", "status": IncidentStatus.INVESTIGATING,
        "handler": coordinator.pk, "confidential": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    incident.refresh_from_db()
    assert incident.title == "Felskickat mejl" and incident.handler == coordinator
    assert obligation(incident, "gdpr-art33").deadline == local(2026, 3, 31, 11, 0)
    # A stale version goes back on the form with the Swedish message.
    stale = client.post(edit_url, {
        "version": incident.version - 1, "title": "X", "description": "Y",
        "discovered_at": "2026-03-28T10:00", "status": IncidentStatus.INVESTIGATING,
    })
    assert stale.status_code == 200 and "Någon annan har ändrat" in stale.content.decode()


def test_obligation_page_records_notification_and_refuses_late_without_reason(
        client_for, farsta, coordinator):
    incident = report(farsta, coordinator, discovered_at=local(2026, 3, 28, 10, 0))
    item = obligation(incident, "gdpr-art33")
    url = reverse("incidenter:obligation_edit", args=[item.pk])
    client = client_for(coordinator)
    assert client.get(url).status_code == 200
    late = client.post(url, {"version": item.version, "applies": Applicability.APPLIES,
                             "sent_at": "2026-04-01T09:00", "authority_reference": "IMY-9"})
    assert late.status_code == 200
    assert "Ange skälen till förseningen" in late.content.decode()
    ok = client.post(url, {"version": item.version, "applies": Applicability.APPLIES,
                           "sent_at": "2026-03-31T10:00", "authority_reference": "IMY-9"})
    assert ok.status_code == 302
    summary = client.get(reverse("incidenter:obligation_summary", args=[item.pk]))
    assert summary.status_code == 200 and "IMY" in summary.content.decode()


def test_actions_timeline_and_close_pages(client_for, farsta, coordinator):
    incident = report(farsta, coordinator)
    client = client_for(coordinator)
    assert client.post(reverse("incidenter:action_create", args=[incident.pk]), {
        "description": "Byt lösenord", "status": "planned"}).status_code == 302
    action = incident.actions.get()
    assert client.post(reverse("incidenter:action_edit", args=[action.pk]), {
        "version": action.version, "description": "Byt lösenord", "status": "done",
    }).status_code == 302
    assert client.post(reverse("incidenter:timeline_add", args=[incident.pk]), {
        "at": "2026-03-28T11:00", "text": "Kontaktade it-supporten."}).status_code == 302
    assert incident.timeline.filter(text__contains="it-supporten").exists()
    bad = client.post(reverse("incidenter:timeline_add", args=[incident.pk]), {"at": "x"},
                      follow=True)
    assert bad.status_code == 200
    incident.refresh_from_db()
    response = client.post(reverse("incidenter:incident_close", args=[incident.pk]),
                           {"version": incident.version}, follow=True)
    assert "Incidenten kan inte stängas än" in response.content.decode()
    assert response.content.decode().count("lärdomarna") >= 1


def test_deadlines_page_per_unit(client_for, farsta, bromma, official, security_function):
    report(farsta, official, title="Farsta-incident")
    client = client_for(security_function)
    page = client.get(reverse("incidenter:deadlines") + f"?unit={bromma.pk}").content.decode()
    assert "Farsta-incident" not in page
    page = client.get(reverse("incidenter:deadlines")).content.decode()
    assert "Farsta-incident" in page


def test_start_page_panel(client_for, farsta, official):
    report(farsta, official, discovered_at=timezone.now() - dt.timedelta(hours=30))
    page = client_for(official).get(reverse("start")).content.decode()
    assert "1 öppen incident" in page
    assert "har passerat sin frist" in page


def _many(unit, actor, n):
    for i in range(n):
        report(unit, actor, title=f"Incident {i}",
               discovered_at=timezone.now() - dt.timedelta(hours=i + 1))


def _bulk(unit, actor, n):
    """``n`` more incidents with their obligations, inserted in bulk the way the scale seeder
    does (the services would take minutes for 500): open, overdue, sent, confidential."""
    from incidenter.deadlines import add_duration
    from incidenter.models import IncidentCategory, IncidentObligation, ReportingObligation

    now = timezone.now()
    category = IncidentCategory.objects.first()
    incidents = Incident.objects.bulk_create([Incident(
        unit=unit, title=f"Massincident {i}", description="Skapad i bulk.",
        discovered_at=now - dt.timedelta(hours=i + 1), reported_by=actor,
        handler=actor if i % 2 else None, category=category if i % 3 else None,
        confidential=i % 7 == 0, status=IncidentStatus.REPORTED,
    ) for i in range(n)])
    obligations = list(ReportingObligation.objects.filter(is_active=True).order_by("order"))
    rows = []
    for i, incident in enumerate(incidents):
        earlier = {}
        for item in obligations:
            anchor = earlier[item.follows_id].deadline if item.follows_id else incident.discovered_at
            row = IncidentObligation(
                incident=incident, obligation=item,
                deadline=add_duration(anchor, hours=item.duration_hours,
                                      months=item.duration_months))
            if i % 5 == 0:
                row.applies, row.sent_at = Applicability.APPLIES, incident.discovered_at
            earlier[item.pk] = row
            rows.append(row)
    IncidentObligation.objects.bulk_create(rows)


@pytest.mark.parametrize("url", [LIST, reverse("incidenter:deadlines")])
def test_query_count_flat(client_for, farsta, coordinator, django_assert_max_num_queries, url):
    client = client_for(coordinator)
    _many(farsta, coordinator, 5)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    _bulk(farsta, coordinator, 495)
    assert Incident.objects.count() == 500
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "Massincident" in response.content.decode()


def test_closed_incident_cannot_be_edited_through_the_form(client_for, farsta, coordinator):
    """The form sets the posted status on the instance before the service runs: the service
    reads the stored status (a regression: a closed incident could be reopened by an edit)."""
    incident = report(farsta, coordinator)
    Incident.objects.filter(pk=incident.pk).update(status=IncidentStatus.CLOSED)
    incident.refresh_from_db()
    response = client_for(coordinator).post(
        reverse("incidenter:incident_edit", args=[incident.pk]), {
            "version": incident.version, "title": "Ändrad", "description": "Y",
            "discovered_at": "2026-03-28T10:00", "status": IncidentStatus.INVESTIGATING})
    assert response.status_code == 200 and "Incidenten är stängd" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED and incident.title != "Ändrad"
