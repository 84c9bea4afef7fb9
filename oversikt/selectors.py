"""Reads of the dashboards. Every figure comes from the register that owns it
(``isms.plugins.dashboard_sources``), computed once for all the city's active units with
grouped queries; the median and a unit's comparison with it are computed here.

Visibility: which units a person's dashboard shows, and whether the city dashboard is theirs,
is decided in ``nämnder.access`` (asked below); the registers' to-do items narrow further by
the permission they need (approve, edit records).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from isms import charts, plugins, shared_reads
from isms.compiled import CompiledQuery
from isms.dates import date_label
from isms.links import id_url
from nämnder import access
from nämnder.models import OrganisationUnit, Role, UnitKind

from . import figure_cache, trend_cache
from .models import BehindRule

# Roles whose start page is the unit's dashboard (a handläggare keeps the plain start page).
DASHBOARD_ROLES = (Role.CHIEF, Role.COORDINATOR, Role.AUDITOR)

KIND_ORDER = (UnitKind.DISTRICT_BOARD, UnitKind.SPECIALIST_BOARD, UnitKind.COMPANY)
KIND_GROUP_LABELS = {
    UnitKind.DISTRICT_BOARD: _("Stadsdelsnämnder"),
    UnitKind.SPECIALIST_BOARD: _("Facknämnder"),
    UnitKind.COMPANY: _("Bolag"),
}


def city_units() -> list[OrganisationUnit]:
    """The units the median and the city table cover: the active nämnder and bolag. Read once
    per page (``isms.shared_reads``): the unit's dashboard finds its unit among them."""
    return shared_reads.once(("oversikt.city_units",), _CITY_UNITS.objects)


# Read on every dashboard and chief's start page: their SQL built once per process, prepared
# once per database session.
_CITY_UNITS = CompiledQuery(
    lambda: OrganisationUnit.objects.operational().order_by("kind", "name"), prepare=True
)
_ACTIVE_RULES = CompiledQuery(lambda: BehindRule.objects.filter(is_active=True), prepare=True)


def figures_for(*, units, today) -> list[plugins.Figure]:
    """Every registered key figure, for ``units`` (one call per register)."""
    result = []
    for source in plugins.dashboard_sources():
        if source.figures is not None:
            result.extend(source.figures(units=units, today=today))
    return result


def kept_figures_for(*, units, today, extra=()) -> tuple[list[plugins.Figure], object]:
    """Every registered key figure of ``units`` (the city's active units), kept between
    requests (``figure_cache``), with ``extra`` units' (e.g. a unit no longer active) computed
    and added; and when the city's were computed."""
    figures, computed_at = figure_cache.city_figures(units=units, today=today,
                                                     compute=figures_for)
    if extra:
        more = {f.key: f for f in figures_for(units=list(extra), today=today)}
        figures = [f if f.key not in more else dataclasses.replace(
            f, values={**f.values, **more[f.key].values},
            parts=None if f.parts is None else {**f.parts, **(more[f.key].parts or {})},
        ) for f in figures]
    return figures, computed_at


def figure_choices() -> list[tuple[str, str]]:
    """(key, label) of the registered figures (for the rules' admin form; no unit, no query
    beyond reference data)."""
    return [(f.key, str(f.label)) for f in figures_for(units=[], today=timezone.localdate())]


def median(values) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def total(figure: plugins.Figure, unit_ids) -> float | None:
    """A figure over several units: the sum of counts, or parts over wholes for a share."""
    if figure.kind == "percent":
        parts = [figure.parts.get(pk) for pk in unit_ids] if figure.parts else []
        part = sum(p[0] for p in parts if p)
        whole = sum(p[1] for p in parts if p)
        return round(100 * part / whole) if whole else None
    values = [figure.values.get(pk) for pk in unit_ids]
    return sum(v for v in values if v is not None)


def comparison(value, middle, higher_is_better) -> str:
    """How a unit's value stands against the city median, in words (never colour alone)."""
    if value is None or middle is None:
        return ""
    if value == middle:
        return str(_("som medianen"))
    if higher_is_better is None:
        return str(_("över medianen") if value > middle else _("under medianen"))
    better = (value > middle) == higher_is_better
    return str(_("bättre än medianen") if better else _("sämre än medianen"))


@dataclass
class FigureRow:
    figure: plugins.Figure
    value: object
    median: object
    comparison: str
    url: str = ""
    behind: list = field(default_factory=list)  # the rules the value breaks


def active_rules() -> list[BehindRule]:
    return _ACTIVE_RULES.objects()


def _unit_rows(unit, figures, city_ids, rules) -> list[FigureRow]:
    rows = []
    for f in figures:
        value = f.values.get(unit.pk)
        middle = median(f.values.get(pk) for pk in city_ids)
        rows.append(FigureRow(
            figure=f, value=value, median=middle,
            comparison=comparison(value, middle, f.higher_is_better),
            url=f.url(unit) if f.url else "",
            behind=[r for r in rules if r.figure == f.key and r.matches(value)],
        ))
    return rows


def sections_for(*, units, city, today) -> list[plugins.DashboardSection]:
    """The registers' sections of the dashboards of ``units`` (a heatmap, a chart, a list),
    each compared with ``city`` (the active units); in the registers' order."""
    result = []
    for source in plugins.dashboard_sources():
        if source.sections is not None and units:
            result.extend(source.sections(units=units, city=city, today=today))
    return result


def unit_sections(sections, unit, *, report: bool = False) -> list[dict]:
    """The sections with ``unit``'s part (sections without one left out)."""
    return [{"section": s, "unit": unit, "data": s.data[unit.pk]} for s in sections
            if unit.pk in s.data and (s.report or not report)]


def todo_items(*, user, units, now=None) -> list[plugins.TodoItem]:
    """What waits for ``user`` in ``units``: urgent first, then in the registers' order."""
    now = now or timezone.now()
    items = []
    for source in plugins.dashboard_sources():
        if source.todo is not None:
            items.extend(source.todo(user=user, units=units, now=now))
    return sorted(items, key=lambda i: not i.urgent)  # stable: the registers' order kept


def dashboard_units(*, user, memberships) -> list[OrganisationUnit]:
    """The units whose dashboard is this person's start page: where they are chief, samordnare
    or revisor (``memberships``: theirs, already read for the header), as far as they may view
    them."""
    seen, units = set(), []
    for m in memberships:
        if m.role in DASHBOARD_ROLES and m.unit_id not in seen and access.can(
            user, access.VIEW, m.unit
        ):
            seen.add(m.unit_id)
            units.append(m.unit)
    return units


def unit_dashboards(*, user, units, today=None, now=None, todo: bool = True,
                    sections: bool = True, for_report: bool = False) -> dict:
    """The key figures of each of ``units`` compared with the city median, the registers'
    sections (``sections_for``) and the person's to-do items there. A fixed number of queries
    whatever the number of units in the city."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    city = city_units()
    city_ids = [u.pk for u in city]
    extra = [u for u in units if u.pk not in set(city_ids)]
    figures, computed_at = kept_figures_for(units=city, today=today, extra=extra)
    rules = active_rules()
    parts = sections_for(units=units, city=city, today=today) if sections else []
    return {
        "units": [{"unit": u, "figures": _unit_rows(u, figures, city_ids, rules),
                   "sections": unit_sections(parts, u, report=for_report)}
                  for u in units],
        "todo": todo_items(user=user, units=units, now=now) if todo else [],
        "today": today, "figures_computed_at": computed_at,
    }


def unit_dashboard(*, user, pk) -> dict:
    """One unit's dashboard: 404 for a unit the person may not view (``nämnder.access``).
    An active unit is found among the city's (read anyway for the median) and asked about
    with ``access.can`` (the person's units, read once per request), as ``get_unit_or_404``
    would narrow it; any other unit (a deactivated one) is read on its own."""
    unit = next((u for u in city_units() if u.pk == pk), None)
    if unit is None or not access.can(user, access.VIEW, unit):
        unit = access.get_unit_or_404(user, pk)
    data = unit_dashboards(user=user, units=[unit])
    return {"unit": unit, "figures": data["units"][0]["figures"], "todo": data["todo"],
            "sections": data["units"][0]["sections"], "today": data["today"],
            "figures_computed_at": data["figures_computed_at"]}


# --- The city dashboard ------------------------------------------------------------------------

NAME_SORT = "enhet"


def require_city_view(user) -> None:
    """The city dashboard is for the city-wide roles (security function, revisor): 403."""
    if not access.sees_all_units(user):
        raise PermissionDenied


def _sort_key(sort: str, figures_by_key: dict):
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key == NAME_SORT or key not in figures_by_key:
        return lambda row: row["unit"].name.lower()
    figure = figures_by_key[key]

    def by_value(row):
        value = figure.values.get(row["unit"].pk)
        # Units with nothing to count last, whichever the direction.
        if value is None:
            return (1, 0, row["unit"].name.lower())
        return (0, -value if descending else value, row["unit"].name.lower())

    return by_value


def _summary(figures, ids) -> dict:
    return {
        "totals": [{"value": total(f, ids), "kind": f.kind} for f in figures],
        "medians": [{"value": median(f.values.get(pk) for pk in ids), "kind": f.kind}
                    for f in figures],
    }


def city_table(*, user, sort: str = NAME_SORT, today=None) -> dict:
    """One row per active unit grouped by kind (stadsdelsnämnder, facknämnder, bolag), with
    each group's and the city's totals and medians, and the rules each unit breaks."""
    require_city_view(user)
    return city_table_data(sort=sort, today=today)


def city_table_data(*, sort: str = NAME_SORT, today=None) -> dict:
    """The city table for whoever may see it (the view asks ``require_city_view``; the city
    report is the city-wide roles' too)."""
    today = today or timezone.localdate()
    units = city_units()
    figures, computed_at = kept_figures_for(units=units, today=today)
    by_key = {f.key: f for f in figures}
    rules = active_rules()
    sort = sort if sort.lstrip("-") in by_key or sort.lstrip("-") == NAME_SORT else NAME_SORT
    key = _sort_key(sort, by_key)
    unit_url = id_url("oversikt:unit")  # one reverse for every row
    rows = []
    for unit in units:
        cells = []
        behind = []
        for f in figures:
            value = f.values.get(unit.pk)
            broken = [r for r in rules if r.figure == f.key and r.matches(value)]
            behind.extend(broken)
            cells.append({"value": value, "figure": f, "behind": broken})
        rows.append({"unit": unit, "cells": cells, "behind": behind, "href": unit_url(unit.pk)})
    groups = []
    for kind in KIND_ORDER:
        group_rows = [r for r in rows if r["unit"].kind == kind]
        if not group_rows:
            continue
        ids = [r["unit"].pk for r in group_rows]
        group_rows.sort(key=key, reverse=sort.startswith("-") and sort.lstrip("-") == NAME_SORT)
        groups.append({
            "kind": kind, "label": KIND_GROUP_LABELS[kind], "rows": group_rows,
            **_summary(figures, ids),
        })
    ids = [u.pk for u in units]
    return {
        "figures": figures, "groups": groups, "sort": sort, "rules": rules,
        **_summary(figures, ids),
        "behind_count": sum(1 for r in rows if r["behind"]),
        "today": today, "figures_computed_at": computed_at,
    }


def city_export_rows(table: dict):
    """The city table as rows for ``isms.exports`` (group order, sorted as on the page)."""
    for group in table["groups"]:
        for row in group["rows"]:
            yield {"unit": row["unit"], "kind": group["label"],
                   "values": [c["value"] for c in row["cells"]],
                   "behind": "; ".join(str(r.label) for r in row["behind"])}


def sort_links(table: dict) -> dict:
    """The table's column headers as sort links (``?sort=``, server-side): the first click on a
    figure shows the weakest units first, the next reverses; ``aria_sort`` for the column the
    table is sorted by."""
    current = table["sort"]

    def column(key, label, worst_first_descending):
        first = f"-{key}" if worst_first_descending else key
        other = key if worst_first_descending else f"-{key}"
        state = ""
        if current.lstrip("-") == key:
            state = "descending" if current.startswith("-") else "ascending"
        return {"label": label, "href": f"?sort={other if current == first else first}",
                "aria_sort": state}

    return {
        "name": column(NAME_SORT, _("Enhet"), False),
        "figures": [column(f.key, f.label, f.higher_is_better is not True)
                    for f in table["figures"]],
    }


# --- Trend over twelve months ------------------------------------------------------------------

def year_moments(year: int) -> list[tuple]:
    """(first day, last instant) of each month of a past ``year``."""
    tz = timezone.get_current_timezone()
    result = []
    for month in range(1, 13):
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        result.append((dt.date(year, month, 1), dt.datetime(nxt.year, nxt.month, 1, tzinfo=tz)
                       - dt.timedelta(microseconds=1)))
    return result


def trend_moments(today) -> list[tuple]:
    """(first day of the month, moment) for the last twelve months: the last instant of each
    past month (local time), and None (now) for the current one."""
    tz = timezone.get_current_timezone()
    months = []
    year, month = today.year, today.month
    for _i in range(12):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    result = []
    for year, month in reversed(months):
        first = dt.date(year, month, 1)
        if (year, month) == (today.year, today.month):
            result.append((first, None))
        else:
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            result.append((first, dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)
                           - dt.timedelta(microseconds=1)))
    return result


def unit_trend(*, unit, today=None, moments=None) -> dict | None:
    """The registers' trends of ``unit`` over twelve months as one chart (``isms.charts``) with
    its data table; None when no register gives one. ``moments``: (first day, moment) pairs
    (default: the last twelve months, :func:`trend_moments`)."""
    today = today or timezone.localdate()
    moments = moments or trend_moments(today)
    # Closed months of the registers that allow it come from the kept values.
    trends = trend_cache.unit_series(unit=unit, moments=[m for _f, m in moments])
    if not trends:
        return None
    short = [date_label(first, "M") for first, _m in moments]
    title = _("Utveckling de senaste tolv månaderna: %(unit)s") % {"unit": unit.name}
    first, last = moments[0][0], moments[-1][0]
    summary = "; ".join(
        _("%(label)s: från %(start)s i %(first)s till %(end)s i %(last)s") % {
            "label": t.label, "start": _percent_text(t.values[0]), "end": _percent_text(t.values[-1]),
            "first": date_label(first, "F Y"), "last": date_label(last, "F Y"),
        } for t in trends
    )
    return {
        "chart": charts.line_chart(short, [(str(t.label), t.values) for t in trends],
                                   title=str(title)),
        "summary": summary,
        "columns": [t.label for t in trends],
        "rows": (rows := [{"label": date_label(first, "F Y"),
                           "values": [t.values[i] for t in trends]}
                          for i, (first, _m) in enumerate(moments)]),
        "rows_html": _trend_rows_html(rows),
    }


def _trend_rows_html(rows) -> str:
    """The body of the dashboard's table of the trend (twelve months × the series), written
    here rather than with template tags per cell: the same cells."""
    def cell(value):
        return "–" if value is None else f"{formats.localize(value)} %"

    return mark_safe("".join(  # noqa: S308 (the label escaped, the rest numbers)
        f'<tr><th scope="row">{escape(row["label"])}</th>'
        + "".join(f'<td class="num">{cell(value)}</td>' for value in row["values"]) + "</tr>"
        for row in rows
    ))


def _percent_text(value) -> str:
    return "–" if value is None else f"{value} %"
