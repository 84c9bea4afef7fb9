"""The audit log's CSV/XLSX export: the filtered rows (and only the viewer's), streamed, read in
keyset batches so memory stays flat at millions of events."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from isms import exports as isms_exports
from sparbarhet import selectors_log
from sparbarhet.models import AuditEvent
from tests.klassning_helpers import make_asset
from tests.sparbarhet.log_helpers import URL, add_events, csv_rows

pytestmark = pytest.mark.django_db
ASSET = "klassning.informationasset"


@pytest.fixture
def asset(farsta, coordinator):
    return make_asset(farsta, coordinator, name="Elevregister")


def test_the_csv_holds_the_filtered_rows_with_every_column(
    asset, farsta, bromma, chief, official, outsider, security_function, client_for
):
    make_asset(bromma, outsider, name="Bromma-registret")
    add_events(4, unit=farsta, actor=chief, objects=[(ASSET, asset.pk)], address="2001:db8::1")
    add_events(3, unit=farsta, actor=official, objects=[(ASSET, asset.pk)])
    rows = csv_rows(client_for(security_function).get(
        f"{URL}?unit={farsta.pk}&person=chef.farsta&format=csv"
    ))
    expected = AuditEvent.objects.filter(unit=farsta, actor=chief).order_by("-seq")
    assert [int(r["Löpnummer"]) for r in rows] == [e.seq for e in expected]
    first, event = rows[0], expected[0]
    assert first == {
        "Löpnummer": str(event.seq), "Tidpunkt": first["Tidpunkt"], "Slag": "Ändring",
        "Händelse": "Ändrad", "Person": "Chef Farsta", "Användarnamn": "chef.farsta",
        "Enhet": "Farsta stadsdelsnämnd", "Objekttyp": "Informationsmängd",
        "Objekt": "Elevregister", "Objekt-id": str(asset.pk), "Klientadress": "2001:db8::1",
        "Kontrollsumma": event.hash, "Föregående kontrollsumma": event.prev_hash,
    }
    assert first["Tidpunkt"].startswith(str(event.occurred_at.year))


def test_a_chiefs_export_holds_only_their_units_events(
    asset, farsta, bromma, outsider, chief, client_for
):
    make_asset(bromma, outsider, name="Bromma-registret")
    rows = csv_rows(client_for(chief).get(f"{URL}?format=csv"))
    assert {r["Enhet"] for r in rows} == {"Farsta stadsdelsnämnd"}
    assert len(rows) == AuditEvent.objects.filter(unit=farsta).count()


def test_the_xlsx_export_has_a_row_per_event(asset, farsta, chief, client_for):
    add_events(30, unit=farsta, actor=chief, objects=[(ASSET, asset.pk)])
    response = client_for(chief).get(f"{URL}?kind=change&format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 1 + AuditEvent.objects.filter(unit=farsta).count()
    assert sheet.cell(1, 1).value == "Löpnummer"


def test_the_header_leaves_before_the_rows_are_read(
    asset, farsta, chief, client_for, monkeypatch, django_assert_num_queries
):
    add_events(300, unit=farsta, actor=chief, objects=[(ASSET, asset.pk)])
    monkeypatch.setattr(isms_exports, "CHUNK_BYTES", 2048)
    response = client_for(chief).get(f"{URL}?format=csv")
    chunks = iter(response.streaming_content)
    with django_assert_num_queries(0):
        next(chunks)
    assert len(list(chunks)) >= 3  # several blocks, not one string


def test_the_export_reads_in_keyset_batches_each_event_once(asset, farsta, chief):
    add_events(95, unit=farsta, actor=chief, objects=[(ASSET, asset.pk), (ASSET, None)])
    filt = selectors_log.LogFilter(unit_ids=[farsta.pk])
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors_log.log_export_rows(filt=filt, viewer=chief, units={}, batch=10))
    seqs = [row.seq for row in rows]
    assert seqs == list(AuditEvent.objects.filter(unit=farsta).values_list("seq", flat=True))
    events_queries = [q["sql"] for q in ctx.captured_queries if "sparbarhet_auditevent" in q["sql"]]
    assert len(events_queries) == len(seqs) // 10 + 1
    assert not any("OFFSET" in sql for sql in events_queries)
    # Each batch holds at most ``batch`` rows in memory: every query is LIMITed to it.
    assert all("LIMIT 10" in sql for sql in events_queries)
