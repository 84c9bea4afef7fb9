"""The per-aspect levels kept on each classification (``ClassificationAspectLevel``) are the
live maximum over its assessments in active categories, and the pages' aggregates read from
them give what the assessments give: on generated data (``seed_scale``), after retiring and
reactivating a category (through the service and through the admin), after a new
classification version, and as the data migration fills them."""

import importlib
import io
from collections import defaultdict
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.urls import reverse

from klassning import handover, selectors, services
from klassning.models import (
    Aspect,
    Classification,
    ClassificationAspectLevel,
    ClassificationAssessment,
    ClassificationStatus,
    ConsequenceCategory,
    InformationAsset,
    ITService,
)
from nämnder.models import OrganisationUnit, Role
from nämnder.scale import security_username
from tests.klassning_helpers import approved

pytestmark = pytest.mark.django_db


def stored() -> dict[tuple[int, int], int]:
    return {
        (r.classification_id, r.aspect_id): r.level
        for r in ClassificationAspectLevel.objects.all()
    }


def live() -> dict[tuple[int, int], int]:
    rows = (
        ClassificationAssessment.objects.filter(category__is_active=True)
        .values("classification_id", "aspect_id").annotate(level=Max("level")).order_by()
    )
    return {(r["classification_id"], r["aspect_id"]): r["level"] for r in rows}


def _grouped(rows, key) -> dict:
    out: dict = defaultdict(dict)
    for row in rows:
        out[row[key]][row["aspect_id"]] = row["level"]
    return dict(out)


def assert_readers_agree():
    """Every reader of the aggregate gives, from the stored levels, what the assessments give."""
    assert stored() == live()
    base = selectors.approved_assessment_levels()
    for unit in OrganisationUnit.objects.all():
        expected = selectors._levels(base.filter(classification__asset__unit=unit))
        assert selectors.unit_aspect_levels(unit=unit) == expected
        assert handover.cause_levels(unit=unit) == _grouped(
            base.filter(classification__asset__unit=unit)
            .values("classification__asset_id", "aspect_id").annotate(level=Max("level")).order_by(),
            "classification__asset_id",
        )
    services_ = list(ITService.objects.all())
    aspects = list(Aspect.objects.all())
    per_service = _grouped(
        base.filter(classification__asset__it_services__in=services_)
        .values("classification__asset__it_services", "aspect_id")
        .annotate(level=Max("level")).order_by(),
        "classification__asset__it_services",
    )
    assert selectors.service_profiles(services_) == {
        sid: services.profile_for(levels, aspects) for sid, levels in per_service.items()
    }
    for service in services_:
        expected = selectors._levels(base.filter(classification__asset__it_services=service))
        assert selectors.service_aspect_levels(service=service) == expected
        causes = handover.cause_levels(service=service)
        # The service's page reads the levels with its listed assets and causes.
        assert selectors.it_service_asset_summary(
            user=AnonymousUser(), service=service, listed=0, causes=1,
        ).levels == expected
        assert causes == _grouped(
            base.filter(classification__asset__it_services=service)
            .values("classification__asset_id", "aspect_id").annotate(level=Max("level")).order_by(),
            "classification__asset_id",
        )


@pytest.fixture
def city_seeded(settings):
    settings.DEBUG = True
    call_command("seed_scale", scale=0.01, stdout=io.StringIO())


@pytest.fixture
def city_security(city_seeded):
    return get_user_model().objects.get(username=security_username())


def test_seeded_levels_are_the_live_ones_through_retire_reactivate_and_reclassify(
    city_security, make_person
):
    assert ClassificationAspectLevel.objects.exists()
    assert_readers_agree()
    before = stored()

    # Retire the category that decides most levels: the levels drop where it decided them.
    category = ConsequenceCategory.objects.filter(is_active=True).order_by("pk").first()
    category.is_active = False
    services.consequence_category_save(actor=city_security, category=category)
    assert stored() != before  # the retirement mattered: the comparison below is not vacuous
    assert_readers_agree()

    # Reactivated: back to what it was.
    category.is_active = True
    services.consequence_category_save(actor=city_security, category=category)
    assert stored() == before
    assert_readers_agree()

    # A new version of an approved classification, while a category is retired.
    category.is_active = False
    services.consequence_category_save(actor=city_security, category=category)
    farsta = OrganisationUnit.objects.get(short_name="farsta")
    asset = InformationAsset.objects.filter(
        unit=farsta, latest_status=ClassificationStatus.APPROVED).order_by("pk").first()
    old = asset.current_classification_id
    submitter = make_person("nivaer.handlaggare", farsta, Role.OFFICIAL)
    approver = make_person("nivaer.chef", farsta, Role.CHIEF)
    new = approved(asset, submitter, approver, {"K": 4, "R": 0, "T": 1, "S": 2})
    assert Classification.objects.get(pk=old).status == ClassificationStatus.SUPERSEDED
    aspects = {a.code: a.pk for a in Aspect.objects.all()}
    assert {a: stored()[(new.pk, pk)] for a, pk in aspects.items()} == {"K": 4, "R": 0, "T": 1, "S": 2}
    assert_readers_agree()
    category.is_active = True
    services.consequence_category_save(actor=city_security, category=category)
    assert_readers_agree()


def test_the_admin_retires_a_category_through_the_service(city_security, client_for):
    category = ConsequenceCategory.objects.filter(is_active=True).order_by("pk").first()
    before = stored()
    url = reverse("admin:klassning_consequencecategory_change", args=[category.pk])
    form = {"code": category.code, "name": category.name, "guidance": category.guidance,
            "order": category.order}  # "is_active" left out: unticked
    response = client_for(city_security).post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert not category.is_active
    assert stored() != before
    assert_readers_agree()
    form["is_active"] = "on"
    assert client_for(city_security).post(url, form).status_code == 302
    assert stored() == before
    assert_readers_agree()


def test_a_draft_save_and_a_cleared_cell_keep_the_levels(farsta, official):
    from tests.klassning_helpers import draft, make_asset

    asset = make_asset(farsta, official)
    c = draft(asset, official, {"K": 3, "R": 2, "T": 1, "S": 0})
    assert stored() == live() and len(stored()) == 4
    k = Aspect.objects.get(code="K")
    cells = {
        (k.pk, category.pk): (None, "") for category in ConsequenceCategory.objects.filter(is_active=True)
    }
    services.classification_save(actor=official, classification=c, expected_version=c.version,
                                 assessments=cells)
    assert (c.pk, k.pk) not in stored()
    assert stored() == live()


def test_the_data_migration_fills_what_the_services_keep(city_seeded):
    before = stored()
    ClassificationAspectLevel.objects.all().delete()
    migration = importlib.import_module("klassning.migrations.0018_fill_classification_aspect_levels")
    state = MigrationExecutor(connection).loader.project_state(
        ("klassning", "0018_fill_classification_aspect_levels"))
    migration.fill(state.apps, SimpleNamespace(connection=connection))
    assert stored() == before == live()
