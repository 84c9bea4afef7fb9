"""Writes of the training register: completions by hand, staff counts, and the import of the
learning platform's export (preview, then all rows or none; idempotent)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from isms.audit import bulk_create_with_history
from isms.dates import local_today
from isms.integrity import unique_violation_as_validation_error
from isms.locking import check_version
from nämnder import access

from .. import training_csv
from ..models import (
    CompletionSource,
    Course,
    ImportStatus,
    StaffCount,
    TrainingCompletion,
    TrainingImport,
)
from . import files

BATCH = 2_000
MAX_IMPORT_MB = 20


@transaction.atomic
def completion_create(*, actor, unit, person: str, course, completed_on, person_name: str = ""
                      ) -> TrainingCompletion:
    access.require_unit_writable(actor, unit)
    completion = TrainingCompletion(
        unit=unit, person=person.strip().lower(), person_name=person_name, course=course,
        year=completed_on.year if completed_on else None, completed_on=completed_on,
        source=CompletionSource.MANUAL,
    )
    if completed_on and completed_on > local_today():
        raise ValidationError({"completed_on": _("Datumet kan inte ligga i framtiden.")})
    completion.full_clean()
    completion._history_user = actor
    with unique_violation_as_validation_error(completion):
        completion.save()
    return completion


@transaction.atomic
def completion_delete(*, actor, completion: TrainingCompletion) -> None:
    access.require_unit_writable(actor, completion.unit)
    completion._history_user = actor
    completion.delete()


@transaction.atomic
def staff_count_set(*, actor, unit, year: int, count: int, expected_version: int | None = None
                    ) -> StaffCount:
    """Set (or change) how many work in ``unit`` in ``year``."""
    access.require_unit_writable(actor, unit)
    row = StaffCount.objects.select_for_update().filter(unit=unit, year=year).first()
    if row is None:
        row = StaffCount(unit=unit, year=year, count=count)
    else:
        check_version(row, expected_version)
        row.count = count
        row.version += 1
    row.full_clean()
    row._history_user = actor
    with unique_violation_as_validation_error(row):
        row.save()
    return row


def _courses() -> dict[str, int]:
    courses = {}
    for pk, code, name in Course.objects.filter(is_active=True).values_list("pk", "code", "name"):
        courses[code.lower()] = pk
        courses[name.lower()] = pk
    return courses


def _parse(content: bytes) -> training_csv.Parsed:
    return training_csv.parse(content, courses=_courses(), today=local_today())


def _new_rows(unit, rows) -> list[training_csv.Row]:
    """The rows not yet recorded (one query), the first of any repeated in the file."""
    years = {r.completed_on.year for r in rows}
    existing = set(
        TrainingCompletion.objects.filter(unit=unit, year__in=years)
        .values_list("person", "course_id", "year").iterator(chunk_size=5000)
    )
    new = []
    for r in rows:
        key = (r.person, r.course_id, r.completed_on.year)
        if key not in existing:
            existing.add(key)
            new.append(r)
    return new


@transaction.atomic
def import_preview(*, actor, unit, upload) -> tuple[TrainingImport | None, training_csv.Parsed]:
    """Check every row. With any error nothing is stored and ``(None, parsed)`` is returned
    (``parsed.errors`` names row and column); otherwise the file is kept for the confirmation."""
    access.require_unit_writable(actor, unit)
    if training_csv_extension(upload.name) != "csv":
        raise ValidationError({"file": _("Välj en CSV-fil (.csv) exporterad från lärplattformen.")})
    if upload.size > MAX_IMPORT_MB * 1024 * 1024:
        raise ValidationError({"file": _("Filen är för stor: högst %(mb)s MB.") % {"mb": MAX_IMPORT_MB}})
    content = upload.read()
    if b"\x00" in content[:4096]:
        raise ValidationError({"file": _("Filen är ingen textfil (CSV).")})
    parsed = _parse(content)
    if parsed.error_count:
        return None, parsed
    upload.seek(0)
    item = TrainingImport(unit=unit, file=upload, file_name=files.clean_file_name(upload.name),
                          rows=len(parsed.rows), created_by=actor)
    item.existing = len(parsed.rows) - len(_new_rows(unit, parsed.rows))
    item._history_user = actor
    item.save()
    return item, parsed


def training_csv_extension(name: str) -> str:
    return files.evidence.extension(name)


@transaction.atomic
def import_confirm(*, actor, training_import: TrainingImport) -> TrainingImport:
    """Import every new row of a previewed file (checked again: all or nothing)."""
    item = TrainingImport.objects.select_for_update().get(pk=training_import.pk)
    access.require_unit_writable(actor, item.unit)
    if item.status == ImportStatus.DONE:
        raise ValidationError(_("Filen är redan importerad."))
    with item.file.open("rb") as handle:
        parsed = _parse(handle.read())
    if parsed.error_count:
        raise ValidationError(parsed.errors[0])
    new = _new_rows(item.unit, parsed.rows)
    objs = [
        TrainingCompletion(unit=item.unit, person=r.person, person_name=r.name,
                           course_id=r.course_id, year=r.completed_on.year,
                           completed_on=r.completed_on, source=CompletionSource.IMPORT)
        for r in new
    ]
    bulk_create_with_history(objs, TrainingCompletion, batch_size=BATCH, default_user=actor)
    item.status = ImportStatus.DONE
    item.rows, item.created, item.existing = len(parsed.rows), len(objs), len(parsed.rows) - len(objs)
    item._history_user = actor
    item.save()
    return item


@transaction.atomic
def staff_counts_import(*, actor, upload, units) -> int:
    """Staff counts from HR's CSV (``training_csv.parse_staff``) for ``units`` (those ``actor``
    may edit): all rows or none; a count already set is replaced. Returns the rows stored."""
    if training_csv_extension(upload.name) != "csv" or upload.size > MAX_IMPORT_MB * 1024 * 1024:
        raise ValidationError({"staff_file": _("Välj en CSV-fil (.csv) på högst %(mb)s MB.")
                               % {"mb": MAX_IMPORT_MB}})
    names = {}
    by_pk = {}
    for unit in units:
        names[unit.short_name.lower()] = names[unit.name.lower()] = unit.pk
        by_pk[unit.pk] = unit
    this = local_today().year
    rows, errors = training_csv.parse_staff(upload.read(), units=names, years=range(this - 10, this + 2))
    if errors:
        raise ValidationError({"staff_file": errors[:training_csv.MAX_ERRORS]})
    for row in rows:
        staff_count_set(actor=actor, unit=by_pk[row.unit_id], year=row.year, count=row.count)
    return len(rows)
