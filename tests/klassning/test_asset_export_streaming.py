"""The asset export (issue 9): the rows a unit member sees on the list, streamed in blocks.

- the CSV and XLSX hold exactly the list's visible rows (all pages, same cells), also filtered;
- both are streamed: the header leaves before the rows' query runs, the body comes in several
  blocks, and the writer's memory does not grow with the number of rows;
- the XLSX is a valid workbook (dates as dates, text never a formula, header bold);
- control characters of older data are stripped (a carriage return in a text area survives).
"""

import csv
import datetime as dt
import io
import re
import tracemalloc
import zipfile
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from isms import exports as isms_exports
from isms.exports import Column, export_response
from klassning import services
from klassning.models import Classification, ClassificationStatus, InformationAsset, PersonalData

pytestmark = pytest.mark.django_db

LIST = reverse("klassning:asset_list")
ROW = re.compile(r"<tr>\s*<td><a href=\"/informationsmangder/\d+/\">(.*?)</tr>", re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


def _populate(unit, other, n=60):
    assets = InformationAsset.objects.bulk_create(
        InformationAsset(
            unit=unit, name=f"Mängd {i:03}", personal_data=PersonalData.SENSITIVE,
            process="Ärende\x07hantering" if i == 0 else "Ärendehantering",
            security_protection=i == 5,
        )
        for i in range(n)
    )
    Classification.objects.bulk_create(
        [Classification(asset=a, number=1, status=ClassificationStatus.APPROVED,
                        profile="K3 R2 T2 S1",
                        review_due="2020-01-01" if i % 3 == 0 else "2099-01-01")
         for i, a in enumerate(assets[: n // 2]) if i != 5]
        + [Classification(asset=a, number=1, status=ClassificationStatus.DRAFT)
           for a in assets[n // 2: n // 2 + 5]]
    )
    InformationAsset.objects.bulk_create(
        InformationAsset(unit=other, name=f"Annan {i}") for i in range(5)
    )
    services.classification_state_refresh()


def _list_rows(client, query=""):
    """The list's rows over all its pages: (name, unit, profile, status, review date)."""
    rows, page = [], 1
    while True:
        html = client.get(f"{LIST}?{query}&sida={page}").content.decode()
        for match in ROW.finditer(html):
            cells = [unescape(TAG.sub("", c)).strip() for c in CELL.findall(
                '<td><a href="">' + match.group(1))]
            name, unit, profile, status, review = cells[:5]
            rows.append((name, unit, "" if profile == "–" else profile, status,
                         "" if review == "–" else review.split()[0]))
        if f"sida={page + 1}" not in html:
            return rows
        page += 1


def _csv_rows(client, query=""):
    response = client.get(f"{LIST}?{query}&format=csv")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *body = list(csv.reader(io.StringIO(text), delimiter=";"))
    return [dict(zip(header, r, strict=True)) for r in body]


def _as_list_row(r, review):
    return (r["Namn"], r["Enhet"], r["Profil"], r["Senaste klassning"], review)


@pytest.mark.parametrize("query", ["", "status=approved", "review=overdue", "sort=-namn",
                                   "q=M%C3%A4ngd+01"])
def test_csv_export_is_the_list_a_unit_member_sees(client_for, official, farsta, bromma, query):
    _populate(farsta, bromma)
    client = client_for(official)
    listed = _list_rows(client, query)
    exported = [_as_list_row(r, r["Ska ses över senast"].split()[0] if r["Ska ses över senast"]
                             else "") for r in _csv_rows(client, query)]
    assert listed  # the list shows something for every filter here
    assert exported == listed  # same rows, same order, same cells
    assert not any(r[1] == bromma.name for r in exported)  # another unit's assets stay hidden


def test_xlsx_export_is_the_list_a_unit_member_sees(client_for, official, farsta, bromma):
    _populate(farsta, bromma)
    client = client_for(official)
    response = client.get(f"{LIST}?format=xlsx")
    assert response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *body = list(sheet.iter_rows(values_only=True))
    rows = [dict(zip(header, r, strict=True)) for r in body]
    exported = [
        _as_list_row({k: v or "" for k, v in r.items()},
                     r["Ska ses över senast"].date().isoformat() if r["Ska ses över senast"]
                     else "")
        for r in rows
    ]
    assert exported == _list_rows(client)
    protected = next(r for r in rows if r["Namn"] == "Mängd 005")
    assert protected["Säkerhetsskydd"] == "Ja" and protected["Process/verksamhet"] is None
    assert protected["Senaste klassning"] == "Säkerhetsskydd – klassas inte i portalen"
    overdue = next(r for r in rows if r["Namn"] == "Mängd 003")
    assert overdue["Ska ses över senast"] == dt.datetime(2020, 1, 1)  # a date cell, not text
    assert overdue["Försenad översyn"] == "Ja"
    assert rows[0]["Process/verksamhet"] == "Ärendehantering"  # the control character is gone
    assert sheet["A1"].font.b  # the header is bold


def test_exports_ask_the_list_selector(client_for, official, farsta, bromma, monkeypatch):
    """The export reads the rows through the same selector (and filters) as the page."""
    from klassning import selectors

    _populate(farsta, bromma, n=3)
    calls = []
    real = selectors.asset_list

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(selectors, "asset_list", spy)
    client = client_for(official)
    b"".join(client.get(f"{LIST}?status=draft&format=csv").streaming_content)
    assert calls and calls[0]["user"] == official and calls[0]["status"] == "draft"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_streams_in_blocks_and_the_header_leaves_first(
    client_for, official, farsta, bromma, fmt, monkeypatch, django_assert_num_queries
):
    _populate(farsta, bromma, n=200)
    monkeypatch.setattr(isms_exports, "CHUNK_BYTES", 2048)
    response = client_for(official).get(f"{LIST}?format={fmt}")
    assert response.streaming
    chunks = iter(response.streaming_content)
    with django_assert_num_queries(0):  # the first block is sent before the rows are read
        first = next(chunks)
    rest = list(chunks)
    body = first + b"".join(rest)
    if fmt == "csv":
        assert len(rest) >= 3  # several blocks, not one string
        assert body.decode("utf-8-sig").count("\n") == 201
    else:  # (the deflated sheet comes in blocks of ~30 kB: see the next test)
        assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
        assert load_workbook(io.BytesIO(body)).active.max_row == 201


def _synthetic_rows(n):
    for i in range(n):
        yield {"name": f"Informationsmängd nummer {i} med ett ganska långt namn", "level": i,
               "due": dt.date(2026, 1, 1) + dt.timedelta(days=i % 400),
               "note": "Anteckning " * 5}


SYNTHETIC = [Column("Namn", lambda r: r["name"]), Column("Nivå", lambda r: r["level"]),
             Column("Datum", lambda r: r["due"]), Column("Not", lambda r: r["note"])]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_memory_stays_flat_whatever_the_number_of_rows(fmt):
    """The writer holds one block: its peak memory (Python allocations) for 50,000 rows is what
    2,000 rows take, far below the export's size."""

    def peak(n):
        tracemalloc.start()
        try:
            response = export_response(rows=_synthetic_rows(n), columns=SYNTHETIC, title="T",
                                       fmt=fmt)
            size = blocks = 0
            for chunk in response.streaming_content:
                size, blocks = size + len(chunk), blocks + 1
            return tracemalloc.get_traced_memory()[1], size, blocks
        finally:
            tracemalloc.stop()

    small_peak, _small_size, _blocks = peak(2_000)
    big_peak, big_size, blocks = peak(50_000)
    assert big_size > 1_000_000 and blocks >= 20  # sent in many blocks
    assert big_peak < 2_000_000  # not the whole file (6.5 MB as CSV, 10 MB of sheet XML)
    assert big_peak < small_peak * 1.2 + 100_000  # 25 times the rows, the same memory


def test_xlsx_cells_text_numbers_dates_and_odd_text():
    rows = [{
        "text": "=HYPERLINK(\"x\")", "n": 3, "f": 2.5, "d": dt.date(2026, 3, 1),
        "t": dt.datetime(2026, 3, 1, 14, 30), "b": True, "none": None,
        "odd": "  Rad 1\r\nRad 2 <b>&\x01\x0b\x7f\ufffe slut ",
    }]
    columns = [Column(k, lambda r, k=k: r[k]) for k in rows[0]]
    response = export_response(rows=rows, columns=columns, title="Plan: a/b [x]?*", fmt="xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.title == "Plan  a b  x"  # Excel's forbidden sheet-name characters replaced
    values = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, len(columns) + 1)}
    assert values["text"].value == '=HYPERLINK("x")' and values["text"].data_type == "s"
    assert values["n"].value == 3 and values["f"].value == 2.5
    assert values["d"].value == dt.datetime(2026, 3, 1)
    assert values["d"].number_format == "yyyy-mm-dd"
    assert values["t"].value == dt.datetime(2026, 3, 1, 14, 30)
    assert values["b"].value == "Ja" and values["none"].value is None
    assert values["odd"].value == "  Rad 1\r\nRad 2 <b>& slut "  # spaces, CR/LF and markup kept


def test_csv_strips_control_characters_of_older_data(client_for, official, farsta, bromma):
    _populate(farsta, bromma, n=3)
    InformationAsset.objects.filter(name="Mängd 001").update(
        name="Mängd\x01 001", responsible="Sa\x02ra\x7f"
    )
    text = b"".join(
        client_for(official).get(f"{LIST}?format=csv").streaming_content
    ).decode("utf-8-sig")
    assert "Mängd 001;" in text and ";Sara;" in text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
