"""An adversarial pass over the streaming CSV/XLSX writer: the XLSX opens (ZIP parts, content
types, styles) with the right types, text never becomes a formula, sheet names and cells stay
within what Excel accepts, CSV neutralises formulas and keeps the BOM Swedish Excel needs."""

import datetime as dt
import io
import zipfile
from operator import itemgetter

from django.db import models
from openpyxl import load_workbook

from isms.exports import Column, export_response


def _xlsx(rows, columns, title="Export"):
    response = export_response(rows=rows, columns=columns, title=title, fmt="xlsx")
    return b"".join(response.streaming_content)


def _csv(rows, columns):
    response = export_response(rows=rows, columns=columns, title="x", fmt="csv")
    return b"".join(response.streaming_content).decode("utf-8")


def _columns(n):
    return [Column(f"K{i}", itemgetter(i)) for i in range(n)]


class Level(models.IntegerChoices):
    HIGH = 3, "Hög"


def test_the_xlsx_package_is_complete_and_values_keep_their_types():
    row = (
        '=HYPERLINK("http://x";"klick")', "+1", "@SUM(A1)", 42, 2.5, dt.date(2024, 2, 29),
        dt.datetime(2024, 1, 1, 12, 30, 15), True, None, "a\x00b\x1fc\ud800\ufffe", " lead ",
        "rad 1\r\nrad 2", "Åsa Öberg & <Co>", 10**15,
    )
    data = _xlsx([row], _columns(len(row)))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert set(archive.namelist()) >= {
        "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
        "xl/styles.xml", "xl/worksheets/sheet1.xml",
    }
    cells = list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=False))[0]
    values = [c.value for c in cells]
    assert values[:3] == ['=HYPERLINK("http://x";"klick")', "+1", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in cells[:3])
    assert values[3] == 42 and values[4] == 2.5 and values[13] == 10**15
    assert values[5] == dt.datetime(2024, 2, 29) and cells[5].number_format == "yyyy-mm-dd"
    assert values[6] == dt.datetime(2024, 1, 1, 12, 30, 15)
    assert values[7] == "Ja" and values[8] is None and values[9] == "abc"
    assert values[10] == " lead " and values[11] == "rad 1\r\nrad 2"
    assert values[12] == "Åsa Öberg & <Co>"


def test_a_sheet_name_never_starts_or_ends_with_an_apostrophe():
    for title in ("Krav på Kalle'", "'Citat'", "Krav på [x]:*?/\\ '"):
        name = load_workbook(io.BytesIO(_xlsx([], _columns(1), title=title))).active.title
        assert not name.startswith("'") and not name.endswith("'"), name
        assert len(name) <= 31


def test_a_cell_never_holds_more_than_excel_allows():
    """Excel refuses a cell of more than 32,767 characters (UTF-16 code units)."""
    rows = [("x" * 40_000, "😀" * 20_000, "y" * 32_767)]
    sheet = load_workbook(io.BytesIO(_xlsx(rows, _columns(3)))).active
    long_text, emoji, exact = (c.value for c in sheet[2])
    assert len(long_text.encode("utf-16-le")) // 2 <= 32_767
    assert long_text.startswith("x" * 30_000)
    assert len(emoji.encode("utf-16-le")) // 2 <= 32_767
    assert emoji.startswith("😀" * 16_000)
    assert exact == "y" * 32_767  # at the limit: untouched


def test_an_integer_choice_is_a_number():
    sheet = load_workbook(io.BytesIO(_xlsx([(Level.HIGH,)], _columns(1)))).active
    assert sheet["A2"].value == 3


def test_csv_keeps_the_bom_and_neutralises_every_formula_start():
    rows = [("=1+1",), ("+1",), ("-1+1",), ("@SUM(A1)",), ("\t=1",), ("\r=1",), ("a\x00b",),
            ("vanlig;text",)]
    body = _csv(rows, _columns(1))
    assert body.startswith("\ufeffK0\r\n")
    lines = body.split("\r\n")
    assert lines[1:5] == ["'=1+1", "'+1", "'-1+1", "'@SUM(A1)"]
    assert lines[5] == "'\t=1"
    assert "\"'\r=1\"" in body
    assert "ab" in body and "\x00" not in body
    assert '"vanlig;text"' in body


def test_a_long_cell_with_a_lone_surrogate_still_exports():
    sheet = load_workbook(io.BytesIO(_xlsx([("\ud800" + "x" * 40_000,)], _columns(1)))).active
    assert sheet["A2"].value.startswith("xxx")
