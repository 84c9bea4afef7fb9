"""The incident register's part of the dashboards (``oversikt``): incidents and legal
notifications this year per unit (the yearly report's definitions, ``report.unit_counts``),
as to-do items reporting deadlines passed or within 24 hours, and a section: the unit's
incidents per month by category over the last twelve months (a chart, ``isms.charts``, with
its data table) and per category against the city median."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from isms import charts, shared_reads
from isms.aggregates import median, percent
from isms.compiled import CompiledRows, Ids
from isms.dates import date_label
from isms.links import kept_url
from isms.plugins import DashboardSection, Figure, TodoItem
from nämnder import access

from .models import Incident
from .report import notification_deadlines, unit_counts
from .selectors import open_obligations

SOON = dt.timedelta(hours=24)


def dashboard_figures(*, units, today) -> list[Figure]:
    units = list(units)
    counts, timing = unit_counts(year=today.year, unit_ids=[u.pk for u in units])
    parts = {}
    for u in units:
        t = timing.get(u.pk, {})
        on_time, late = t.get("on_time", 0), t.get("late", 0)
        parts[u.pk] = (on_time, on_time + late)
    list_url = lambda unit: f"{kept_url('incidenter:incident_list')}?unit={unit.pk}"  # noqa: E731
    return [
        Figure(
            key="incidents", label=_("Incidenter i år"), higher_is_better=None,
            values={u.pk: counts.get(u.pk, {}).get("n", 0) for u in units}, url=list_url,
        ),
        Figure(
            key="notifications_on_time", label=_("Anmälningar till myndigheter i tid"),
            kind="percent", values={pk: percent(*p) for pk, p in parts.items()}, parts=parts,
            url=list_url,
        ),
        Figure(
            key="notifications_late", label=_("Sena eller ej skickade anmälningar i år"),
            values={pk: p[1] - p[0] for pk, p in parts.items()}, higher_is_better=False,
            url=list_url,
        ),
    ]


def figures_until(*, units, today, now):
    """The next deadline of a notification not sent yet (this year's incidents of ``units``):
    when it passes, the notification counts as late (``report.unit_counts``). One query."""
    return notification_deadlines(year=today.year, unit_ids=[u.pk for u in units], now=now)


def deadline_counts(*, unit_ids, now) -> dict:
    """{unit id: {"overdue", "soon"}}: open reporting obligations past their deadline, and due
    within 24 hours (the start panel's definition). One grouped query."""
    return {pk: {"incident__unit_id": pk, "overdue": overdue, "soon": soon}
            for pk, overdue, soon in _DEADLINES.rows(unit_ids=list(unit_ids), now=now,
                                                     until=now + SOON)}


# ``deadline_counts``'s SQL, built once per process (per number of units).
_DEADLINES = CompiledRows(
    lambda unit_ids, now, until: open_obligations()
    .filter(incident__unit_id__in=unit_ids, deadline__lt=until)
    .values("incident__unit_id")
    .annotate(overdue=Count("pk", filter=Q(deadline__lt=now)),
              soon=Count("pk", filter=Q(deadline__gte=now)))
    .order_by().values_list("incident__unit_id", "overdue", "soon"),
    unit_ids=Ids(-2_000_000_800),
    now=dt.datetime(1901, 2, 7, 1, 2, 3, tzinfo=dt.UTC),
    until=dt.datetime(1901, 2, 8, 4, 5, 6, tzinfo=dt.UTC), prepare=True,
)


def dashboard_todo(*, user, units, now) -> list[TodoItem]:
    """Deadlines in the units where the person handles incidents (edits records)."""
    mine = [u for u in units if access.can(user, access.EDIT_RECORDS, u)]
    if not mine:
        return []
    rows = deadline_counts(unit_ids=[u.pk for u in mine], now=now)
    items = []
    for u in mine:
        row = rows.get(u.pk, {})
        url = f"{kept_url('incidenter:deadlines')}?unit={u.pk}"
        if row.get("overdue"):
            items.append(TodoItem(unit=u, label=_("Anmälningsfrister som har passerat"),
                                  count=row["overdue"], url=url, urgent=True))
        if row.get("soon"):
            items.append(TodoItem(unit=u, label=_("Anmälningsfrister inom 24 timmar"),
                                  count=row["soon"], url=url, urgent=True))
    return items


# --- Incidents per month by category (a section of the unit's dashboard) ------------------------

CONFIDENTIAL = "confidential"
UNCATEGORISED = "none"


def twelve_months(today) -> list[dt.date]:
    """The first day of each of the last twelve months, the current one last."""
    year, month = today.year, today.month
    months = []
    for _i in range(12):
        months.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _series_key(row) -> str:
    # As the yearly report: a confidential incident is counted without its category.
    if row["confidential"]:
        return CONFIDENTIAL
    return str(row["category_id"]) if row["category_id"] else UNCATEGORISED


def _series_name(key, names) -> str:
    if key == CONFIDENTIAL:
        return str(_("Konfidentiella (kategori redovisas inte)"))
    if key == UNCATEGORISED:
        return str(_("Ej kategoriserad"))
    return names[key][1]


_FIELDS = ("unit_id", "category_id", "category__name", "category__order", "confidential")
# The section's two grouped counts: SQL built once per process (per number of units).
_PER_MONTH = CompiledRows(
    lambda unit_ids, start: Incident.objects.filter(discovered_at__gte=start, unit_id__in=unit_ids)
    .annotate(y=ExtractYear("discovered_at"), m=ExtractMonth("discovered_at"))
    .values(*_FIELDS, "y", "m").annotate(n=Count("id")).order_by()
    .values_list(*_FIELDS, "y", "m", "n"),
    unit_ids=Ids(-2_000_000_810), start=dt.datetime(1901, 2, 11, 1, 2, 3, tzinfo=dt.UTC), prepare=True,
)
_PER_CATEGORY = CompiledRows(
    lambda unit_ids, start: Incident.objects.filter(discovered_at__gte=start, unit_id__in=unit_ids)
    .values(*_FIELDS).annotate(n=Count("id")).order_by().values_list(*_FIELDS, "n"),
    unit_ids=Ids(-2_000_000_820), start=dt.datetime(1901, 2, 12, 1, 2, 3, tzinfo=dt.UTC), prepare=True,
)


def _month_rows_html(rows) -> str:
    """The body of the table of the chart's values (twelve months × the categories), written
    here rather than with template tags per cell: the same cells."""
    return mark_safe("".join(  # noqa: S308 (the label escaped, the rest numbers)
        f'<tr><th scope="row">{escape(row["label"])}</th>'
        + "".join(f'<td class="num">{value}</td>' for value in row["values"])
        + f'<td class="num">{row["total"]}</td></tr>'
        for row in rows
    ))


def _category_rows_html(categories) -> str:
    """The body of the table of categories against the city median, as the section's template
    wrote it on the dashboard (the report keeps the template's loop): the same cells."""
    out = []
    for row in categories:
        name = escape(row["name"])
        head = f'<a href="{escape(row["url"])}">{name}</a>' if row["url"] else name
        middle = "–" if row["median"] is None else escape(floatformat(row["median"], "-1"))
        out.append(
            "<tr>\n"
            f'    <th scope="row">{head}</th>\n'
            f'    <td class="num">{escape(row["count"])}</td>\n'
            f'    <td class="num">{middle}</td>\n'
            "  </tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 (every text escaped above)


def _city_medians(city, start) -> dict:
    """Over ``city`` since ``start``: the median per series (category, confidential,
    uncategorised) of the units' incidents, the median of their totals, and the categories'
    (order, name). One grouped query over every unit's incidents: kept between requests with
    the key figures (``isms.shared_reads.kept``)."""
    per_category = [dict(zip((*_FIELDS, "n"), row, strict=True))
                    for row in _PER_CATEGORY.rows(unit_ids=[u.pk for u in city], start=start)]
    city_counts: dict[str, dict[int, int]] = {}
    for row in per_category:
        by_unit = city_counts.setdefault(_series_key(row), {})
        by_unit[row["unit_id"]] = by_unit.get(row["unit_id"], 0) + row["n"]
    city_ids = [u.pk for u in city]
    return {
        "names": {str(r["category_id"]): (r["category__order"], r["category__name"])
                  for r in per_category if r["category_id"]},
        "medians": {key: median(by_unit.get(pk, 0) for pk in city_ids)
                    for key, by_unit in city_counts.items()},
        "total": median(sum(by_unit.get(pk, 0) for by_unit in city_counts.values())
                        for pk in city_ids),
    }


def dashboard_sections(*, units, city, today) -> list[DashboardSection]:
    """Per unit of ``units``: incidents discovered in each of the last twelve months by category
    (a stacked column chart and its table), and per category over the twelve months against
    the city median (over all active units, none counting 0, as the key figure *incidenter i
    år*). Two grouped queries whatever the number of units or incidents."""
    units = list(units)
    if not units:
        return []
    months = twelve_months(today)
    tz = timezone.get_current_timezone()
    start = dt.datetime(months[0].year, months[0].month, 1, tzinfo=tz)
    per_month = [dict(zip((*_FIELDS, "y", "m", "n"), row, strict=True))
                 for row in _PER_MONTH.rows(unit_ids=[u.pk for u in units], start=start)]
    kept = shared_reads.kept(("incidenter.category_medians", start.isoformat()),
                             lambda: _city_medians(city, start))
    names = {key: tuple(value) for key, value in kept["names"].items()}
    names.update({str(r["category_id"]): (r["category__order"], r["category__name"])
                  for r in per_month if r["category_id"]})
    medians, totals_median = kept["medians"], kept["total"]
    index = {(d.year, d.month): i for i, d in enumerate(months)}
    short = [date_label(d, "M") for d in months]
    data = {}
    for unit in units:
        counts: dict[str, list[int]] = {}
        for row in per_month:
            if row["unit_id"] == unit.pk and (row["y"], row["m"]) in index:
                values = counts.setdefault(_series_key(row), [0] * len(months))
                values[index[(row["y"], row["m"])]] += row["n"]
        keys = sorted(set(counts) | {k for k, m in medians.items() if m},
                      key=lambda k: (k == CONFIDENTIAL, k == UNCATEGORISED,
                                     names.get(k, (0, ""))))
        series = [(_series_name(k, names), counts.get(k, [0] * len(months))) for k in keys]
        shown = [(name, values) for name, values in series if any(values)]
        list_url = f"{kept_url('incidenter:incident_list')}?unit={unit.pk}"
        title = _("Incidenter per månad och kategori: %(unit)s") % {"unit": unit.name}
        total = sum(sum(values) for _name, values in shown)
        data[unit.pk] = {
            "total": total,
            "first": date_label(months[0], "F Y"),
            "last": date_label(months[-1], "F Y"),
            "chart": charts.stacked_column_chart(
                short, shown, title=str(title), id_prefix=f"incidents-{unit.pk}",
            ) if shown else None,
            "columns": [name for name, _values in shown],
            "rows": (rows := [{"label": date_label(d, "F Y"),
                               "values": [values[i] for _name, values in shown],
                               "total": sum(values[i] for _name, values in shown)}
                              for i, d in enumerate(months)]),
            "rows_html": _month_rows_html(rows),
            "categories": (categories := [
                {"name": name, "count": sum(values), "median": medians.get(k, 0),
                 "url": f"{list_url}&category={k}" if k not in (CONFIDENTIAL, UNCATEGORISED)
                 else ""}
                for k, (name, values) in zip(keys, series, strict=True)
            ]),
            "total_median": totals_median,
            "categories_html": _category_rows_html(categories),
            "list_url": list_url,
        }
    return [DashboardSection(key="incidents_per_month",
                             title=_("Incidenter per månad de senaste tolv månaderna"),
                             template="incidenter/dashboard/section.html", data=data)]
