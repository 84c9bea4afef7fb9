"""The start page overview and the dashboards' classification figures: per unit, how far the
classification work has come.

A fixed number of grouped queries whatever the number of units or assets, so the city-wide
function's overview of every nämnd and bolag costs the same as one official's of one unit.
The start page's overview, the dashboards' key figures (``oversikt``) and their to-do items
read the same rows (:func:`unit_rows`), so a figure has one definition. A section of the unit's
dashboard lists the prioritised IT services the unit uses or owns (:func:`dashboard_sections`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from isms import shared_reads
from isms.aggregates import median, percent
from isms.compiled import CompiledQuery, CompiledRows, Ids
from isms.links import id_url, kept_id_url, kept_url
from isms.plugins import DashboardSection, Figure, TodoItem, Trend
from nämnder import access
from nämnder.selectors import dashboard_units

from .fulfilment import fulfilment_aggregates, fulfilment_of_row, overdue_q
from .models import ITService, UnitRequirement
from .selectors import unit_coverage


def unit_rows(*, units, today) -> list[dict]:
    """Per unit: assets, classified share, approvals waiting, overdue reviews, plan fulfilment
    and overdue plan requirements. Two grouped queries, read once per page for each unit
    (``isms.shared_reads``: the dashboard's city figures serve the to-do items, the start
    panel and the trend's current month)."""
    units = list(units)
    rows = shared_reads.per_unit(("klassning.unit_rows", today), units,
                                 lambda missing: _rows_by_unit(missing, today))
    return [rows[u.pk] for u in units]


_PLAN = ("plan_total", "plan_fulfilled", "plan_not_applicable", "plan_overdue")
# The plans' grouped counts: SQL built once per process (per number of units).
_PLANS = CompiledRows(
    lambda unit_ids, today: UnitRequirement.objects.filter(unit__in=unit_ids, is_current=True)
    .values("unit_id").annotate(**fulfilment_aggregates(),
                                plan_overdue=Count("pk", filter=overdue_q(today)))
    .order_by().values_list("unit_id", *_PLAN),
    unit_ids=Ids(-2_000_000_500), today=dt.date(1901, 2, 5), prepare=True,
)


def _rows_by_unit(units, today) -> dict:
    plans = {row[0]: dict(zip(_PLAN, row[1:], strict=True))
             for row in _PLANS.rows(unit_ids=[u.pk for u in units], today=today)}
    rows = {}
    # Assets, approvals waiting and overdue reviews: one grouped query over the assets' own
    # classification state (``unit_coverage``).
    for coverage in unit_coverage(units=units, today=today):
        p = plans.get(coverage["unit"].pk, {})
        rows[coverage["unit"].pk] = {
            **coverage,
            # Fulfilled of the applicable current items ("Ej tillämplig" left out), as in the
            # yearly report: klassning.fulfilment.
            "plan": fulfilment_of_row(p),
            "plan_overdue": p.get("plan_overdue", 0),
        }
    return rows


def unit_overview(*, user) -> list[dict]:
    """The start page's *Läget per enhet*: :func:`unit_rows` of the person's units, each with
    the links of its row (one ``reverse`` per kind of link, not per row)."""
    unit_url, plan_url = id_url("unit_detail"), id_url("klassning:unit_plan")
    return [{**row, "unit_url": unit_url(row["unit"].pk), "plan_url": plan_url(row["unit"].pk)}
            for row in unit_rows(units=dashboard_units(user=user), today=timezone.localdate())]


def start_panel_context(*, user) -> dict:
    """The start page's *Läget per enhet*. For the city-wide roles (a row per active unit, the
    same for each of them) the rows' HTML is kept between requests with the key figures
    (``isms.shared_reads.kept``: same day, same data version); for others, read live."""
    sees_all = access.sees_all_units(user)
    if not sees_all:
        rows = unit_overview(user=user)
        return {"rows": rows, "rows_html": overview_rows_html(rows), "sees_all": False}
    ids = [u.pk for u in dashboard_units(user=user)]
    html = shared_reads.kept(
        ("klassning.overview_rows_html", timezone.localdate().isoformat(), get_language(),
         tuple(ids)),
        lambda: overview_rows_html(unit_overview(user=user)),
    )
    return {"rows": ids, "rows_html": mark_safe(html), "sees_all": True}  # noqa: S308 (kept as written)


def overview_rows_html(rows) -> str:
    """The body rows of *Läget per enhet* (``klassning/_dashboard.html``), written here: on the
    city-wide start page it has a row per active unit, and seven cells of template tags per
    row cost several milliseconds. The same cells, links and words as the template had."""
    assets_url = kept_url("klassning:asset_list")
    no_plan = escape(gettext("Ingen plan än"))
    out = []
    for row in rows:
        pk, plan_url, plan = row["unit"].pk, escape(row["plan_url"]), row["plan"]
        unit_assets = f"{assets_url}?unit={pk}"
        percent = "" if row["percent"] is None else f" ({row['percent']} %)"
        if plan.total:
            plan_text = f"{plan.fulfilled} / {plan.applicable}" + (
                "" if plan.percent is None else f" ({plan.percent} %)")
        else:
            plan_text = no_plan
        submitted = (f'<a class="warning" href="{unit_assets}&amp;status=submitted">'
                     f'{row["submitted"]}</a>' if row["submitted"] else "0")
        overdue = (f'<a class="bad" href="{unit_assets}&amp;review=overdue">{row["overdue"]}</a>'
                   if row["overdue"] else "0")
        plan_overdue = (f'<a class="bad" href="{plan_url}?overdue=on">{row["plan_overdue"]}</a>'
                        if row["plan_overdue"] else "0")
        out.append(
            f'<tr>\n      <th scope="row"><a href="{escape(row["unit_url"])}">'
            f'{escape(row["unit"].name)}</a></th>\n'
            f'      <td class="num"><a href="{unit_assets}">{row["total"]}</a></td>\n'
            f'      <td class="num">{row["approved"]} / {row["classifiable"]}{percent}</td>\n'
            f'      <td class="num">{submitted}</td>\n'
            f'      <td class="num">{overdue}</td>\n'
            f'      <td class="num"><a href="{plan_url}">{plan_text}</a></td>\n'
            f'      <td class="num">{plan_overdue}</td>\n    </tr>'
        )
    return mark_safe("\n    ".join(out))  # noqa: S308 (every value escaped or a number)


def dashboard_figures(*, units, today) -> list[Figure]:
    rows = unit_rows(units=units, today=today)
    plan_url = lambda unit: kept_id_url("klassning:unit_plan")(unit.pk)  # noqa: E731
    return [
        Figure(
            key="classified", label=_("Klassad andel"), kind="percent",
            values={r["unit"].pk: r["percent"] for r in rows},
            parts={r["unit"].pk: (r["approved"], r["classifiable"]) for r in rows},
            url=lambda unit: f"{kept_url('klassning:asset_list')}?unit={unit.pk}",
        ),
        Figure(
            key="fulfilment", label=_("Uppfyllda krav (åtgärdsplan)"), kind="percent",
            values={r["unit"].pk: r["plan"].percent for r in rows},
            parts={r["unit"].pk: (r["plan"].fulfilled, r["plan"].applicable) for r in rows},
            url=plan_url,
        ),
        Figure(
            key="overdue_reviews", label=_("Försenade översyner av klassningar"),
            values={r["unit"].pk: r["overdue"] for r in rows}, higher_is_better=False,
            url=lambda unit: f"{kept_url('klassning:asset_list')}?unit={unit.pk}&review=overdue",
        ),
    ]


def dashboard_todo(*, user, units, now) -> list[TodoItem]:
    """Classifications waiting for approval (where the person approves) and overdue
    requirements on the action plan (where the person edits records)."""
    # ``access.can`` reads the person's units once per request, shared with the other sources.
    approve = {u.pk for u in units if access.can(user, access.APPROVE, u)}
    edit = {u.pk for u in units if access.can(user, access.EDIT_RECORDS, u)}
    mine = [u for u in units if u.pk in approve | edit]
    if not mine:
        return []
    items = []
    for row in unit_rows(units=mine, today=timezone.localdate(now)):
        unit = row["unit"]
        if unit.pk in approve and row["submitted"]:
            items.append(TodoItem(
                unit=unit, label=_("Klassningar att fastställa"), count=row["submitted"],
                url=f"{kept_url('klassning:asset_list')}?unit={unit.pk}&status=submitted",
            ))
        if unit.pk in edit and row["plan_overdue"]:
            items.append(TodoItem(
                unit=unit, label=_("Försenade krav i åtgärdsplanen"), count=row["plan_overdue"],
                url=f"{kept_id_url('klassning:unit_plan')(unit.pk)}?overdue=on", urgent=True,
            ))
    return items


def dashboard_trends(*, unit, moments) -> list[Trend]:
    """Classified share and plan fulfilment of ``unit`` at each moment, rebuilt from the history
    as the yearly report's snapshot is (``klassning.report.Registers``); None: the live tables
    (:func:`unit_rows`, the key figures' definition). Two queries per moment; no moment, no
    query. Closed months are kept by the dashboards (``trend_version``)."""
    from .fulfilment import plan_fulfilment
    from .report import Registers
    from .selectors import plan_status_counts

    classified, fulfilment = [], []
    for at in moments:
        if at is None:  # now: the live figures (the dashboard's own rows, read once per page)
            row = unit_rows(units=[unit], today=timezone.localdate())[0]
            classified.append(row["percent"])
            fulfilment.append(row["plan"].percent)
            continue
        reg = Registers(at)
        coverage = unit_coverage(units=[unit], assets=reg.assets,
                                 classifications=reg.classifications)[0]
        classified.append(coverage["percent"])
        fulfilment.append(plan_fulfilment(plan_status_counts(unit=unit, items=reg.unit_items)).percent)
    return [
        Trend(key="classified", label=_("Klassad andel"), values=classified),
        Trend(key="fulfilment", label=_("Uppfyllda krav (åtgärdsplan)"), values=fulfilment),
    ]


# --- The prioritised IT services the unit uses (riktlinje point 9) ------------------------------

def acknowledgement_state(progress: dict) -> tuple[str, str]:
    """(key, text) of the owner's receipt of a service's current requirements: all, some or
    none acknowledged (``handover.service_progress``), or no requirements yet."""
    total, missing = progress.get("plan_total", 0), progress.get("unacknowledged", 0)
    if not total:
        return "none_required", str(_("Inga krav än"))
    if not missing:
        return "all", str(_("Alla kvitterade"))
    if missing == total:
        return "not", str(_("Inte kvitterade"))
    return "partly", str(_("Delvis: %(done)s av %(total)s kvitterade") % {
        "done": total - missing, "total": total})


def _prioritised(*, half):
    from .selectors.services import prioritised_service_ids

    # ``majority(2 * half)`` is ``half``: the sentinel reaches the SQL as the threshold.
    return (ITService.objects.filter(pk__in=prioritised_service_ids(active_units=2 * half))
            .select_related("unit").order_by("name"))


# The section's reads, SQL built once per process.
_PRIORITISED = CompiledQuery(_prioritised, half=-2_000_000_171)
_USER_LINKS = CompiledRows(
    lambda service_ids: ITService.user_units.through.objects
    .filter(itservice_id__in=service_ids).values_list("itservice_id", "organisationunit_id"),
    service_ids=Ids(-2_000_000_181), prepare=True,
)


@dataclass(frozen=True)
class SectionService:
    """A prioritised service as the section shows it (its name, link and owning unit's name),
    rebuilt from the kept values without a query."""

    pk: int
    name: str
    unit_id: int
    unit: SimpleNamespace


_PROGRESS_KEPT = ("fulfilled", "applicable", "percent", "overdue", "plan_total", "unacknowledged")


def _city_services(*, half, today) -> dict:
    """The section's reads (three queries): the prioritised services (id, name, owning unit
    and its name, by name), the units using or owning each ({unit id: [service ids]}, every
    unit, active or not) and each service's progress (``handover.service_progress``, the
    columns the section shows). The same for every person: kept between requests with the key
    figures (``isms.shared_reads.kept``: the data version covers the services, their user
    units and requirements, the units' names; the day, the overdue ones)."""
    from .handover import service_progress

    services = _PRIORITISED.objects(half=half)
    users: dict[str, list[int]] = {}
    for service_id, unit_id in _USER_LINKS.rows(service_ids=[s.pk for s in services]):
        users.setdefault(str(unit_id), []).append(service_id)
    for service in services:
        mine = users.setdefault(str(service.unit_id), [])
        if service.pk not in mine:
            mine.append(service.pk)
    progress = service_progress([s.pk for s in services], today=today) if services else {}
    return {
        "services": [[s.pk, s.name, s.unit_id, s.unit.name] for s in services],
        "users": users,
        "progress": {str(pk): {k: p[k] for k in _PROGRESS_KEPT} for pk, p in progress.items()},
    }


def section_rows_html(rows, detail_url) -> str:
    """The body rows of the section's table of services (``klassning/dashboard/section.html``,
    on the dashboard: the report keeps the template's loop), written here rather than with
    template tags per cell: the same HTML; every text escaped."""
    own = escape(gettext("enheten själv"))
    out = []
    for row in rows:
        service = row["service"]
        name = escape(service.name)
        share = ("–" if row["percent"] is None else
                 f'{row["fulfilled"]} / {row["applicable"]} ({row["percent"]} %)')
        warning = (' class="warning"' if row["acknowledgement"] in ("not", "partly") else "")
        out.append(
            "<tr>\n"
            f'    <th scope="row"><a href="{escape(detail_url(service.pk))}">{name}</a></th>\n'
            f'    <td>{escape(service.unit.name)}{f" ({own})" if row["owns"] else ""}</td>\n'
            f'    <td class="num">{escape(share)}</td>\n'
            f'    <td class="num">{escape(row["overdue"])}</td>\n'
            f'    <td{warning}>{escape(row["acknowledgement_text"])}</td>\n'
            "  </tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 (every text escaped above)


def dashboard_sections(*, units, city, today) -> list[DashboardSection]:
    """Per unit of ``units``: the prioritised IT services (used by more than half of the active
    units, ``selectors.prioritised_service_ids``, the riktlinje's principle) that it uses or owns, each
    with its requirement fulfilment and whether its owner has acknowledged the requirements;
    and, against the city median (units using or owning a prioritised service), the share of
    their requirements fulfilled and of services whose requirements are all acknowledged.
    Three queries whatever the number of units, services or requirements, none when kept
    (:func:`_city_services`)."""
    from .selectors.services import majority

    units = list(units)
    if not units:
        return []
    half = majority(len(city))
    kept = shared_reads.kept(("klassning.prioritised_services", half, today.isoformat()),
                             lambda: _city_services(half=half, today=today))
    services = [SectionService(pk=pk, name=name, unit_id=unit_id,
                               unit=SimpleNamespace(pk=unit_id, name=unit_name))
                for pk, name, unit_id, unit_name in kept["services"]]
    users = {int(unit_id): set(ids) for unit_id, ids in kept["users"].items()}
    progress = {int(pk): p for pk, p in kept["progress"].items()}

    def shares(unit_id):
        mine = [progress.get(pk, {}) for pk in users.get(unit_id, ())]
        fulfilled = sum(p.get("fulfilled", 0) for p in mine)
        applicable = sum(p.get("applicable", 0) for p in mine)
        required = [p for p in mine if p.get("plan_total")]
        acknowledged = sum(1 for p in required if not p.get("unacknowledged"))
        return percent(fulfilled, applicable), percent(acknowledged, len(required))

    city_shares = [shares(u.pk) for u in city]
    medians = (median(s[0] for s in city_shares), median(s[1] for s in city_shares))
    list_url = kept_url("klassning:service_list") + "?prioritised=on"
    detail_url = kept_id_url("klassning:service_detail")
    data = {}
    for unit in units:
        rows = []
        for service in services:
            if service.pk not in users.get(unit.pk, ()):
                continue
            p = progress.get(service.pk, {})
            state, text = acknowledgement_state(p)
            rows.append({
                "service": service, "owns": service.unit_id == unit.pk,
                "fulfilled": p.get("fulfilled", 0), "applicable": p.get("applicable", 0),
                "percent": p.get("percent"), "overdue": p.get("overdue", 0),
                "acknowledgement": state, "acknowledgement_text": text,
            })
        fulfilment, acknowledged = shares(unit.pk)
        data[unit.pk] = {
            "services": rows, "rows_html": section_rows_html(rows, detail_url),
            "figures": [
                {"label": _("Uppfyllda krav i de prioriterade it-tjänsterna"),
                 "value": fulfilment, "median": medians[0]},
                {"label": _("Prioriterade it-tjänster vars ägare kvitterat alla krav"),
                 "value": acknowledged, "median": medians[1]},
            ],
            "list_url": list_url,
        }
    return [DashboardSection(key="prioritised_services",
                             title=_("Prioriterade it-tjänster som enheten använder"),
                             template="klassning/dashboard/section.html", data=data)]
