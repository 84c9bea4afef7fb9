"""Who cybersäkerhetslagen covers (issue 11, item 7): the city-wide security function records
per unit whether the act applies (every unit by default); where it does not, a new incident's
obligations under the act are preset to "gäller inte" with a motivation, still changeable."""

import pytest
from django.urls import reverse

from incidenter.models import Applicability, ReportingObligation, UnitCyberLawScope
from tests.incidenter_helpers import CYBER, obligation, report, set_obligation

pytestmark = pytest.mark.django_db

NOT_COVERED = "Enheten omfattas inte av cybersäkerhetslagen"


def _not_covered(unit):
    return UnitCyberLawScope.objects.create(
        unit=unit, applies=False, motivation="Bolaget verkar inte i någon NIS2-sektor.")


def test_seeded_obligations_under_the_act_are_marked():
    marked = set(ReportingObligation.objects.filter(cyber_security_act=True)
                 .values_list("code", flat=True))
    assert marked == set(CYBER)


def test_every_unit_is_covered_by_default(farsta, official):
    incident = report(farsta, official)
    assert UnitCyberLawScope.covers(farsta)
    for code in ("gdpr-art33", *CYBER):
        item = obligation(incident, code)
        assert item.applies == Applicability.UNASSESSED and item.motivation == ""


def test_explicitly_covered_unit_is_covered(farsta, official):
    UnitCyberLawScope.objects.create(unit=farsta, applies=True)
    incident = report(farsta, official)
    assert all(obligation(incident, c).applies == Applicability.UNASSESSED for c in CYBER)


def test_unit_not_covered_gets_the_act_preset_to_not_applicable(farsta, bromma, official,
                                                                make_person):
    _not_covered(farsta)
    incident = report(farsta, official)
    for code in CYBER:
        item = obligation(incident, code)
        assert item.applies == Applicability.NOT_APPLICABLE
        assert item.motivation == NOT_COVERED
        assert item.deadline is not None
        assert item.history.get().history_user == official
    gdpr = obligation(incident, "gdpr-art33")
    assert gdpr.applies == Applicability.UNASSESSED
    other = report(bromma, make_person("handlaggare.bromma", bromma))
    assert obligation(other, "csl-tidig-varning").applies == Applicability.UNASSESSED


def test_preset_is_not_open_and_can_be_changed_by_the_handler(
        client_for, farsta, official, coordinator):
    _not_covered(farsta)
    incident = report(farsta, official)
    assert set(incident.obligations.filter(
        sent_at__isnull=True).exclude(applies=Applicability.NOT_APPLICABLE)
        .values_list("obligation__code", flat=True)) == {"gdpr-art33"}
    page = client_for(coordinator).get(
        reverse("incidenter:incident_detail", args=[incident.pk])).content.decode()
    assert NOT_COVERED in page
    item = set_obligation(incident, "csl-tidig-varning", coordinator,
                          applies=Applicability.APPLIES, motivation="")
    assert item.applies == Applicability.APPLIES


def test_existing_incidents_are_not_changed(farsta, official):
    incident = report(farsta, official)
    _not_covered(farsta)
    assert obligation(incident, "csl-tidig-varning").applies == Applicability.UNASSESSED


def test_not_covered_needs_a_motivation(farsta):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        UnitCyberLawScope(unit=farsta, applies=False).full_clean()
    assert "motivation" in exc.value.message_dict


def test_security_function_records_it_in_the_admin(client_for, farsta, security_function):
    client = client_for(security_function)
    url = reverse("admin:incidenter_unitcyberlawscope_add")
    assert client.get(url).status_code == 200
    response = client.post(url, {"unit": farsta.pk, "motivation": ""})
    assert response.status_code == 200
    assert "Motivera varför enheten inte omfattas" in response.content.decode()
    response = client.post(url, {"unit": farsta.pk, "motivation": "Ingen NIS2-sektor."})
    assert response.status_code == 302
    scope = UnitCyberLawScope.objects.get()
    assert not scope.applies and not UnitCyberLawScope.covers(farsta)
    assert scope.history.get().history_user == security_function
    assert client.get(reverse("admin:incidenter_unitcyberlawscope_changelist")).status_code == 200


def test_unit_staff_may_not_change_it_in_the_admin(client_for, coordinator):
    response = client_for(coordinator).get(reverse("admin:incidenter_unitcyberlawscope_add"))
    assert response.status_code in (302, 403)
