"""The required profile kept on each IT service (``ITService.required_profile``) is what the
approved classifications of its assets say, after every write that can change it: an approval
(and the supersession it brings), linking and unlinking assets, retiring and reactivating a
consequence category, an aspect's change in the admin, seed_scale's bulk path, seed_demo, the
data migration; ``manage.py service_profiles`` finds and fixes a wrong value. The list and its
export show the kept value."""

import csv
import importlib
import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.urls import reverse

from klassning import selectors, services
from klassning.models import Aspect, ConsequenceCategory, ITService
from tests.klassning_helpers import approved, make_asset, make_service

pytestmark = pytest.mark.django_db


def recomputed() -> dict[int, str]:
    """{service id: profile} for every service, from the assessments themselves (not from the
    kept per-aspect levels nor the asset's kept approved classification): the highest level
    per aspect over the approved classifications of the service's assets, in active categories,
    säkerhetsskydd assets left out."""
    rows = (
        selectors.approved_assessment_levels()
        .values_list("classification__asset__it_services", "aspect_id")
        .annotate(level=Max("level")).order_by()
    )
    levels: dict[int, dict[int, int]] = {}
    for service_id, aspect_id, level in rows:
        if service_id is not None:
            levels.setdefault(service_id, {})[aspect_id] = level
    aspects = list(Aspect.objects.all())
    return {
        pk: services.profile_for(levels.get(pk, {}), aspects)
        for pk in ITService.objects.values_list("pk", flat=True)
    }


def kept() -> dict[int, str]:
    return dict(ITService.objects.values_list("pk", "required_profile"))


def assert_kept_right():
    assert kept() == recomputed()
    assert services.service_profile_mismatches() == []


def _kept_of(service) -> str:
    return ITService.objects.values_list("required_profile", flat=True).get(pk=service.pk)


def test_approval_and_supersession_keep_the_profile(farsta, official, chief):
    service = make_service(farsta, chief)
    other = make_service(farsta, chief, name="Ekonomisystemet")
    asset = make_asset(farsta, official, name="Elevregister", it_services=[service])
    assert _kept_of(service) == ""

    approved(asset, official, chief, {"K": 3, "R": 2, "T": 2, "S": 1})
    assert _kept_of(service) == "K3 R2 T2 S1"
    assert _kept_of(other) == ""
    assert_kept_right()

    # A reclassification with lower levels supersedes the first: only the new one counts.
    approved(asset, official, chief, {"K": 1, "R": 1, "T": 2, "S": 1})
    assert _kept_of(service) == "K1 R1 T2 S1"
    assert_kept_right()


def test_approval_keeps_the_service_version_and_history(farsta, official, chief):
    service = make_service(farsta, chief)
    asset = make_asset(farsta, official, it_services=[service])
    before = ITService.objects.get(pk=service.pk)
    records = service.history.count()
    approved(asset, official, chief, {"K": 2, "R": 2, "T": 2, "S": 2})
    after = ITService.objects.get(pk=service.pk)
    assert after.required_profile == "K2 R2 T2 S2"
    assert (after.version, after.updated_at) == (before.version, before.updated_at)
    assert service.history.count() == records


def test_linking_and_unlinking_assets_keep_the_profile(farsta, official, chief):
    service = make_service(farsta, chief)
    low = make_asset(farsta, official, name="Lokalbokning", it_services=[service])
    approved(low, official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    high = make_asset(farsta, official, name="Elevhälsa")
    approved(high, official, chief, {"K": 4, "R": 3, "T": 2, "S": 3})
    assert _kept_of(service) == "K1 R1 T1 S1"

    # Linking the higher asset (from the asset's form, the service's side of the link).
    high = services.asset_update(actor=official, asset=high, expected_version=high.version,
                                 it_services=[service])
    assert _kept_of(service) == "K4 R3 T2 S3"
    assert_kept_right()

    # Unlinked again: back to the lower asset's levels.
    services.asset_update(actor=official, asset=high, expected_version=high.version,
                          it_services=[])
    assert _kept_of(service) == "K1 R1 T1 S1"
    assert_kept_right()

    # The last asset unlinked: nothing required.
    services.asset_update(actor=official, asset=low, expected_version=low.version, it_services=[])
    assert _kept_of(service) == ""
    assert_kept_right()


def test_a_retired_category_stops_counting_and_counts_again_when_reactivated(
    farsta, official, chief
):
    service = make_service(farsta, chief)
    asset = make_asset(farsta, official, it_services=[service])
    approved(asset, official, chief, {"K": 1, "R": 1, "T": 1, "S": 1}, peaks={("K", "miljo"): 4})
    assert _kept_of(service) == "K4 R1 T1 S1"
    miljo = ConsequenceCategory.objects.get(code="miljo")
    miljo.is_active = False
    services.consequence_category_save(actor=None, category=miljo)
    assert _kept_of(service) == "K1 R1 T1 S1"
    assert_kept_right()
    miljo.is_active = True
    services.consequence_category_save(actor=None, category=miljo)
    assert _kept_of(service) == "K4 R1 T1 S1"
    assert_kept_right()


def test_an_aspects_new_code_in_the_admin_is_the_profiles_text(
    farsta, official, chief, admin_client
):
    service = make_service(farsta, chief)
    asset = make_asset(farsta, official, it_services=[service])
    approved(asset, official, chief, {"K": 3, "R": 2, "T": 2, "S": 1})
    aspect = Aspect.objects.get(code="S")
    url = reverse("admin:klassning_aspect_change", args=[aspect.pk])
    response = admin_client.post(url, {"code": "SP", "name": aspect.name,
                                       "guidance": aspect.guidance, "order": aspect.order})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _kept_of(service) == "K3 R2 T2 SP1"
    assert_kept_right()


def test_the_list_and_its_export_show_the_kept_profile(client_for, farsta, official, chief):
    service = make_service(farsta, chief, name="Skolplattformen")
    make_service(farsta, chief, name="Tomma tjänsten")
    asset = make_asset(farsta, official, it_services=[service])
    approved(asset, official, chief, {"K": 3, "R": 2, "T": 2, "S": 1})
    client = client_for(official)
    body = client.get(reverse("klassning:service_list")).content.decode()
    assert "K3 R2 T2 S1" in body
    response = client.get(reverse("klassning:service_list") + "?format=csv")
    rows = list(csv.reader(io.StringIO(
        b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("Nivå som krävs")
    assert {row[0]: row[column] for row in rows[1:]} == {
        "Skolplattformen": "K3 R2 T2 S1", "Tomma tjänsten": "",
    }


def test_the_command_finds_and_fixes_a_wrong_profile(farsta, official, chief):
    service = make_service(farsta, chief)
    asset = make_asset(farsta, official, it_services=[service])
    approved(asset, official, chief, {"K": 3, "R": 2, "T": 2, "S": 1})
    out = io.StringIO()
    call_command("service_profiles", stdout=out)
    assert "stämmer" in out.getvalue()

    ITService.objects.filter(pk=service.pk).update(required_profile="K1")  # a data fix gone wrong
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("service_profiles", stdout=out)
    assert f"It-tjänst {service.pk}: sparad K1, beräknad K3 R2 T2 S1" in out.getvalue()
    call_command("service_profiles", fix=True, stdout=io.StringIO())
    assert _kept_of(service) == "K3 R2 T2 S1"
    assert_kept_right()


@pytest.fixture
def city_seeded(settings):
    settings.DEBUG = True
    call_command("seed_scale", scale=0.01, stdout=io.StringIO())


def test_seed_scale_keeps_the_profiles_and_the_migration_fills_the_same(city_seeded):
    before = kept()
    assert sum(1 for p in before.values() if p) > 5  # the comparison is not vacuous
    assert_kept_right()

    ITService.objects.update(required_profile="")
    migration = importlib.import_module("klassning.migrations.0021_itservice_required_profile")
    state = MigrationExecutor(connection).loader.project_state(
        ("klassning", "0021_itservice_required_profile"))
    migration.fill(state.apps, SimpleNamespace(connection=connection))
    assert kept() == before


def test_seed_demo_keeps_the_profiles(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert any(kept().values())
    assert_kept_right()
    assert get_user_model().objects.exists()
