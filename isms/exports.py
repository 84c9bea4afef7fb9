"""One export mechanism for every register: the columns a page shows, as CSV or XLSX.

A register describes its columns once (header + how to read the value from a row) and hands
the rows it already narrowed through the access module, lazily (a generator or a queryset's
``.iterator()``; a register with many rows hands plain tuples from ``values_list()`` rather than
model instances, see ``klassning.exports``). Columns look their display labels up once, not per
row.

Both formats are streamed: the response is a generator that sends blocks of about
``CHUNK_BYTES`` as the rows are read, so the first byte leaves at once and the worker holds one
block (plus what the queryset iterator fetches at a time), whatever the number of rows.

- CSV is written for Swedish Excel (UTF-8 with BOM, semicolon separated); text that a
  spreadsheet would run as a formula gets a leading apostrophe (CSV injection).
- XLSX is written by a minimal streaming writer (``_xlsx_chunks``): the worksheet XML (inline
  strings, so no shared-string table to hold) is deflated into a ZIP written to a non-seekable
  sink (sizes in data descriptors), drained after every block of rows. Text is always a text
  cell, never a formula. Dates and times are numbers with a date format, as Excel stores them.

Text cells lose any control character (tab and line breaks stay): input refuses them, but older
data may hold one (it would garble the CSV and make the XLSX invalid XML).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from .validators import strip_control_characters

FORMATS = ("csv", "xlsx")
# The size of the blocks the response sends (and the most the writer holds before sending).
CHUNK_BYTES = 64 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]


def _cell(value):
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        # Text stored before control characters were refused at input: drop them, or one such
        # character would break the whole XLSX export and garble the CSV.
        return strip_control_characters(value)
    if kind is bool:
        return "Ja" if value else "Nej"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, dt.date)):
        return value
    return strip_control_characters(str(value))


def _csv_safe(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in text cells."""
    text = value if type(value) is str else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _csv_chunks(rows: Iterable, columns: list[Column]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow([c.header for c in columns])
    # The header leaves before the rows' query runs.
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    values = [c.value for c in columns]
    for row in rows:
        writer.writerow([_csv_safe(_cell(value(row))) for value in values])
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def xlsx_bytes(*, rows: Iterable, columns: list[Column], title: str) -> bytes:
    """The same workbook as an XLSX export, whole, for a file that is not a response (a report's
    attachment)."""
    return b"".join(_xlsx_chunks(rows, columns, title=title))


def export_response(
    *, rows: Iterable, columns: list[Column], title: str, fmt: str
) -> HttpResponse:
    """A download of ``rows`` with ``columns`` in ``fmt`` ("csv" or "xlsx"), streamed."""
    stamp = timezone.localdate().isoformat()
    filename = f"{slugify(title) or 'export'}-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_chunks(rows, columns), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = StreamingHttpResponse(
            _xlsx_chunks(rows, columns, title=title), content_type=XLSX_CONTENT_TYPE
        )
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- XLSX ---------------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_CONTENT_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Styles: 0 plain, 1 bold (the header), 2 a date, 3 a date and time (ISO, as the pages show).
_STYLE_HEADER, _STYLE_DATE, _STYLE_DATETIME = 1, 2, 3
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
# Characters XML 1.0 cannot carry at all (the control characters are gone already).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0 (1900 date system)
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# The most characters (UTF-16 code units) Excel takes in one cell; a longer text is cut, marked
# with an ellipsis, or Excel reports the whole file as damaged.
CELL_MAX = 32_767


def _workbook(title: str) -> str:
    # Excel also refuses a sheet name that starts or ends with an apostrophe.
    name = _SHEET_NAME_FORBIDDEN.sub(" ", strip_control_characters(title))[:31].strip(" '")
    return (
        _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name="{_escape(name or "Export", quote=True)}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def _escape(text: str, *, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;")
    if "\r" in text:  # a parser would turn a bare CR into a line feed
        text = text.replace("\r", "&#13;")
    return _NOT_XML.sub("", text)


def _column_letters(n: int) -> list[str]:
    letters = []
    for index in range(1, n + 1):
        name = ""
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _fit(text: str) -> str:
    """``text`` cut to ``CELL_MAX`` UTF-16 code units (a character outside the BMP counts
    two), ending in "…" when cut."""
    if len(text) <= CELL_MAX // 2:
        return text
    units = text.encode("utf-16-le", errors="surrogatepass")
    if len(units) <= 2 * CELL_MAX:
        return text
    # Half a surrogate pair left at the cut goes with the characters XML cannot carry.
    return units[: 2 * (CELL_MAX - 1)].decode("utf-16-le", errors="surrogatepass") + "…"


def _text_cell(ref: str, text: str, style: str = "") -> str:
    text = _fit(text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _xlsx_cell(ref: str, value) -> str:
    """One ``<c>`` element for a value from ``_cell`` ("" for an empty cell). Text is an inline
    string, so it is never read as a formula (formula injection)."""
    kind = type(value)
    if kind is str:
        return _text_cell(ref, value) if value else ""
    if kind is int or kind is float:
        if kind is float and not math.isfinite(value):
            return _text_cell(ref, str(value))
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if kind is dt.datetime:
        serial = (value - _EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="{_STYLE_DATETIME}"><v>{serial!r}</v></c>'
    if kind is dt.date:
        return f'<c r="{ref}" s="{_STYLE_DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, (int, float)):  # bool is text already; an IntegerChoices member,
        # whose repr is its name: the plain number
        number = int(value) if isinstance(value, int) else float(value)
        return _xlsx_cell(ref, number)
    return _text_cell(ref, str(value))


class _Sink:
    """A write-only, non-seekable file for ``zipfile``: collects what is written until drained."""

    def __init__(self):
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        self.size = 0
        return data


def _xlsx_chunks(rows: Iterable, columns: list[Column], *, title: str) -> Iterator[bytes]:
    sink = _Sink()
    archive = zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
    for name, text in (
        ("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
        ("xl/workbook.xml", _workbook(title)), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ("xl/styles.xml", _STYLES),
    ):
        archive.writestr(name, text)
    letters = _column_letters(len(columns))
    values = [c.value for c in columns]
    with archive.open("xl/worksheets/sheet1.xml", mode="w") as sheet:
        header = "".join(
            _text_cell(f"{letter}1", _cell(c.header), f' s="{_STYLE_HEADER}"')
            for letter, c in zip(letters, columns, strict=True)
        )
        sheet.write((
            _XML + f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">{header}</row>'
        ).encode())
        # The header leaves before the rows' query runs.
        yield sink.drain()
        parts: list[str] = []
        pending = 0
        for number, row in enumerate(rows, start=2):
            line = "".join(
                _xlsx_cell(f"{letter}{number}", _cell(value(row)))
                for letter, value in zip(letters, values, strict=True)
            )
            parts.append(f'<row r="{number}">{line}</row>')
            pending += len(line)
            if pending >= CHUNK_BYTES:
                sheet.write("".join(parts).encode())
                parts.clear()
                pending = 0
                if sink.size >= CHUNK_BYTES // 4:
                    yield sink.drain()
        parts.append("</sheetData></worksheet>")
        sheet.write("".join(parts).encode())
    archive.close()
    yield sink.drain()
