"""One export mechanism for every register: the columns a page shows, as CSV or XLSX.

A register describes its columns once (header + how to read the value from a row) and hands
the rows it already narrowed through the access module. CSV is written for Swedish Excel
(UTF-8 with BOM, semicolon separated) and streamed; XLSX uses openpyxl's write-only mode (rows go
to a temporary file as they are appended) and the finished workbook is a spooled temporary file
(on disk past ``XLSX_SPOOL_BYTES``) that the response streams in blocks, so neither loads more
than one row at a time beyond what the queryset iterator holds. Columns look their display
labels up once (see ``klassning.exports``), not per row. Text cells
lose any control character (tab and line breaks stay): input refuses them, but older data may
hold one.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from .validators import strip_control_characters

FORMATS = ("csv", "xlsx")
XLSX_SPOOL_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, dt.date)):
        return value
    # Text stored before control characters were refused at input: drop them, or one such
    # character would break the whole XLSX export (openpyxl refuses it) and garble the CSV.
    return strip_control_characters(str(value))


def _csv_safe(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in text cells."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def _csv_rows(rows, columns):
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([c.header for c in columns])
    for row in rows:
        yield writer.writerow([_csv_safe(_cell(c.value(row))) for c in columns])


def export_response(
    *, rows: Iterable, columns: list[Column], title: str, fmt: str
) -> HttpResponse:
    """A download of ``rows`` with ``columns`` in ``fmt`` ("csv" or "xlsx")."""
    stamp = timezone.localdate().isoformat()
    filename = f"{slugify(title) or 'export'}-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_rows(rows, columns), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if fmt == "xlsx":
        return FileResponse(
            xlsx_bytes(rows=rows, columns=columns, title=title), as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise ValueError(f"unknown export format {fmt!r}")


def _xlsx_cell(sheet, value):
    """Text is always text: openpyxl would turn "=..." into a live formula (formula injection)."""
    if not isinstance(value, str) or not value.startswith("="):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def xlsx_bytes(*, rows: Iterable, columns: list[Column], title: str):
    """The workbook as a file object at its start (a spooled temporary file)."""
    import tempfile

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Export")
    header = []
    for c in columns:
        cell = WriteOnlyCell(sheet, value=c.header)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, _cell(c.value(row))) for c in columns])
    # Handed to the response, which streams and closes it.
    spool = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    return spool
