"""The yearly report's risk section: heatmaps (inherent and residual), the top risks, treatment
status, accepted risks with who accepted them, overdue follow-ups and actions. Registered in
``RiskConfig.ready()``; the template is ``risk/report/section.html``.

For a past year the registers as they were on 31 December, rebuilt from the history tables
(``isms.as_of``: one query per figure); for the current year the live tables. Levels are those
of the active matrix at generation. Closed risks are left out of the heatmaps and the top list.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from isms.aggregates import per_unit
from isms.as_of import state_at, year_end
from isms.dates import year_end_or_today
from isms.plugins import SummaryPart

from . import matrix as risk_matrix
from .models import OPEN_ACTION_STATUSES, Risk, RiskAction, RiskStatus, Treatment

TOP = 10
CHUNK = 500


def reference_date(year: int) -> dt.date:
    return year_end_or_today(year)


def _scored(qs):
    return qs.annotate(
        s_inherent=F("inherent_likelihood") * F("inherent_consequence"),
        s_residual=F("residual_likelihood") * F("residual_consequence"),
    ).annotate(s_current=Coalesce("s_residual", "s_inherent"))


def _counts(qs, residual: bool) -> dict:
    fields = ("residual_likelihood", "residual_consequence") if residual else (
        "inherent_likelihood", "inherent_consequence"
    )
    if residual:
        qs = qs.filter(residual_likelihood__isnull=False)
    rows = qs.order_by().values(*fields).annotate(n=Count("id"))
    return {(r[fields[0]], r[fields[1]]): r["n"] for r in rows}


def _person(row, prefix) -> str:
    name = f"{row.get(prefix + '__first_name') or ''} {row.get(prefix + '__last_name') or ''}"
    return name.strip() or row.get(prefix + "__username") or ""


def _with_levels(rows, matrix):
    statuses = dict(RiskStatus.choices)
    for row in rows:
        row["level"] = matrix.level_for(row["s_current"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["owner_name"] = _person(row, "owner")
        row["accepted_by_name"] = _person(row, "accepted_by")
        yield row


ROW_FIELDS = (
    "id", "title", "status", "s_current", "next_follow_up", "accepted_at", "accepted_level",
    "accepted_above_criterion", "acceptance_motivation", "owner__first_name",
    "owner__last_name", "owner__username", "accepted_by__first_name", "accepted_by__last_name",
    "accepted_by__username",
)


def _unit_data(unit, year: int) -> dict:
    at, ref = year_end(year), reference_date(year)
    matrix = risk_matrix.load()
    risks = _scored(state_at(Risk, at).filter(unit_id=unit.pk))
    live = risks.exclude(status=RiskStatus.CLOSED)
    actions = state_at(RiskAction, at).filter(risk_id__in=risks.values("id"))
    status_counts = dict(risks.order_by().values_list("status").annotate(n=Count("id")))
    treatment_counts = dict(
        live.order_by().values_list("treatment").annotate(n=Count("id"))
    )
    action_counts = dict(actions.order_by().values_list("status").annotate(n=Count("id")))
    overdue_follow_ups = live.filter(next_follow_up__lt=ref)
    return {
        "reference_date": ref, "matrix": matrix,
        "total": sum(status_counts.values()),
        "inherent": matrix.grid(_counts(live, residual=False)),
        "residual": matrix.grid(_counts(live, residual=True)),
        "statuses": [(label, status_counts.get(value, 0)) for value, label in RiskStatus.choices],
        "treatments": [(label, treatment_counts.get(value, 0))
                       for value, label in Treatment.choices]
        + [(_("Inte beslutad"), treatment_counts.get("", 0))],
        "actions": {
            "total": sum(action_counts.values()),
            "done": action_counts.get("done", 0),
            "overdue": actions.filter(due_date__lt=ref, status__in=OPEN_ACTION_STATUSES).count(),
        },
        "top": list(_with_levels(
            live.order_by("-s_current", "title").values(*ROW_FIELDS)[:TOP], matrix
        )),
        "accepted": _with_levels(
            risks.filter(status=RiskStatus.ACCEPTED).order_by("-s_current", "title")
            .values(*ROW_FIELDS).iterator(chunk_size=CHUNK), matrix
        ),
        "overdue_follow_up_count": overdue_follow_ups.count(),
        "overdue_follow_ups": _with_levels(
            overdue_follow_ups.order_by("next_follow_up", "title").values(*ROW_FIELDS)
            .iterator(chunk_size=CHUNK), matrix
        ),
    }


def _city_data(year: int, units) -> dict:
    at, ref = year_end(year), reference_date(year)
    matrix = risk_matrix.load()
    units = list(units)
    criterion = matrix.value_range(matrix.acceptance)[1] if matrix.acceptance else 0
    risks = _scored(state_at(Risk, at).filter(unit_id__in=[u.pk for u in units]))
    live = risks.exclude(status=RiskStatus.CLOSED)
    figures = per_unit(
        risks, "unit_id",
        total=Count("id"),
        above=Count("id", filter=Q(s_current__gt=criterion) & ~Q(status=RiskStatus.CLOSED)),
        accepted=Count("id", filter=Q(status=RiskStatus.ACCEPTED)),
        late=Count("id", filter=Q(next_follow_up__lt=ref) & ~Q(status=RiskStatus.CLOSED)),
    )
    summary = SummaryPart(columns=[
        _("Risker"), _("Över acceptanskriteriet"), _("Accepterade risker"),
        _("Försenad riskuppföljning"),
    ])
    keys = ("total", "above", "accepted", "late")
    sums = dict.fromkeys(keys, 0)
    for unit in units:
        row = figures.get(unit.pk, {})
        summary.rows[unit.pk] = [row.get(k, 0) for k in keys]
        for k in keys:
            sums[k] += row.get(k, 0)
    summary.totals = [sums[k] for k in keys]
    return {
        "reference_date": ref, "matrix": matrix, "sums": sums, "summary": summary,
        "inherent": matrix.grid(_counts(live, residual=False)),
        "residual": matrix.grid(_counts(live, residual=True)),
    }


def risk_section(*, unit, year: int, units=None) -> dict:
    return _unit_data(unit, year) if unit is not None else _city_data(year, units)
