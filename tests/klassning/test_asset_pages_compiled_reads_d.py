"""The asset page, its history and the classification form read the asset (or classification)
by its key with SQL built once per process and decide who may see it from its unit; which IT
services a person may see is one query built once per process too. On PostgreSQL the asset's
read, the risk and incident panels' link reads and a unit role's permissions are prepared statements
(planned once per database session). What each person sees is what it was."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klassning import selectors
from klassning.models import ITService
from klassning.selectors.services import _visible_services, visible_service_ids
from nämnder import access
from nämnder.models import Role
from tests.klassning_helpers import draft, make_asset, make_service

pytestmark = pytest.mark.django_db

LEVELS = {"K": 2, "R": 2, "T": 2, "S": 1}


def _fresh(user):
    """The same person as a new request sees them (nothing kept on the user object)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def services_world(farsta, bromma, make_unit, official, make_person):
    vantor = make_unit("vantor")
    owner = make_person("forvaltare.vantor", vantor, Role.OFFICIAL)
    return {
        "own": make_service(farsta, official, name="Farstas egen"),
        "used": make_service(bromma, None, name="Används av Farsta", user_units=[farsta]),
        "run": make_service(vantor, None, name="Drivs av förvaltaren", owner=owner),
        "other": make_service(vantor, None, name="Vantörs egen"),
        "owner": owner,
        "no_unit": make_person("leverantor.utan.enhet"),
    }


def test_visible_services_are_the_visibility_rules_for_every_person(
    services_world, official, outsider, chief, security_function, city_auditor,
):
    ids = [s.pk for s in ITService.objects.all()]
    owner, no_unit = services_world["owner"], services_world["no_unit"]
    ITService.objects.filter(pk=services_world["other"].pk).update(owner=no_unit)
    people = [official, outsider, chief, security_function, city_auditor, owner, no_unit]
    for person in people:
        expected = set(_visible_services(_fresh(person)).values_list("pk", flat=True))
        assert visible_service_ids(_fresh(person), ids) == expected, person.username
    assert visible_service_ids(_fresh(official), ids) == {
        services_world["own"].pk, services_world["used"].pk}
    assert visible_service_ids(_fresh(owner), ids) == {
        services_world["run"].pk, services_world["other"].pk}
    assert visible_service_ids(_fresh(no_unit), ids) == {services_world["other"].pk}
    inactive = _fresh(official)
    inactive.is_active = False
    assert visible_service_ids(inactive, ids) == set()


def test_visible_services_one_query_then_none_in_the_request(services_world, official):
    person = _fresh(official)
    access.unit_ids_for(person)
    ids = [services_world["own"].pk, services_world["other"].pk]
    with CaptureQueriesContext(connection) as queries:
        assert visible_service_ids(person, ids) == {services_world["own"].pk}
        assert visible_service_ids(person, ids[:1]) == {services_world["own"].pk}
    assert len(queries) == 1


def test_asset_and_classification_reads_keep_who_may_see_them(
    farsta, official, chief, outsider, security_function, unit_auditor,
):
    asset = make_asset(farsta, official, name="<script>alert(1)</script> Register")
    classification = draft(asset, official, LEVELS)
    for person in (official, chief, security_function, unit_auditor):
        assert selectors.asset_get(user=_fresh(person), pk=asset.pk) == asset
        found = selectors.classification_get(user=_fresh(person), pk=classification.pk)
        assert found == classification and found.asset.unit == farsta
    assert selectors.asset_get(user=_fresh(official), pk=str(asset.pk)).unit == farsta
    for pk in (asset.pk + 1000, "x", None, 2**63, -(2**63) - 1):
        with pytest.raises(Http404):
            selectors.asset_get(user=_fresh(official), pk=pk)
    with pytest.raises(Http404):
        selectors.asset_get(user=_fresh(outsider), pk=asset.pk)
    with pytest.raises(Http404):
        selectors.classification_get(user=_fresh(outsider), pk=classification.pk)
    with pytest.raises(PermissionDenied):
        selectors.classification_get(
            user=_fresh(unit_auditor), pk=classification.pk, perm=access.EDIT_RECORDS
        )
    assert selectors.classification_get(
        user=_fresh(official), pk=classification.pk, perm=access.EDIT_RECORDS
    ) == classification


def test_pages_show_the_same_to_each_person(client_for, farsta, official, outsider, services_world):
    asset = make_asset(farsta, official, name="<script>alert(1)</script> Register")
    for service in ("own", "other"):
        services_world[service].assets.add(asset)
    classification = draft(asset, official, LEVELS)
    client = client_for(official)
    body = client.get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)" in body
    assert "Farstas egen" in body and "Vantörs egen" not in body
    history = client.get(reverse("klassning:asset_history", args=[asset.pk]))
    assert history.status_code == 200
    form = client.get(reverse("klassning:classification_edit", args=[classification.pk]))
    assert form.status_code == 200
    other = client_for(outsider)
    for url in (reverse("klassning:asset_detail", args=[asset.pk]),
                reverse("klassning:asset_history", args=[asset.pk]),
                reverse("klassning:classification_edit", args=[classification.pk])):
        assert other.get(url).status_code == 404


def test_the_chiefs_asset_page_reads_are_prepared_statements(
    need_postgres, client_for, farsta, official, chief, services_world,
):
    asset = make_asset(farsta, official)
    services_world["own"].assets.add(asset)
    client = client_for(chief)
    url = reverse("klassning:asset_detail", args=[asset.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    prepared = [s for s in sql if "/* prepared statement" in s]
    assert any('FROM "klassning_informationasset"' in s and "LIMIT" not in s for s in prepared)
    assert any("guardian_groupobjectpermission" in s for s in prepared)
    assert any("risk_risk_information_assets" in s for s in prepared)
    assert any("incidenter_incident_assets" in s for s in prepared)
