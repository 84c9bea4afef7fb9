"""Issue 9: an IT service's assets with their approved levels are read in one grouped pass
(``selectors.it_service_asset_rows``: the links joined to the levels of each asset's approved
classification) instead of a subquery per asset and aspect. The rows must say what the old
reading said: each asset's levels those of its *approved* classification (not a newer draft),
none for an asset without one, NULL for an aspect the classification has no level of; every
asset in name order, ``can_view`` by the viewer's units."""

import pytest
from django.urls import reverse

from klassning import selectors, services
from klassning.models import ClassificationAspectLevel, InformationAsset
from tests.klassning_helpers import approved, draft, make_asset, make_service

pytestmark = pytest.mark.django_db


def _old_rows(service, user):
    """The rows as the per-aspect subqueries read them: the levels of the asset's
    ``current_classification`` (its approved one), by aspect."""
    from nämnder import access

    seen = set(access.restrict(user, InformationAsset.objects.all()).values_list("pk", flat=True))
    rows = []
    for asset in service.assets.select_related("unit").order_by("name", "pk"):
        levels = dict(
            ClassificationAspectLevel.objects.filter(
                classification_id=asset.current_classification_id
            ).values_list("aspect_id", "level")
        ) if asset.current_classification_id else {}
        rows.append((asset.pk, asset.name, asset.unit.name, asset.unit.short_name,
                     asset.approved_profile, asset.security_protection, asset.pk in seen,
                     levels))
    return rows


def _new_rows(service, user):
    return [
        (a.pk, a.name, a.unit.name, a.unit.short_name, a.approved_profile,
         a.security_protection, a.can_view, a.levels)
        for a in selectors.it_service_asset_rows(
            user=user, service=service, aspects=selectors.aspects()
        )
    ]


@pytest.fixture
def mixed_service(official, chief, farsta, bromma, outsider, make_person):
    from nämnder.roles import Role

    bromma_chief = make_person("chef.bromma", bromma, Role.CHIEF)
    service = make_service(farsta, official, name="Delad tjänst", user_units=[farsta, bromma])
    # Approved, then a newer draft with other levels: the approved levels count.
    revised = make_asset(farsta, official, name="Betyg")
    approved(revised, official, chief, {"K": 2, "R": 2, "T": 1, "S": 1})
    draft(revised, official, {"K": 4, "R": 4, "T": 4, "S": 4})
    # Approved twice: the second approval's levels.
    twice = make_asset(farsta, official, name="Anteckningar")
    approved(twice, official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    approved(twice, official, chief, {"K": 3, "R": 2, "T": 2, "S": 1})
    # Only a draft, never approved: no levels.
    drafted = make_asset(farsta, official, name="Utkast")
    draft(drafted, official, {"K": 4, "R": 4, "T": 4, "S": 4})
    # Never classified.
    bare = make_asset(farsta, official, name="Oklassad")
    # An approved classification with no level of one aspect (a retired category's only
    # assessment): that aspect NULL, the others as approved.
    partial = make_asset(farsta, official, name="Delvis")
    classification = approved(partial, official, chief, {"K": 2, "R": 3, "T": 2, "S": 2})
    ClassificationAspectLevel.objects.filter(
        classification=classification, aspect__code="T"
    ).delete()
    # Another unit's approved asset: counted in the levels, not openable for Farsta's chief.
    theirs = make_asset(bromma, outsider, name="Bromma register")
    approved(theirs, outsider, bromma_chief, {"K": 4, "R": 1, "T": 1, "S": 1})
    # A name that must be escaped wherever it is written.
    script = make_asset(farsta, official, name="<script>alert(1)</script>")
    approved(script, official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    service.assets.add(revised, twice, drafted, bare, partial, theirs, script)
    services.plans_recompute_for_service(actor=official, service=service)
    return service


@pytest.mark.parametrize("who", ["security_function", "chief"])
def test_grouped_rows_say_what_the_per_aspect_subqueries_said(who, request, mixed_service):
    user = request.getfixturevalue(who)
    new, old = _new_rows(mixed_service, user), _old_rows(mixed_service, user)
    assert new == old
    by_name = {row[1]: row for row in new}
    codes = {a.pk: a.code for a in selectors.aspects()}

    def levels(name):
        return {codes[pk]: level for pk, level in by_name[name][7].items()}

    assert levels("Betyg") == {"K": 2, "R": 2, "T": 1, "S": 1}
    assert levels("Anteckningar") == {"K": 3, "R": 2, "T": 2, "S": 1}
    assert levels("Utkast") == {} and levels("Oklassad") == {}
    assert levels("Delvis") == {"K": 2, "R": 3, "S": 2}
    assert by_name["Bromma register"][6] is (who == "security_function")


def test_service_page_shows_the_approved_levels_and_escapes_names(
    client_for, chief, mixed_service,
):
    page = client_for(chief).get(
        reverse("klassning:service_detail", args=[mixed_service.pk])
    ).content.decode()
    # The highest approved level per aspect over every asset, Bromma's included; not the drafts.
    assert "<td>K4</td><td>R3</td><td>T2</td><td>S2</td>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Bromma register" not in page.split('id="assets"')[1].split('id="krav"')[0]
