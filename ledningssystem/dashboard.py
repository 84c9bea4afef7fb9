"""The management system's part of the dashboards (``oversikt``): training completion, missing
required local steering documents and overdue reviews as key figures (the start page's
definitions: ``selectors.unit_figures``), and, as to-do items, documents past their review
date and findings with overdue actions."""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from isms import shared_reads
from isms.links import kept_url
from isms.plugins import Figure, TodoItem
from nämnder import access
from nämnder.selectors import dashboard_units

from . import selectors


def _documents_url(unit, extra: str = "") -> str:
    return f"{kept_url('ledningssystem:document_list')}?unit={unit.pk}{extra}"


def dashboard_figures(*, units, today) -> list[Figure]:
    rows = selectors.unit_figures(units=units, year=today.year, today=today)
    return [
        Figure(
            key="training", label=_("Genomförd obligatorisk utbildning i år"), kind="percent",
            values={r["unit"].pk: r["training"]["percent"] for r in rows},
            parts={r["unit"].pk: (min(r["training"]["completed"], r["training"]["staff"]),
                                  r["training"]["staff"])
                   for r in rows if r["training"]["staff"]},
            url=lambda unit: f"{kept_url('ledningssystem:completion_list')}?unit={unit.pk}",
        ),
        Figure(
            key="missing_documents", label=_("Saknade obligatoriska lokala styrdokument"),
            values={r["unit"].pk: len(r["missing"]) for r in rows}, higher_is_better=False,
            url=_documents_url,
        ),
        Figure(
            key="overdue_documents", label=_("Styrdokument med försenad översyn"),
            values={r["unit"].pk: r["overdue_documents"] for r in rows},
            higher_is_better=False, url=lambda unit: _documents_url(unit, "&overdue=on"),
        ),
    ]


def dashboard_todo(*, user, units, now) -> list[TodoItem]:
    """Documents past review and overdue finding actions: the key figures' counts
    (``selectors.unit_counts``, which ``selectors.unit_figures`` reads: ``overdue_q``,
    ``action_overdue_q``), one query without the training shares and missing documents the
    to-do list does not show."""
    mine = [u for u in units if access.can(user, access.EDIT_RECORDS, u)]
    if not mine:
        return []
    today = timezone.localdate(now)
    items = []
    counts = selectors.unit_counts(units=mine, today=today)
    for unit in mine:
        row = counts[unit.pk]
        if n := row["overdue_documents"]:
            items.append(TodoItem(unit=unit, label=_("Styrdokument vars översyn har passerat"),
                                  count=n, url=_documents_url(unit, "&overdue=on")))
        if n := row["overdue_actions"]:
            items.append(TodoItem(
                unit=unit, label=_("Försenade åtgärder på iakttagelser"), count=n,
                url=f"{kept_url('ledningssystem:finding_list')}?unit={unit.pk}&overdue=on",
            ))
    return items


def start_panel_context(*, user, today) -> dict:
    """The start page's panel: a row per unit of the person's (``dashboard_units``), kept
    between requests with the key figures (``isms.shared_reads.kept``: same day, same data
    version; a row is the same for whoever sees it). For the city-wide roles (a row per active
    unit, the same for each of them) all the rows' HTML as one value; for others each unit's
    row (a chief's panel then reads none of its figures while nothing has changed)."""
    units = dashboard_units(user=user)
    ids = [u.pk for u in units]
    if not access.sees_all_units(user):
        html = "\n      ".join(shared_reads.kept(
            ("ledningssystem.start_row_html", today.isoformat(), get_language(), unit.pk),
            lambda unit=unit: start_rows_html(selectors.unit_figures(
                units=[unit], year=today.year, today=today)),
        ) for unit in units)
    else:
        html = shared_reads.kept(
            ("ledningssystem.start_rows_html", today.isoformat(), get_language(), tuple(ids)),
            lambda: start_rows_html(selectors.unit_figures(units=units, year=today.year,
                                                           today=today)),
        )
    return {"year": today.year, "rows": ids,
            "rows_html": mark_safe(html)}  # noqa: S308 (kept as written)


def start_rows_html(rows) -> str:
    """The body rows of the start page's panel (``ledningssystem/start_panel.html``), written
    here: on the city-wide start page it has a row per active unit, and template tags per cell
    cost milliseconds. The same cells and words as the template had."""
    none = escape(gettext("Inga"))
    out = []
    for r in rows:
        missing = (f'<span class="bad">{", ".join(escape(k.name) for k in r["missing"])}</span>'
                   if r["missing"] else none)
        share = r["training"]["percent"]
        out.append(
            f'<tr><th scope="row">{escape(r["unit"].name)}</th>\n'
            f'        <td>{missing}</td>\n'
            f'        <td class="num">{r["overdue_documents"]}</td>\n'
            f'        <td class="num">{"–" if share is None else f"{share} %"}</td>\n'
            f'        <td class="num">{r["overdue_actions"]}</td>\n'
            f'        <td class="num">{r["overdue_access_reviews"]}</td></tr>'
        )
    return mark_safe("\n      ".join(out))  # noqa: S308 (names escaped, the rest numbers)
