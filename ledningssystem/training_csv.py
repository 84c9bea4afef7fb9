"""Reading the learning platform's export of completed courses (CSV).

The file has a header row naming its columns (in any order, upper or lower case):

- ``e-post`` or ``användarnamn`` (required): who completed the course; stored in lower case;
- ``namn`` (optional): the person's name;
- ``kurs`` (required): the course's code (``Course.code``) or its name, as in the admin;
- ``datum`` (required): the completion date, ``ÅÅÅÅ-MM-DD`` (a time after the date is ignored).

Semicolon or comma separated; UTF-8 (with or without BOM) or Windows-1252 (older Excel).
Every row is checked before anything is stored: one error per bad row, naming its row number
(the header is row 1, as in Excel) and the column. The completion year is the date's year.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from isms.validators import CONTROL_CHARACTERS

PERSON_HEADERS = ("e-post", "epost", "email", "e-mail", "användarnamn", "anvandarnamn")
MAX_ROWS = 100_000
MAX_ERRORS = 100  # shown; the count says how many more


@dataclass(frozen=True)
class Row:
    line: int
    person: str
    name: str
    course_id: int
    completed_on: dt.date


@dataclass
class Parsed:
    rows: list[Row]
    errors: list[str]
    error_count: int = 0


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _unreadable(line: int) -> str:
    return _("Rad %(line)s: raden går inte att läsa som CSV (ett fält är för långt eller "
             "filen är inte en CSV-fil).") % {"line": line}


def _guarded(reader, on_error):
    """The reader's rows; a row the csv module refuses (e.g. a field over its 128 KB limit)
    ends the file with ``on_error(line)`` instead of an exception."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            on_error(reader.line_num)
            return
        yield row


def _date(text: str) -> dt.date | None:
    text = text.strip().split(" ")[0].split("T")[0]
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def parse(content: bytes, *, courses: dict[str, int], today: dt.date) -> Parsed:
    """``courses``: {code or name, in lower case: course id}."""
    text = _decode(content)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    parsed = Parsed(rows=[], errors=[])

    def error(message):
        parsed.error_count += 1
        if len(parsed.errors) < MAX_ERRORS:
            parsed.errors.append(message)

    rows = _guarded(reader, lambda line: error(_unreadable(line)))
    header = next(rows, None)
    if not header:
        if not parsed.error_count:
            error(_("Filen är tom."))
        return parsed
    names = [h.strip().lower() for h in header]
    person_col = next((names.index(h) for h in PERSON_HEADERS if h in names), None)
    missing = [label for label, present in (
        (_("e-post eller användarnamn"), person_col is not None), ("kurs", "kurs" in names),
        ("datum", "datum" in names),
    ) if not present]
    if missing:
        error(_("Rad 1: kolumnen %(cols)s saknas. Filen ska ha kolumnerna e-post (eller "
                "användarnamn), kurs och datum, och gärna namn.") % {"cols": ", ".join(missing)})
        return parsed
    person_header = names[person_col]
    course_col, date_col = names.index("kurs"), names.index("datum")
    name_col = names.index("namn") if "namn" in names else None
    width = max(person_col, course_col, date_col, name_col or 0) + 1
    for line, values in enumerate(rows, start=2):
        if not any(v.strip() for v in values):
            continue
        if line - 1 > MAX_ROWS:
            error(_("Filen har fler än %(max)s rader. Dela upp den.") % {"max": MAX_ROWS})
            break
        if len(values) < width:
            values = values + [""] * (width - len(values))
        person = values[person_col].strip().lower()
        name = values[name_col].strip() if name_col is not None else ""
        course_text = values[course_col].strip()
        date_text = values[date_col].strip()
        bad = False
        for column, value in ((person_header, person), ("kurs", course_text), ("datum", date_text),
                              ("namn", name)):
            if CONTROL_CHARACTERS.search(value):
                error(_("Rad %(line)s, kolumn ”%(col)s”: otillåtna styrtecken.")
                      % {"line": line, "col": column})
                bad = True
        if not person:
            error(_("Rad %(line)s, kolumn ”%(col)s”: värdet saknas.")
                  % {"line": line, "col": person_header})
            bad = True
        elif len(person) > 254 or " " in person:
            error(_("Rad %(line)s, kolumn ”%(col)s”: ”%(value)s” är inte en e-postadress eller "
                    "ett användarnamn.") % {"line": line, "col": person_header, "value": person[:60]})
            bad = True
        course_id = courses.get(course_text.lower())
        if course_id is None:
            error(_("Rad %(line)s, kolumn ”kurs”: kursen ”%(value)s” finns inte i portalen. "
                    "Ange kursens kod eller namn.") % {"line": line, "value": course_text[:60]})
            bad = True
        day = _date(date_text)
        if day is None:
            error(_("Rad %(line)s, kolumn ”datum”: ”%(value)s” är inte ett datum (ÅÅÅÅ-MM-DD).")
                  % {"line": line, "value": date_text[:30]})
            bad = True
        elif day > today or day.year < 2000:
            error(_("Rad %(line)s, kolumn ”datum”: %(value)s ligger utanför det tillåtna "
                    "(år 2000 till i dag).") % {"line": line, "value": day.isoformat()})
            bad = True
        if len(name) > 200:
            error(_("Rad %(line)s, kolumn ”namn”: högst 200 tecken.") % {"line": line})
            bad = True
        if not bad:
            parsed.rows.append(Row(line, person, name, course_id, day))
    if not parsed.rows and not parsed.error_count:
        error(_("Filen har inga rader med genomförda utbildningar."))
    return parsed


@dataclass(frozen=True)
class StaffRow:
    line: int
    unit_id: int
    year: int
    count: int


def parse_staff(content: bytes, *, units: dict[str, int], years: range) -> tuple[list[StaffRow], list[str]]:
    """Staff counts from HR: columns ``enhet`` (short name or name), ``år`` and ``antal``.
    ``units``: {short name or name, in lower case: unit id} of the units the person may edit."""
    text = _decode(content)
    delimiter = ";" if text[:4096].count(";") >= text[:4096].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, errors = [], []
    lines = _guarded(reader, lambda line: errors.append(_unreadable(line)))
    header = [h.strip().lower() for h in next(lines, [])]
    if errors:
        return [], errors
    year_header = "år" if "år" in header else "ar"
    missing = [c for c in ("enhet", year_header, "antal") if c not in header]
    if missing:
        return [], [_("Rad 1: kolumnen %(cols)s saknas. Filen ska ha kolumnerna enhet, år och "
                      "antal.") % {"cols": ", ".join(missing)}]
    cols = [header.index(c) for c in ("enhet", year_header, "antal")]
    for line, values in enumerate(lines, start=2):
        if not any(v.strip() for v in values):
            continue
        values = values + [""] * (max(cols) + 1 - len(values))
        unit_text, year_text, count_text = (values[i].strip() for i in cols)
        unit_id = units.get(unit_text.lower())
        bad = False
        if unit_id is None:
            errors.append(_("Rad %(line)s, kolumn ”enhet”: ”%(value)s” är ingen enhet du kan "
                            "ändra uppgifter för.") % {"line": line, "value": unit_text[:60]})
            bad = True
        if not (year_text.isdecimal() and len(year_text) <= 6) or int(year_text) not in years:
            errors.append(_("Rad %(line)s, kolumn ”år”: ”%(value)s” är inte ett år mellan "
                            "%(first)s och %(last)s.") % {"line": line, "value": year_text[:10],
                                                          "first": years[0], "last": years[-1]})
            bad = True
        if not (count_text.isdecimal() and len(count_text) <= 6) or int(count_text) > 100_000:
            errors.append(_("Rad %(line)s, kolumn ”antal”: ”%(value)s” är inte ett antal "
                            "medarbetare.") % {"line": line, "value": count_text[:10]})
            bad = True
        if not bad:
            rows.append(StaffRow(line, unit_id, int(year_text), int(count_text)))
    if not rows and not errors:
        errors.append(_("Filen har inga rader."))
    return rows, errors
