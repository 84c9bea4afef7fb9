"""The risk register's part of the dashboards (``oversikt``): open risks above the acceptance
criterion, per unit, as a key figure and as a to-do item for those who decide on them (the
same units as the start page's risk panel: ``selectors.figures.attention_units``); and the
unit's residual-risk heatmap with its count per level against the city median (a section)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from isms import shared_reads
from isms.aggregates import median
from isms.links import kept_url
from isms.plugins import DashboardSection, Figure, TodoItem
from nämnder import access

from . import selectors


def _list_url(unit) -> str:
    return f"{kept_url('risk:risk_list')}?unit={unit.pk}&sort=niva"


def dashboard_figures(*, units, today) -> list[Figure]:
    units = list(units)
    above = selectors.above_criterion_counts(
        unit_ids=[u.pk for u in units], matrix=selectors.active_matrix(), today=today
    )
    return [Figure(
        key="risks_above", label=_("Öppna risker över acceptanskriteriet"),
        values={u.pk: above.get(u.pk, {}).get("n", 0) for u in units},
        higher_is_better=False, url=_list_url,
    )]


def dashboard_todo(*, user, units, now) -> list[TodoItem]:
    # The start panel's units (``attention_units``): where the person approves, not city-wide.
    if access.sees_all_units(user):
        return []
    mine = [u for u in units if access.can(user, access.APPROVE, u)]
    if not mine:
        return []
    above = selectors.above_criterion_counts(
        unit_ids=[u.pk for u in mine], matrix=selectors.active_matrix(),
        today=timezone.localdate(now),
    )
    return [
        TodoItem(unit=u, label=_("Risker över acceptanskriteriet som väntar på beslut"),
                 count=above[u.pk]["n"], url=_list_url(u))
        for u in mine if above.get(u.pk, {}).get("n")
    ]


def _current_url(unit, **params) -> str:
    """The register (or the heatmap page) filtered on the unit's current risks."""
    query = urlencode({"unit": unit.pk, "status": selectors.CURRENT, **params})
    return f"{kept_url('risk:risk_list')}?{query}"


def _per_level(cells: dict, matrix) -> dict[int, int]:
    counts = {lv.rank: 0 for lv in matrix.levels}
    for (likelihood, consequence), n in cells.items():
        if likelihood is None:
            continue
        if (level := matrix.level_for(likelihood * consequence)) is not None:
            counts[level.rank] += n
    return counts


def _level_medians(city, matrix) -> dict[str, float | None]:
    """{level rank: the city's median number of current risks at that level} over ``city``
    (none counting 0). One grouped query over every unit's risks: kept between requests with
    the key figures (``isms.shared_reads.kept``)."""
    cells = selectors.residual_cells(unit_ids=[u.pk for u in city])
    city_levels = [_per_level(cells.get(u.pk, {}), matrix) for u in city]
    return {str(lv.rank): median(c[lv.rank] for c in city_levels) for lv in matrix.levels}


def heatmap_rows_html(rows, *, links: bool) -> str:
    """The body rows of ``risk/_heatmap_table.html`` (its ``body_html``), written here rather
    than with template tags per cell (a row per likelihood, a cell per consequence): the same
    HTML as the template's loop; every text escaped."""
    hidden = escape(gettext("risker, visa dem"))
    out = []
    for row in rows:
        cells = []
        for cell in row["cells"]:
            level = cell["level"]
            count = cell["count"]
            linked = links and count
            cells.append(
                f'<td class="risk-level {level.css_class if level is not None else ""}">'
                + (f'<a href="{escape(cell["href"])}">' if linked else "")
                + f'<span class="count">{escape(count)}</span>'
                + (f'<span class="visually-hidden"> {hidden}</span></a>' if linked else "")
                + f'<br><span class="cell-level">{escape((level.name if level else "") or "–")}'
                "</span></td>"
            )
        step = row["step"]
        out.append(
            "\n    <tr>\n"
            f'      <th scope="row">{escape(step.value)} – {escape(step.name)}</th>\n'
            f'      {"".join(cells)}\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 (every text escaped above)


def dashboard_sections(*, units, city, today) -> list[DashboardSection]:
    """The residual-risk heatmap of each of ``units`` (the risk map page's matrix and table,
    ``risk/_heatmap_table.html``), each cell linked to the register filtered on its risks, and
    the number per level against the city median (over all active units, none counting 0, as
    the key figure of risks above the criterion). Four queries (the matrix, the units' cells)
    whatever the number of units or risks, and the city's medians per level when they are not
    kept (``_level_medians``)."""
    units = list(units)
    if not units:
        return []
    matrix = selectors.active_matrix()
    cells = selectors.residual_cells(unit_ids=sorted({u.pk for u in units}))
    medians = {int(rank): value for rank, value in shared_reads.kept(
        ("risk.residual_level_medians", matrix.pk),
        lambda: _level_medians(city, matrix),
    ).items()}
    criterion = matrix.acceptance.rank if matrix.acceptance else 0
    data = {}
    for unit in units:
        mine = cells.get(unit.pk, {})
        rows = matrix.grid({k: n for k, n in mine.items() if k[0] is not None})
        # ``_current_url`` of each cell: the unit's part encoded once, the cell's two numbers
        # added (the same query string, in the same order).
        cell_url = _current_url(unit, assessment=selectors.RESIDUAL)
        for row in rows:
            for cell in row["cells"]:
                cell["href"] = (f"{cell_url}&likelihood={cell['likelihood']}"
                                f"&consequence={cell['consequence']}")
        counts = _per_level(mine, matrix)
        data[unit.pk] = {
            "matrix": matrix, "rows": rows, "rows_html": heatmap_rows_html(rows, links=True),
            "levels": [{"level": lv, "count": counts[lv.rank], "median": medians[lv.rank],
                        "above": lv.rank > criterion}
                       for lv in reversed(matrix.levels)],
            "assessed": sum(counts.values()),
            "unassessed": mine.get((None, None), 0),
            "list_url": _current_url(unit),
            "map_url": f"{kept_url('risk:risk_heatmap')}?unit={unit.pk}&status={selectors.CURRENT}",
        }
    return [DashboardSection(key="risk_heatmap", title=_("Kvarstående risk"),
                             template="risk/dashboard/section.html", data=data, report=False)]
