"""The Statement of Applicability follows the unit's action plan."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from klassning import selectors as klassning
from klassning import services as klassning_services
from ledningssystem import selectors, services
from ledningssystem.models import AnnexAControl
from ledningssystem.selectors.soa import APPLIES, EXCLUDED, NOT_ASSESSED, control_ids
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db


def test_93_controls_in_four_themes(farsta):
    assert AnnexAControl.objects.count() == 93
    assert AnnexAControl.objects.filter(theme="people").count() == 8
    assert AnnexAControl.objects.filter(title="").count() == 93  # ids only: no ISO text shipped


def test_soa_figures_match_the_action_plan(farsta, official, chief):
    asset = make_asset(farsta, official, name="Elevregister", personal_data="sensitive")
    approved(asset, official, chief, {"K": 3, "R": 2, "T": 2, "S": 2})
    items = list(klassning.unit_plan(unit=farsta).select_related("requirement"))
    assert items
    first = items[0]
    klassning_services.plan_item_update(actor=chief, item=first, expected_version=first.version,
                                        status="fulfilled", evidence_note="Rutin finns")
    rows = {r["control_id"]: r for r in selectors.statement_rows(unit=farsta)}
    # Every control an applicable current requirement names applies; its figures come from the plan.
    expected: dict[str, list[str]] = {}
    statuses = {i.requirement.code: i.status for i in klassning.unit_plan(unit=farsta).select_related("requirement")}
    for item in klassning.unit_plan(unit=farsta).select_related("requirement"):
        for cid in control_ids(item.requirement.iso_controls):
            expected.setdefault(cid, []).append(item.requirement.code)
    for cid, codes in expected.items():
        row = rows[cid]
        assert row["applicability"] == APPLIES, cid
        assert set(codes) <= set(row["requirements"]), cid
        assert row["fulfilled"] >= sum(statuses[c] == "fulfilled" for c in set(codes))
    untouched = [cid for cid in rows if cid not in expected and not rows[cid]["requirements"]]
    assert all(rows[cid]["applicability"] == NOT_ASSESSED for cid in untouched)
    figures = selectors.statement_figures(list(rows.values()))
    assert figures["applies"] >= len(expected)
    assert figures["applies"] + figures["excluded"] + figures["not_assessed"] == 93


def test_exclusion_needs_justification_and_overrides(farsta, chief, client_for):
    control = AnnexAControl.objects.get(control_id="7.4")
    with pytest.raises(ValidationError):
        services.statement_set(actor=chief, unit=farsta, control=control, applicability="excluded")
    services.statement_set(actor=chief, unit=farsta, control=control, applicability="excluded",
                           justification="Inga egna lokaler med fysisk övervakning.")
    row = next(r for r in selectors.statement_rows(unit=farsta) if r["control_id"] == "7.4")
    assert row["applicability"] == EXCLUDED and "lokaler" in row["justification"]
    client = client_for(chief)
    csv = client.get(reverse("ledningssystem:soa", args=[farsta.pk]) + "?format=csv")
    assert "Inga egna lokaler" in b"".join(csv.streaming_content).decode("utf-8-sig")
    edit = client.post(reverse("ledningssystem:soa_edit", args=[farsta.pk, "7.4"]), {
        "applicability": "excluded", "justification": "", "version": 1})
    assert edit.status_code == 200 and "Motivera" in edit.content.decode()


def test_soa_of_another_unit_is_404_and_auditor_read_only(farsta, outsider, unit_auditor, client_for):
    assert client_for(outsider).get(reverse("ledningssystem:soa", args=[farsta.pk])).status_code == 404
    auditor = client_for(unit_auditor)
    assert auditor.get(reverse("ledningssystem:soa", args=[farsta.pk])).status_code == 200
    assert auditor.get(reverse("ledningssystem:soa_edit", args=[farsta.pk, "5.1"])).status_code == 403
