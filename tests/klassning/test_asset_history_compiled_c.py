"""The asset page's history block and linked services are read with SQL built once per process
(``isms.history.CompiledHistory``/``CompiledLinks``, ``isms.compiled``): what a person sees is
exactly what the querysets built at each request give, cell edits diffed against the record
before the window included, and only the services the person may open."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from isms.history import entries_for, link_entries
from klassning import history as link_history
from klassning import selectors, services
from klassning.models import (
    Classification,
    ClassificationAssessment,
    InformationAsset,
    ITService,
)
from klassning.selectors.services import _visible_services
from tests.klassning_helpers import approved, assessments, make_asset, make_service

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 1}


def _plain_history(asset, user, limit):
    """The history as the querysets built at each request give it (before the compiled reads)."""
    numbers = dict(asset.classifications.values_list("pk", "number"))
    querysets = [InformationAsset.history.filter(id=asset.pk)]
    if not asset.security_protection:
        querysets += [
            Classification.history.filter(asset_id=asset.pk),
            ClassificationAssessment.history.filter(classification_id__in=list(numbers)),
        ]
    entries = entries_for(
        querysets,
        label=lambda record, names: (
            f"v{record.number}" if hasattr(record, "number")
            else f"{names.get('aspect', {}).get(record.aspect_id, '')} / "
                 f"{names.get('category', {}).get(record.category_id, '')}"
            if hasattr(record, "category_id") else record.name
        ),
        group=lambda record, names: (
            f"v{numbers.get(record.classification_id, '?')}"
            if hasattr(record, "category_id") else None
        ),
        limit=limit,
    )
    entries = link_history.group_assessments(entries)
    entries += link_entries(
        model=ITService, field="assets", target=asset, visible=_visible_services(user),
        label=lambda record: record.name,
    )
    if asset.security_protection:
        entries = link_history.redact_security_protection(entries)
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries


def _shown(entries):
    return [
        (e.date, getattr(e.user, "pk", None), e.action, e.object_type, e.object_label,
         [(c.field, c.old, c.new) for c in e.changes], e.reason)
        for e in entries
    ]


def _edit_one_cell(classification, actor, level):
    """A save of a draft that changes one cell: its record's predecessor is far back."""
    cells = assessments(LEVELS)
    first = next(iter(cells))
    cells[first] = (level, "Ändrad efter samråd")
    return services.classification_save(
        actor=actor, classification=classification, expected_version=classification.version,
        assessments=cells, below_minimum_motivation="Bedömt lägre än förslaget",
    )


@pytest.fixture
def busy_asset(official, chief, farsta, bromma, outsider):
    """Versions, an edited draft, and links to a Farsta service and to a Bromma service Farsta
    does not use (seen by the city, not by Farsta's chief)."""
    asset = make_asset(farsta, official, name="Elevregister")
    for _ in range(2):
        approved(asset, official, chief, LEVELS)
    draft = services.classification_start(actor=official, asset=asset)
    draft = services.classification_save(
        actor=official, classification=draft, expected_version=draft.version,
        assessments=assessments(LEVELS), below_minimum_motivation="Bedömt lägre än förslaget",
    )
    for level in (1, 2, 3):
        draft = _edit_one_cell(draft, official, level)
    own = make_service(farsta, chief, name="Farstas skolplattform")
    foreign = make_service(bromma, outsider, name="Brommas arkiv")
    # The links are written as the services write them (with their history).
    for service in (own, foreign):
        service.assets.add(asset)
        service._history_user = chief
        service.save()
    asset.refresh_from_db()
    return asset


@pytest.mark.parametrize("limit", [10, 3, None])
@pytest.mark.parametrize("who", ["official", "chief", "security_function"])
def test_history_is_what_the_querysets_give(request, busy_asset, who, limit):
    user = request.getfixturevalue(who)
    asset = selectors.asset_get(user=user, pk=busy_asset.pk)
    compiled = selectors.asset_history(asset=asset, user=user, limit=limit)
    assert _shown(compiled) == _shown(_plain_history(asset, user, limit))
    # And when the page hands over its classifications and reference data.
    ref = selectors.reference_data()
    given = selectors.asset_history(
        asset=asset, user=user, limit=limit,
        classifications=selectors.asset_classifications(asset=asset),
        known=[*ref["aspects"], *ref["categories"]],
    )
    assert _shown(given) == _shown(compiled)


def test_cell_edits_are_diffed_against_the_record_before_the_window(busy_asset):
    """The three newest cell records are the three edits; the first one's predecessor (the
    draft's first save) is outside the window and still shown as "before"."""
    from klassning.selectors.assets import _ASSESSMENT_HISTORY

    numbers = list(busy_asset.classifications.values_list("pk", flat=True))
    plain = entries_for(
        [ClassificationAssessment.history.filter(classification_id__in=numbers)], limit=3
    )
    compiled = entries_for([_ASSESSMENT_HISTORY.bind(asset_id=busy_asset.pk)], limit=3)
    assert _shown(compiled) == _shown(plain)
    changes = [c for e in compiled for c in e.changes]
    assert ("Nivå", "3", "1") in [(c.field, c.old, c.new) for c in changes]
    assert ("Nivå", "2", "3") in [(c.field, c.old, c.new) for c in changes]


def test_linked_services_and_their_history_only_those_the_person_may_open(
    client_for, busy_asset, chief, security_function
):
    url = reverse("klassning:asset_detail", args=[busy_asset.pk])
    body = client_for(chief).get(url).content.decode()
    assert "Farstas skolplattform" in body
    assert "Brommas arkiv" not in body  # neither in the list nor in the history
    body = client_for(security_function).get(url).content.decode()
    assert body.count("Brommas arkiv") >= 2  # the list and the history's link entry


def test_security_protection_asset_history_is_redacted(official, chief, farsta):
    asset = make_asset(farsta, official, name="Skyddsobjekt", security_protection=True,
                       security_protection_note="Hanteras utanför portalen.")
    services.asset_update(actor=official, asset=asset, expected_version=asset.version,
                          security_protection_note="Ny notering.")
    asset = selectors.asset_get(user=chief, pk=asset.pk)
    for limit in (10, None):
        compiled = selectors.asset_history(asset=asset, user=chief, limit=limit)
        assert _shown(compiled) == _shown(_plain_history(asset, chief, limit))
        assert compiled


def test_full_history_costs_the_same_with_few_or_many_versions(client_for, official, chief, farsta):
    """Each version used to be named with a query of its own (its asset)."""
    few = make_asset(farsta, official, name="Några versioner")
    many = make_asset(farsta, official, name="Många versioner")
    for asset, times in ((few, 2), (many, 6)):
        for _ in range(times):
            approved(asset, official, chief, LEVELS)
    client = client_for(official)
    client.get(reverse("start"))
    counts = []
    for asset in (few, many):
        url = reverse("klassning:asset_history", args=[asset.pk])
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content.decode()
        counts.append(len(queries))
        assert f"{asset.name} v1" in body or "v1" in body
    assert counts[0] == counts[1]
