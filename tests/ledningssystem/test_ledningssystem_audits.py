"""Reviews and audits: findings to actions, overdue flagged, access per unit; access reviews
of IT services with the panel on the IT service's page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from isms.dates import local_today
from ledningssystem import selectors, services
from ledningssystem.models import AuditKind, Severity
from tests.klassning_helpers import make_service

from .helpers import audit_with_finding

pytestmark = pytest.mark.django_db


def test_finding_gets_actions_and_an_overdue_one_is_flagged(farsta, chief, client_for):
    audit, finding, action = audit_with_finding(farsta, chief)
    services.action_create(actor=chief, finding=finding, description="Senare", owner="Chef",
                           due_date=local_today() + dt.timedelta(days=10))
    actions = selectors.finding_actions(finding=finding)
    assert [a.is_overdue for a in actions] == [True, False]
    assert [f.pk for f in selectors.finding_list(user=chief, overdue=True)] == [finding.pk]
    row = selectors.unit_figures(units=[farsta], year=local_today().year, today=local_today())[0]
    assert row["overdue_actions"] == 1 and row["open_findings"] == 1
    # Done: no longer overdue.
    services.action_update(actor=chief, action=action, expected_version=action.version,
                           status="done", follow_up="Klart")
    assert not selectors.finding_list(user=chief, overdue=True).exists()
    page = client_for(chief).get(reverse("ledningssystem:finding_detail", args=[finding.pk]))
    assert "Senare" in page.content.decode()


def test_action_form_page_creates_action(farsta, chief, client_for):
    _audit, finding, _action = audit_with_finding(farsta, chief)
    response = client_for(chief).post(reverse("ledningssystem:action_create", args=[finding.pk]), {
        "description": "Ny rutin", "owner": "Samordnaren",
        "due_date": (local_today() + dt.timedelta(days=5)).isoformat(), "status": "open",
    })
    assert response.status_code == 302
    assert finding.actions.count() == 2


def test_city_wide_audit_shows_each_unit_only_its_own_findings(
    farsta, bromma, chief, outsider, security_function, make_person, client_for
):
    bromma_chief = make_person("chef.bromma", bromma, "chief")
    today = local_today()
    audit = services.audit_create(
        actor=security_function, unit=None, units=[farsta, bromma], kind=AuditKind.EXTERNAL,
        title="Stadsrevisionens granskning", auditor="Stadsrevisionen", independent=True,
        scope="Informationssäkerhet", period_start=dt.date(today.year, 1, 1), period_end=today,
    )
    farsta_finding = services.finding_create(actor=chief, audit=audit, unit=farsta,
                                             title="Farstas brist", severity=Severity.LOW)
    services.finding_create(actor=bromma_chief, audit=audit, unit=bromma, title="Brommas brist",
                            severity=Severity.LOW)
    client = client_for(outsider)
    page = client.get(reverse("ledningssystem:audit_detail", args=[audit.pk])).content.decode()
    assert "Brommas brist" in page and "Farstas brist" not in page
    assert client.get(reverse("ledningssystem:finding_detail",
                              args=[farsta_finding.pk])).status_code == 404
    # A unit's chief does not change the city-wide audit itself.
    assert client_for(chief).get(reverse("ledningssystem:audit_edit", args=[audit.pk])).status_code == 403
    with pytest.raises(ValidationError):
        services.finding_create(actor=chief, audit=audit_with_finding(bromma, bromma_chief)[0],
                                unit=farsta, title="Fel enhet", severity=Severity.LOW)


def test_another_units_audit_and_finding_are_404_auditor_read_only(
    farsta, chief, outsider, unit_auditor, client_for
):
    audit, finding, action = audit_with_finding(farsta, chief)
    outside = client_for(outsider)
    for url in (reverse("ledningssystem:audit_detail", args=[audit.pk]),
                reverse("ledningssystem:finding_detail", args=[finding.pk]),
                reverse("ledningssystem:action_edit", args=[action.pk])):
        assert outside.get(url).status_code == 404, url
    auditor = client_for(unit_auditor)
    assert auditor.get(reverse("ledningssystem:finding_detail", args=[finding.pk])).status_code == 200
    assert auditor.get(reverse("ledningssystem:finding_edit", args=[finding.pk])).status_code == 403
    assert auditor.get(reverse("ledningssystem:action_edit", args=[action.pk])).status_code == 403
    assert auditor.get(reverse("ledningssystem:audit_create")).status_code == 403


def test_access_review_overdue_and_panel_on_the_it_service(farsta, official, chief, client_for):
    service = make_service(farsta, official, name="Lönesystemet")
    today = local_today()
    services.access_review_create(
        actor=chief, it_service=service, performed_on=today - dt.timedelta(days=400),
        performed_by="Förvaltaren", deviations=0, next_due=today - dt.timedelta(days=35),
    )
    assert selectors.access_review_list(user=chief, overdue=True).count() == 1
    page = client_for(chief).get(reverse("klassning:service_detail", args=[service.pk])).content.decode()
    assert "Behörighetsuppföljning" in page and "Försenad" in page
    assert reverse("ledningssystem:access_review_create", args=[service.pk]) in page
    # A newer review: the old one is no longer the latest, nothing is overdue.
    services.access_review_create(
        actor=chief, it_service=service, performed_on=today, performed_by="Förvaltaren",
        deviations=2, deviation_note="Två konton tas bort.", next_due=today + dt.timedelta(days=180),
    )
    assert not selectors.access_review_list(user=chief, overdue=True).exists()
    assert selectors.latest_access_review(service=service).deviations == 2


def test_deviations_need_a_note(farsta, official, chief):
    service = make_service(farsta, official)
    with pytest.raises(ValidationError):
        services.access_review_create(
            actor=chief, it_service=service, performed_on=local_today(), performed_by="X",
            deviations=1, next_due=local_today() + dt.timedelta(days=10),
        )


def test_access_review_form_page(farsta, official, chief, outsider, client_for):
    service = make_service(farsta, official)
    url = reverse("ledningssystem:access_review_create", args=[service.pk])
    assert client_for(outsider).get(url).status_code == 404
    response = client_for(chief).post(url, {
        "performed_on": local_today().isoformat(), "performed_by": "Förvaltaren",
        "deviations": 0, "next_due": (local_today() + dt.timedelta(days=90)).isoformat(),
    })
    assert response.status_code == 302
    assert service.access_reviews.count() == 1
