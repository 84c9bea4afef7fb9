"""Issue 9: what an IT service's page shows of its assets is read in one query that ranks and
counts them in the database (``selectors.it_service_asset_summary``), where the page first
read every asset with its levels (an asset per subquery and aspect, later one grouped pass).
It must say what reading every asset said: each asset's levels those of its *approved*
classification (not a newer draft), none for an asset without one, none for an aspect the
classification has no level of; the assets listed in name order, only those the viewer may
open; each requirement's causes the first assets in name order whose level reaches it."""

import pytest
from django.urls import reverse

from klassning import handover, selectors, services
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


def _summary(service, user, listed=50, causes=5):
    return selectors.it_service_asset_summary(
        user=user, service=service, listed=listed, causes=causes,
    )


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
@pytest.mark.parametrize("listed", [1, 2, 50])
def test_the_assets_listed_are_the_first_the_viewer_may_open(who, listed, request, mixed_service):
    user = request.getfixturevalue(who)
    old = [row for row in _old_rows(mixed_service, user) if row[6]]
    summary = _summary(mixed_service, user, listed=listed)
    assert [(a.pk, a.name, a.unit.name, a.unit.short_name, a.approved_profile, a.can_view)
            for a in summary.listed] == [row[:5] + (True,) for row in old][:listed]
    assert summary.viewable == len(old)
    assert ("Bromma register" in [row[1] for row in old]) is (who == "security_function")


@pytest.mark.parametrize("who", ["security_function", "chief"])
def test_the_levels_are_the_highest_approved_ones(who, request, mixed_service):
    user = request.getfixturevalue(who)
    old = {}
    for row in _old_rows(mixed_service, user):
        if not row[5]:
            for aspect_id, level in row[7].items():
                old[aspect_id] = max(level, old.get(aspect_id, -1))
    codes = {a.pk: a.code for a in selectors.aspects()}
    levels = _summary(mixed_service, user).levels
    assert levels == old
    # Bromma's K4 counts for the chief too: the service needs it whoever looks.
    assert {codes[pk]: level for pk, level in levels.items()} == {
        "K": 4, "R": 3, "T": 2, "S": 2,
    }


@pytest.mark.parametrize("who", ["security_function", "chief"])
@pytest.mark.parametrize("shown", [1, 2, 5])
def test_each_requirement_names_the_causes_reading_every_asset_named(
    who, shown, request, mixed_service,
):
    user = request.getfixturevalue(who)

    def causes(items):
        return [(i.pk, [(a.pk, a.name, a.unit.short_name, a.can_view) for a in i.causes],
                 i.more_causes) for i in items]

    items = list(selectors.service_plan(service=mixed_service))
    assert items
    fast = handover.service_causes(
        items, summary=_summary(mixed_service, user, causes=shown), shown=shown,
    )
    walked = handover.attach_causes(
        list(selectors.service_plan(service=mixed_service)), user=user, service=mixed_service,
        shown=shown, levels=handover.cause_levels(service=mixed_service),
    )
    assert causes(fast) == causes(walked)
    assert any(i.more_causes for i in fast) or shown == 5
    named = {a.name: a.can_view for i in fast for a in i.causes}
    if "Bromma register" in named:
        assert named["Bromma register"] is (who == "security_function")


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
