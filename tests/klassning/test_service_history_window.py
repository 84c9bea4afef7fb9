"""Issue 9 at city scale: an IT service's history names what each save linked and unlinked,
not every link before and after, and its page shows the latest saves with the rest on its own
history page, each page at a fixed cost however long the history.

Every record of a service holds all its links then (simple-history's ``m2m_fields``), and a
service the whole city shares gets a record for each asset a unit links to it: at city scale
its page showed 50 entries each listing hundreds of names (2.2 MB, 1.6–2.2 s)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from isms.history import LINKS_SHOWN, HistoryEntry, m2m_entries_from, swedish_key
from klassning.models import ITService
from klassning.views import it_services
from tests.klassning_helpers import make_asset, make_service

pytestmark = pytest.mark.django_db


def _shared(farsta, bromma, chief, outsider, n, name="Plattformen", prefix="Register"):
    """A Farsta service Bromma uses too, with ``n`` assets linked one save each (every other
    one Bromma's), a minute apart: "Register 00" first."""
    service = make_service(farsta, chief, name=name, user_units=[farsta, bromma])
    for i in range(n):
        unit, actor = (farsta, chief) if i % 2 == 0 else (bromma, outsider)
        make_asset(unit, actor, name=f"{prefix} {i:02}", it_services=[service])
    records = ITService.history.filter(id=service.pk).order_by("history_date", "history_id")
    start = records.first().history_date
    for k, record in enumerate(records):
        ITService.history.filter(history_id=record.history_id).update(
            history_date=start + dt.timedelta(minutes=k))
    return service


def _history_rows(html: str) -> list[str]:
    block = html.split('id="history"')[1] if 'id="history"' in html else html
    body = block.split("<tbody>")[1].split("</tbody>")[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in body.split("</tr>") if "<td" in row]


def test_service_page_shows_latest_saves_as_what_they_linked(
    client_for, security_function, chief, outsider, farsta, bromma,
):
    service = _shared(farsta, bromma, chief, outsider, 14)
    url = reverse("klassning:service_detail", args=[service.pk])
    html = client_for(security_function).get(url).content.decode()
    rows = _history_rows(html)
    assert len(rows) == it_services.DETAIL_HISTORY
    # The newest save first, naming the one asset it linked: not the other 13 already there.
    assert "Informationsmängder: tillagda: Register 13" in rows[0]
    assert "Register 12" not in rows[0]
    assert "Informationsmängder: tillagda: Register 04" in rows[-1]
    assert "<ins>Register 13</ins>" in html
    assert f'href="{reverse("klassning:service_history", args=[service.pk])}"' in html
    assert "Visa hela historiken" in html

    # Bromma's official sees Bromma's assets come, not Farsta's (which they may not open).
    rows = _history_rows(client_for(outsider).get(url).content.decode())
    linked = [r for r in rows if "tillagda" in r]
    assert linked and all(
        int(n) % 2 == 1 for r in linked for n in re.findall(r"Register (\d\d)", r)
    )


def test_history_page_pages_through_every_save_at_the_same_cost(
    client_for, security_function, chief, outsider, farsta, bromma, monkeypatch,
):
    monkeypatch.setattr(it_services, "HISTORY_PAGE", 5)
    service = _shared(farsta, bromma, chief, outsider, 12)
    client = client_for(security_function)
    url = reverse("klassning:service_history", args=[service.pk])
    client.get(url)  # the session warmed
    seen, counts, number = [], [], 1
    while True:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"sida": number})
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
        html = response.content.decode()
        seen += _history_rows(html)
        if 'rel="next"' not in html:
            break
        number += 1
    # 13 saves (created, then 12 links): three pages of five.
    assert number == 3
    linked = [re.search(r"tillagda: Register (\d\d)", r).group(1) for r in seen if "Register" in r]
    assert linked == [f"{i:02}" for i in range(11, -1, -1)]
    assert "Skapad: It-tjänst Plattformen" in seen[-1]
    assert "Varje sida visar 5 sparningar" in html
    assert len(set(counts)) == 1, counts
    # A page past the end is empty, not an error; junk is the first page.
    assert client.get(url, {"sida": 99}).status_code == 200
    assert "Register 11" in client.get(url, {"sida": "x"}).content.decode()


def test_service_page_costs_the_same_for_a_short_and_a_long_link_history(
    client_for, security_function, chief, outsider, farsta, bromma,
):
    short = _shared(farsta, bromma, chief, outsider, 2, name="Kort", prefix="Kort")
    long = _shared(farsta, bromma, chief, outsider, 25, name="Lång", prefix="Lång")
    client = client_for(security_function)
    client.get(reverse("start"))
    counts = []
    for service in (short, long, short, long):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(
                reverse("klassning:service_detail", args=[service.pk])).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[2] == counts[3], counts


def test_link_changes_name_a_few_in_swedish_order_and_count_the_rest():
    names = {i: f"Namn {i:02}" for i in range(LINKS_SHOWN + 3)}
    names.update({100: "Zeta", 101: "Åsa", 102: "Ärende", 103: "Öka", 104: "Alfa", 105: "Élan"})
    assert sorted(["Öka", "Ärende", "Åsa", "Zeta", "Élan", "alfa"], key=swedish_key) == [
        "alfa", "Élan", "Zeta", "Åsa", "Ärende", "Öka"]

    class Record:
        def __init__(self, history_id, minute):
            self.history_id, self.history_user = history_id, None
            self.history_date = dt.datetime(2026, 1, 1, 12, minute, tzinfo=dt.UTC)

    base, first, second = Record(1, 0), Record(2, 1), Record(3, 2)
    snapshots = {1: {100, 101}, 2: {100, 101, 102, 103, 104, 105, *range(LINKS_SHOWN + 3)},
                 3: {102, 103, 104, 105}}
    entries = m2m_entries_from(
        model=ITService, records=[first, second], base=base,
        columns=[("Informationsmängder", snapshots, names)], label=lambda r: "Tjänsten",
    )
    assert [type(e) for e in entries] == [HistoryEntry, HistoryEntry]
    added = entries[0].changes[0]
    # 17 linked: the first ten in Swedish order, the rest counted; nothing unlinked.
    assert added.added == ("Alfa, Élan, Namn 00, Namn 01, Namn 02, Namn 03, Namn 04, Namn 05, "
                           "Namn 06, Namn 07 och 7 till")
    assert added.removed == ""
    assert added.new == f"tillagda: {added.added}"
    removed = entries[1].changes[0]
    assert removed.added == ""
    # 15 unlinked (Zeta and Åsa after the Namn ones): ten named.
    assert removed.removed == ", ".join(f"Namn {i:02}" for i in range(10)) + " och 5 till"
    assert removed.new == f"borttagna: {removed.removed}"
    # Linked ids whose names the viewer may not see are left out; a change of only those
    # is no entry.
    hidden = m2m_entries_from(
        model=ITService, records=[first], base=base,
        columns=[("Informationsmängder", {1: {100}, 2: {100, 999}}, names)], label=str,
    )
    assert hidden == []


def test_a_save_between_the_two_reads_does_not_move_the_window(
    chief, outsider, farsta, bromma,
):
    """The history reads the window's records, then the links in them: a save made in
    between (another official linking an asset) is not in the links read, and the window's
    oldest save is still compared with the one before it."""
    from klassning.selectors import services as reads

    service = _shared(farsta, bromma, chief, outsider, 4)
    read = list(reads._service_records(service.pk)[:3])  # two saves and the one before
    make_asset(farsta, chief, name="Kom emellan", it_services=[service])
    newest = ITService.history.filter(id=service.pk).latest("history_id")
    # After the others (``_shared`` dated them a minute apart from its start).
    ITService.history.filter(history_id=newest.history_id).update(
        history_date=read[0].history_date + dt.timedelta(minutes=1))
    links = reads._service_links(service, records=3, skip=0, read=read)
    assert newest.history_id not in links["asset_links"]
    assert "Kom emellan" not in links["asset_names"].values()
    # Registers 02 and 03 change within the window (the base holds 00 and 01 only).
    assert set(links["asset_names"].values()) == {"Register 02", "Register 03"}
