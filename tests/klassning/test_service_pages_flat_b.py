"""Issue 9: an IT service's page and the IT service list cost the same number of queries
whether a service handles a handful of assets or more than the page names, for a city-wide
role and for a unit's chief; and the page lists, counts and names as causes only what the
viewer may open."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klassning import services
from klassning.models import (
    Aspect,
    Classification,
    ClassificationAssessment,
    ClassificationStatus,
    ConsequenceCategory,
    InformationAsset,
    ITService,
    ITServiceKind,
)
from klassning.views.it_services import ASSETS_SHOWN

pytestmark = pytest.mark.django_db

# The service page's queries for a chief (session, person, second factor, permissions, header,
# the service, its plan, its assets, its users, its history, the panels and the read log of a
# protected service; 21 for the city-wide role). Before its reads were folded its assets were
# read four times (and once more when there were more than it names). The units using it and
# its link history are one query (``selectors.services._service_links``, was three), and the
# list reads each service's kept required profile (``ITService.required_profile``) with it.
MAX_SERVICE_PAGE = 20
MAX_SERVICE_LIST = 7


def _service(name, units, actor, n):
    """A service owned by the first unit, used by all, handling ``n`` approved K3 assets spread
    over the units (named "<name> 000", ...)."""
    assets = InformationAsset.objects.bulk_create(
        InformationAsset(unit=units[i % len(units)], name=f"{name} {i:03}") for i in range(n)
    )
    classifications = Classification.objects.bulk_create(
        Classification(asset=a, number=1, status=ClassificationStatus.APPROVED,
                       profile="K3 R2 T2 S1", review_due="2099-01-01")
        for a in assets
    )
    category = ConsequenceCategory.objects.filter(is_active=True).first()
    levels = {"K": 3, "R": 2, "T": 2, "S": 1}
    ClassificationAssessment.objects.bulk_create(
        ClassificationAssessment(classification=c, aspect=aspect, category=category,
                                 level=levels[aspect.code])
        for c in classifications for aspect in Aspect.objects.all()
    )
    services.classification_state_refresh()
    services.classification_levels_refresh()
    service = ITService.objects.create(unit=units[0], name=name, kind=ITServiceKind.PLATFORM)
    service.user_units.add(*units)
    service.assets.add(*assets)
    services.plans_recompute_for_service(actor=actor, service=service)
    return service


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries.captured_queries)


def test_service_pages_cost_the_same_for_few_and_many_assets(
    client_for, security_function, chief, farsta, bromma,
):
    small = _service("Liten", [farsta, bromma], chief, 3)
    large = _service("Stor", [farsta, bromma], chief, ASSETS_SHOWN + 30)
    for user in (security_function, chief):
        client = client_for(user)
        client.get(reverse("start"))  # the session warmed
        pages = [reverse("klassning:service_detail", args=[s.pk]) for s in (small, large)]
        counts = [_count(client, url) for url in pages + pages]
        assert counts[0] == counts[1], (user.username, counts)
        assert max(counts[2:]) <= MAX_SERVICE_PAGE, (user.username, counts)
        listing = reverse("klassning:service_list")
        assert _count(client, listing) <= MAX_SERVICE_LIST
        assert _count(client, listing + "?sida=9999") <= MAX_SERVICE_LIST


def test_service_page_lists_counts_and_names_only_what_the_viewer_may_open(
    client_for, security_function, chief, farsta, bromma,
):
    service = _service("Delad", [farsta, bromma], chief, ASSETS_SHOWN + 30)
    url = reverse("klassning:service_detail", args=[service.pk])
    everyone = client_for(security_function).get(url).content.decode()
    listed = re.findall(r'<li><a href="/informationsmangder/(\d+)/">Delad (\d+)</a> \(([^)]+)\)',
                        everyone)
    assert [n for _pk, n, _unit in listed] == [f"{i:03}" for i in range(ASSETS_SHOWN)]
    assert "och 30 informationsmängder till: visa alla" in everyone

    # The farsta chief sees the farsta assets (every other one) only: the first ASSETS_SHOWN
    # of them by name, the rest counted, linked to the full list.
    own = client_for(chief).get(url).content.decode()
    listed = re.findall(r'<li><a href="/informationsmangder/\d+/">Delad (\d+)</a> \(([^)]+)\)',
                        own)
    assert [n for n, _unit in listed] == [f"{i:03}" for i in range(0, 80, 2)]
    assert {unit for _n, unit in listed} == {farsta.name}
    assert "visa alla" not in own.split('id="assets"')[1].split('id="krav"')[0]
    # A requirement's causes: the first five by name, Bromma's named without a link.
    requirements = own.split('id="krav"')[1].split('id="history"')[0]
    assert 'Delad 000</a>' in requirements and "Delad 001 (" in requirements
    assert '">Delad 001</a>' not in requirements
    assert "och 75 informationsmängder till" in requirements
    # The required level per aspect counts every asset, also those the chief cannot open.
    assert "<td>K3</td><td>R2</td><td>T2</td><td>S1</td>" in own


@pytest.mark.parametrize("records", [1, 2, 4, 50])
def test_service_history_windows_show_what_the_whole_history_shows(
    records, chief, official, farsta, bromma, outsider,
):
    """The history read a window of records at a time (the page's newest ones, then each
    page of the history page) shows, window after window, what reading every record and every
    link at once shows: each change of the service's own fields and each link added or
    removed, with only the assets the reader may see; and each window costs the same number
    of queries."""
    import datetime as dt

    from isms.history import entries_for, m2m_entries
    from klassning import selectors
    from nämnder import access
    from tests.klassning_helpers import make_asset, make_service

    service = make_service(farsta, chief, name="Plattformen", user_units=[farsta])
    for i, units in enumerate(([bromma], [farsta], [farsta, bromma])):
        service = services.it_service_update(
            actor=official, service=service, expected_version=service.version,
            user_units=units, manager=f"Förvaltare {i}",
        )
    make_asset(farsta, chief, name="Elevregister", it_services=[service])
    make_asset(bromma, outsider, name="Brommas register", it_services=[service])
    asset = make_asset(farsta, chief, name="Avtal", it_services=[service])
    services.asset_update(actor=chief, asset=asset, expected_version=asset.version,
                          it_services=[])
    # A minute apart: no two saves are one change (``isms.history.MERGE_WINDOW``).
    start = ITService.history.filter(id=service.pk).earliest("history_date").history_date
    for n, record in enumerate(ITService.history.filter(id=service.pk)
                               .order_by("history_date", "history_id")):
        ITService.history.filter(history_id=record.history_id).update(
            history_date=start + dt.timedelta(minutes=n))
    service = ITService.objects.select_related("unit", "owner").get(pk=service.pk)

    def shown(entries):
        return [(e.date, e.action, e.object_label,
                 [(c.field, c.old, c.new, c.added, c.removed) for c in e.changes])
                for e in entries]

    for user in (chief, outsider):
        whole = entries_for(
            [ITService.history.filter(id=service.pk)], label=lambda record, names: record.name,
            known=[service.unit],
        ) + m2m_entries(
            instance=service, label=lambda record: record.name,
            fields={"user_units": None,
                    "assets": access.restrict(user, InformationAsset.objects.all())},
        )
        whole.sort(key=lambda e: e.date, reverse=True)
        got, counts, skip = [], [], 0
        while True:
            with CaptureQueriesContext(connection) as queries:
                window = selectors.it_service_history(
                    service=service, user=user, records=records, skip=skip,
                )
            counts.append(len(queries.captured_queries))
            got += window.entries
            skip += records
            if not window.has_next:
                break
        assert shown(got) == shown(whole)
        assert skip >= ITService.history.filter(id=service.pk).count()
        assert len(set(counts)) == 1, counts
    names = [c.added or c.removed for e in got for c in e.changes if c.field == "Informationsmängder"]
    # The outsider (Bromma's) sees Bromma's asset come; not Farsta's.
    assert names == ["Brommas register"]
