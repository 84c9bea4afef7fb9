"""A finding handed to the unit's action plan (iakttagelse → krav i åtgärdsplanen): the
requirement gets an open status, a responsible person and a due date, its history names the
finding and the acting user, and each page shows the other. The service decides access itself:
another unit's finding is 404, auditors and a deactivated unit are read-only (403)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from isms.dates import local_today
from isms.locking import StaleObjectError
from klassning import services as klassning_services
from klassning.models import PlanStatus, UnitRequirement
from ledningssystem import selectors, services
from ledningssystem.models import FindingPlanItem
from nämnder import services as unit_services
from tests.klassning_helpers import approved, make_asset

from .helpers import audit_with_finding

pytestmark = pytest.mark.django_db

DUE = local_today() + dt.timedelta(days=60)


@pytest.fixture
def plan(farsta, official, chief):
    """Farsta's action plan (from an approved classification) and a finding about A.5.18."""
    approved(make_asset(farsta, official, personal_data="sensitive"), official, chief,
             {"K": 3, "R": 2, "T": 2, "S": 2})
    _audit, finding, _action = audit_with_finding(farsta, chief)
    item = UnitRequirement.objects.get(unit=farsta, requirement__code="K-01")
    return finding, item


def _hand_over(actor, finding, item, **fields):
    return services.finding_to_plan(
        actor=actor, finding=finding, plan_item=item, expected_version=item.version,
        **{"status": PlanStatus.IN_PROGRESS, "due_date": DUE, "responsible": "IT-samordnaren",
           **fields},
    )


def _url(finding, item=None):
    url = reverse("ledningssystem:finding_plan_item", args=[finding.pk])
    return f"{url}?krav={item.pk}" if item is not None else url


def _post(item, **fields):
    return {"status": PlanStatus.IN_PROGRESS, "responsible": "IT-samordnaren",
            "responsible_user": "", "due_date": DUE.isoformat(), "version": item.version,
            **fields}


def test_the_requirement_gets_status_responsible_due_date_and_a_history_note(plan, coordinator,
                                                                             chief):
    finding, item = plan
    klassning_services.plan_item_update(actor=chief, item=item, expected_version=item.version,
                                        status=PlanStatus.FULFILLED, evidence_note="Rutin finns")
    item.refresh_from_db()
    link = _hand_over(coordinator, finding, item, responsible_user=coordinator)
    item.refresh_from_db()
    assert (item.status, item.due_date, item.responsible, item.responsible_user) == (
        PlanStatus.IN_PROGRESS, DUE, "IT-samordnaren", coordinator)
    assert item.evidence_note == "Rutin finns"  # the evidence stays, the status is open again
    assert link.finding == finding and link.plan_item == item
    # History: the acting user on the requirement's record (with the finding as its reason)
    # and on the link's.
    record = item.history.order_by("-history_date", "-history_id").first()
    assert record.history_user == coordinator
    assert record.history_change_reason.startswith("Från iakttagelse ”Brist”")
    assert FindingPlanItem.history.get().history_user == coordinator
    entries = selectors.finding_history(finding=finding,
                                        plan_links=selectors.finding_plan_links(finding=finding))
    assert any(e.object_label.startswith("K-01") and e.user == coordinator for e in entries)


def test_the_link_is_shown_on_the_finding_and_on_the_requirement(plan, coordinator, client_for):
    finding, item = plan
    _hand_over(coordinator, finding, item)
    client = client_for(coordinator)
    finding_page = client.get(reverse("ledningssystem:finding_detail", args=[finding.pk]))
    text = finding_page.content.decode()
    assert reverse("klassning:unit_item_edit", args=[item.pk]) in text
    assert "K-01" in text and "IT-samordnaren" in text and DUE.isoformat() in text
    item_page = client.get(reverse("klassning:unit_item_edit", args=[item.pk])).content.decode()
    assert "Skapad från iakttagelse" in item_page
    assert reverse("ledningssystem:finding_detail", args=[finding.pk]) in item_page
    assert reverse("ledningssystem:audit_detail", args=[finding.audit_id]) in item_page
    assert "Från iakttagelse ”Brist”" in item_page  # the requirement's history


def test_an_auditor_sees_the_link_to_the_plan_without_edit_links(plan, coordinator, unit_auditor,
                                                                 client_for):
    finding, item = plan
    _hand_over(coordinator, finding, item)
    text = client_for(unit_auditor).get(
        reverse("ledningssystem:finding_detail", args=[finding.pk])).content.decode()
    assert f"{reverse('klassning:unit_plan', args=[item.unit_id])}?q=K-01" in text
    assert reverse("klassning:unit_item_edit", args=[item.pk]) not in text
    assert _url(finding) not in text  # no "Lägg i åtgärdsplanen"


def test_the_pages_pick_a_requirement_then_hand_the_finding_over(plan, coordinator, client_for):
    finding, item = plan
    client = client_for(coordinator)
    pick = client.get(_url(finding)).content.decode()
    assert "Krav som hör till A.5.18" in pick  # K-01 and K-04 name 5.18: offered first
    assert f'<option value="{item.pk}" selected>' in pick
    form = client.get(_url(finding, item)).content.decode()
    assert 'name="due_date"' in form and f'value="{item.version}"' in form
    response = client.post(_url(finding, item), _post(item))
    assert response.status_code == 302
    assert response.url == reverse("ledningssystem:finding_detail", args=[finding.pk])
    item.refresh_from_db()
    assert item.status == PlanStatus.IN_PROGRESS and item.due_date == DUE
    assert FindingPlanItem.objects.filter(finding=finding, plan_item=item).exists()
    # The same requirement again: refused with a message, nothing changes.
    again = client.post(_url(finding, item), _post(item))
    assert again.status_code == 200 and "redan lagd" in again.content.decode()
    # No requirement chosen, or one not on the unit's plan: the picker again, with an error.
    assert "Välj ett krav" in client.post(_url(finding), {}).content.decode()
    assert "Välj ett krav" in client.get(_url(finding) + "?krav=999999").content.decode()


def test_another_units_finding_is_404(plan, outsider, client_for):
    finding, item = plan
    client = client_for(outsider)
    assert client.get(_url(finding, item)).status_code == 404
    assert client.post(_url(finding, item), _post(item)).status_code == 404
    with pytest.raises(PermissionDenied):
        _hand_over(outsider, finding, item)
    assert not FindingPlanItem.objects.exists()


def test_auditors_are_read_only(plan, unit_auditor, city_auditor, client_for):
    finding, item = plan
    for auditor in (unit_auditor, city_auditor):
        client = client_for(auditor)
        assert client.get(reverse("ledningssystem:finding_detail", args=[finding.pk])).status_code == 200
        assert client.get(_url(finding, item)).status_code == 403
        assert client.post(_url(finding, item), _post(item)).status_code == 403
        with pytest.raises(PermissionDenied):
            _hand_over(auditor, finding, item)
    item.refresh_from_db()
    assert item.status == PlanStatus.NOT_STARTED and not FindingPlanItem.objects.exists()


def test_a_deactivated_unit_is_read_only(plan, farsta, chief, security_function, client_for):
    finding, item = plan
    farsta = unit_services.unit_update(actor=None, unit=farsta, expected_version=farsta.version,
                                       is_active=False)
    finding.unit.refresh_from_db()
    client = client_for(chief)
    page = client.get(reverse("ledningssystem:finding_detail", args=[finding.pk]))
    assert page.status_code == 200 and _url(finding) not in page.content.decode()
    assert client.get(_url(finding, item)).status_code == 403
    assert client.post(_url(finding, item), _post(item)).status_code == 403
    with pytest.raises(PermissionDenied):
        _hand_over(chief, finding, item)
    assert not FindingPlanItem.objects.exists()
    # The city-wide security function still may (as everywhere on a deactivated unit).
    _hand_over(security_function, finding, item)
    assert FindingPlanItem.objects.count() == 1


def test_the_service_checks_the_requirement_not_only_the_form(plan, chief, bromma, make_person):
    finding, item = plan
    bromma_official = make_person("handlaggare.bromma", bromma, "official")
    bromma_chief = make_person("chef.bromma", bromma, "chief")
    approved(make_asset(bromma, bromma_official, name="Bromma register"), bromma_official,
             bromma_chief, {"K": 2, "R": 1, "T": 1, "S": 1})
    foreign = UnitRequirement.objects.filter(unit=bromma).first()
    with pytest.raises(ValidationError) as error:
        _hand_over(chief, finding, foreign)
    assert "plan_item" in error.value.message_dict
    UnitRequirement.objects.filter(pk=item.pk).update(is_current=False)
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        _hand_over(chief, finding, item)
    assert not FindingPlanItem.objects.exists()


def test_the_rules_of_the_hand_over(plan, chief, outsider):
    finding, item = plan
    with pytest.raises(ValidationError) as error:
        _hand_over(chief, finding, item, status=PlanStatus.FULFILLED, due_date=None,
                   responsible="")
    assert set(error.value.message_dict) == {"status", "due_date", "responsible"}
    # The plan's own rules hold, and a refusal there leaves no link behind (atomic).
    with pytest.raises(ValidationError) as error:
        _hand_over(chief, finding, item, responsible_user=outsider)
    assert "responsible_user" in error.value.message_dict
    with pytest.raises(StaleObjectError):
        services.finding_to_plan(actor=chief, finding=finding, plan_item=item,
                                 expected_version=item.version - 1,
                                 status=PlanStatus.NOT_STARTED, due_date=DUE, responsible="X")
    assert not FindingPlanItem.objects.exists()
    assert item.history.count() == UnitRequirement.history.filter(id=item.pk).count()
    item.refresh_from_db()
    assert item.due_date is None


def test_a_long_finding_title_fits_the_history_note(plan, chief):
    finding, item = plan
    finding = services.finding_update(actor=chief, finding=finding, expected_version=finding.version,
                                      title="Å" * 300)
    _hand_over(chief, finding, item)
    record = item.history.order_by("-history_date", "-history_id").first()
    assert len(record.history_change_reason) <= 100


@pytest.mark.parametrize("n", [5, 50])
def test_finding_list_and_pages_with_links_have_flat_query_counts(
    n, plan, farsta, chief, client_for, django_assert_max_num_queries
):
    finding, item = plan
    audit = finding.audit
    items = list(UnitRequirement.objects.filter(unit=farsta, is_current=True))
    for i in range(n):
        other = services.finding_create(actor=chief, audit=audit, unit=farsta,
                                        title=f"Brist {i:03}", severity="low")
        FindingPlanItem.objects.create(finding=other, plan_item=items[i % len(items)])
    for extra in items[: min(n, len(items))]:
        FindingPlanItem.objects.get_or_create(finding=finding, plan_item=extra)
    client = client_for(chief)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("ledningssystem:finding_list"))
    assert page.status_code == 200 and "Brist 000" in page.content.decode()
    with django_assert_max_num_queries(19):
        assert client.get(reverse("ledningssystem:finding_detail", args=[finding.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_url(finding, item)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("klassning:unit_item_edit", args=[items[0].pk])).status_code == 200
