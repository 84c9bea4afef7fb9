"""Reads of the training register and the completion share per unit and year.

**Completion share** of a unit in a year: for each mandatory course, the people recorded as
having completed it that year over the unit's staff count that year; with more than one
mandatory course the unit's share is the lowest of them (everyone must take all). No staff
count: no share (``None``, shown as "–"), never 0 % or 100 %."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from isms.aggregates import percent
from isms.compiled import CompiledQuery, CompiledRows, Ids
from nämnder import access

from ..models import Course, StaffCount, TrainingCompletion, TrainingImport


def completion_list(*, user, unit=None, year: int | None = None, course=None, q: str = ""
                    ) -> QuerySet[TrainingCompletion]:
    qs = access.restrict(user, TrainingCompletion.objects.select_related("unit", "course"))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if year:
        qs = qs.filter(year=year)
    if course is not None:
        qs = qs.filter(course=course)
    if q:
        qs = qs.filter(Q(person__icontains=q) | Q(person_name__icontains=q))
    return qs.order_by("-year", "unit__name", "person", "pk")


def completion_get(*, user, pk, perm: str = access.VIEW) -> TrainingCompletion:
    return access.get_for_user_or_404(
        user, TrainingCompletion.objects.select_related("unit", "course"), perm=perm, pk=pk
    )


def import_get(*, user, pk, perm: str = access.VIEW) -> TrainingImport:
    return access.get_for_user_or_404(
        user, TrainingImport.objects.select_related("unit"), perm=perm, pk=pk
    )


def mandatory_courses() -> list[Course]:
    return list(_mandatory_query())


def _staff(staff, unit_ids, year) -> QuerySet:
    return staff.filter(unit_id__in=unit_ids, year=year).values_list("unit_id", "count")


def _done(completions, unit_ids, year, course_ids) -> QuerySet:
    return (completions.filter(unit_id__in=unit_ids, year=year, course_id__in=course_ids)
            .values("unit_id", "course_id").annotate(n=Count("person", distinct=True))
            .order_by().values_list("unit_id", "course_id", "n"))


def _mandatory_query() -> QuerySet[Course]:
    return Course.objects.filter(is_active=True, is_mandatory=True)


# ``shares`` of the live tables (the dashboards, the start page): SQL built once per process,
# prepared once per database session.
# The year's sentinel is within the column's range (a positive small integer).
_MANDATORY = CompiledQuery(_mandatory_query, prepare=True)
_STAFF = CompiledRows(lambda unit_ids, year: _staff(StaffCount.objects.all(), unit_ids, year),
                      unit_ids=Ids(-2_000_000_370), year=31_013, prepare=True)
_DONE = CompiledRows(
    lambda unit_ids, year, course_ids: _done(TrainingCompletion.objects.all(), unit_ids, year,
                                             course_ids),
    unit_ids=Ids(-2_000_000_380), year=31_013, course_ids=Ids(-2_050_000_000), prepare=True,
)


def shares(*, units, year: int, completions: QuerySet | None = None,
           staff: QuerySet | None = None) -> dict[int, dict]:
    """{unit id: {"staff", "completed", "percent"}} for every unit given (two grouped queries).
    ``completions``/``staff``: other states of the registers (the report), else the live."""
    unit_ids = [u.pk for u in units]
    if staff is None and completions is None:  # the live tables: SQL built once per process
        courses = [c.pk for c in _MANDATORY.objects()]
        counts = dict(_STAFF.rows(unit_ids=unit_ids, year=year))
        rows = _DONE.rows(unit_ids=unit_ids, year=year, course_ids=courses)
    else:
        courses = [c.pk for c in mandatory_courses()]
        staff = staff if staff is not None else StaffCount.objects.all()
        counts = dict(_staff(staff, unit_ids, year))
        completions = completions if completions is not None else TrainingCompletion.objects.all()
        rows = _done(completions, unit_ids, year, courses)
    done: dict[int, dict[int, int]] = {}
    for unit_id, course_id, n in rows:
        done.setdefault(unit_id, {})[course_id] = n
    result = {}
    for pk in unit_ids:
        per_course = done.get(pk, {})
        completed = min((per_course.get(c, 0) for c in courses), default=0)
        n = counts.get(pk)
        result[pk] = {"staff": n, "completed": completed,
                      "percent": None if not n else min(100, percent(completed, n))}
    return result


def staff_counts(*, units, year: int) -> dict[int, StaffCount]:
    return {s.unit_id: s for s in StaffCount.objects.filter(unit__in=units, year=year)}


def import_preview_rows(*, training_import: TrainingImport, limit: int = 20) -> list[dict]:
    """The first rows of a previewed file, as they will be recorded."""
    from isms.dates import local_today

    from .. import training_csv

    courses = {}
    names = {}
    for pk, code, name in Course.objects.filter(is_active=True).values_list("pk", "code", "name"):
        courses[code.lower()] = courses[name.lower()] = pk
        names[pk] = name
    with training_import.file.open("rb") as handle:
        parsed = training_csv.parse(handle.read(), courses=courses, today=local_today())
    return [{"line": r.line, "person": r.person, "name": r.name, "course": names[r.course_id],
             "completed_on": r.completed_on} for r in parsed.rows[:limit]]
