"""Section selector: what changed during the year, from the audit trail (django-simple-history).

Counts are aggregated in the database (per register, per kind of change, per month, per unit);
only the organisation's own changes (unit and memberships, a short list) are listed in full.
Every query is limited to the year's date range in SQL; for diffs, the listed changes also load
the one record of each object just before the year (so the first change inside the year shows
old → new values), and that record itself is not listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Count, Max, Q
from django.db.models.functions import ExtractMonth
from django.utils.dates import MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from isms.charts import column_chart
from isms.dates import year_bounds
from isms.history import ACTIONS, entries_for
from isms.plugins import SummaryPart, history_sources
from nämnder.selectors import (
    unit_history_label,  # the same labels as the unit's history page
    unit_history_sources,
)

if TYPE_CHECKING:
    from nämnder.models import OrganisationUnit

# Registers with history, and the lookup from a historical record to its unit, are registered
# by each app (``isms.plugins.register_history_source``). Models not installed are skipped.

MAX_LISTED = 200


def _sources():
    for source in history_sources():
        label, lookup = source.model, source.unit_lookup
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        history = getattr(model, "history", None)
        if history is not None:
            yield model, history.model, lookup


def _in_year(historical, year):
    start, end = year_bounds(year)
    return historical.objects.filter(history_date__gte=start, history_date__lt=end)


def _with_record_before(records, start):
    """``records`` (already narrowed to the year in SQL) plus, per object changed in the year,
    its last record before ``start``: one grouped subquery, so the first change in the year can
    be diffed. The earlier records are dropped from the entries afterwards."""
    historical = records.model
    pk = historical.instance_type._meta.pk.attname
    in_year = records
    before = (
        historical.objects.filter(history_date__lt=start, **{f"{pk}__in": in_year.values(pk)})
        .values(pk).annotate(last=Max("history_id")).values("last")
    )
    return historical.objects.filter(Q(history_id__in=in_year.values("history_id"))
                                     | Q(history_id__in=before))


def unit_entries(*, unit: OrganisationUnit, year: int) -> tuple[list, int]:
    """The unit's own changes in ``year`` (unit and memberships), newest first, and their count.

    Filtered by the year's date range in the database before ``entries_for`` sees them.
    """
    start, end = year_bounds(year)
    entries = [
        e for e in entries_for(
            [
                _with_record_before(records.filter(history_date__gte=start, history_date__lt=end),
                                    start)
                for records in unit_history_sources(unit)
            ],
            label=unit_history_label,
        )
        if start <= e.date < end
    ]
    return entries[:MAX_LISTED], len(entries)


def changes_section(*, unit: OrganisationUnit | None, year: int, units=None) -> dict:
    by_register, months = [], [0] * 12
    per_unit: dict[int, int] = {}
    for model, historical, lookup in _sources():
        records = _in_year(historical, year)
        if unit is not None:
            records = records.filter(**{lookup: unit.pk})
        else:
            for row in records.values(lookup).annotate(n=Count("history_id")).order_by():
                if row[lookup] is not None:
                    per_unit[row[lookup]] = per_unit.get(row[lookup], 0) + row["n"]
        kinds = dict(records.values_list("history_type").annotate(n=Count("history_id")).order_by())
        if not kinds:
            continue
        for month, n in (
            records.annotate(m=ExtractMonth("history_date")).values_list("m")
            .annotate(n=Count("history_id")).order_by()
        ):
            months[month - 1] += n
        by_register.append({
            "register": capfirst(str(model._meta.verbose_name_plural)),
            "created": kinds.get("+", 0), "changed": kinds.get("~", 0),
            "deleted": kinds.get("-", 0), "total": sum(kinds.values()),
        })
    total = sum(r["total"] for r in by_register)
    data = {
        "by_register": by_register,
        "total": total,
        "chart": column_chart(
            [(str(MONTHS_3[i + 1]).capitalize(), n) for i, n in enumerate(months)],
            title=_("Registrerade ändringar per månad %(year)s") % {"year": year},
        ),
        "actions": {k: str(v) for k, v in ACTIONS.items()},
    }
    if unit is not None:
        data["entries"], data["entries_total"] = unit_entries(unit=unit, year=year)
        return data
    if units is None:
        from ..selectors import report_units

        units = report_units()
    summary = SummaryPart(columns=[_("Ändringar")])
    for unit_id in units.values_list("id", flat=True).iterator():
        summary.rows[unit_id] = [per_unit.get(unit_id, 0)]
    summary.totals = [sum(values[0] for values in summary.rows.values())]
    data["summary"] = summary
    return data
