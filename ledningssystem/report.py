"""The yearly report's sections on the management system, read through this app's selectors:

- **Styrdokument** (order 20, replaces the placeholder): the unit's local documents on
  31 December (rebuilt from the history tables, ``isms.as_of``) or at generation for the
  current year; required kinds missing; reviews overdue; the city report counts per unit.
- **Utbildning** (order 60, replaces the placeholder): the completion share of the year's
  mandatory training (``selectors.shares``), per unit in the city report.
- **Granskning och uppföljning** (order 70): the year's reviews and audits, findings by
  severity, overdue actions, access reviews and the Statement of Applicability's figures: the
  unit's, or in the city report one row per unit (applicable controls, genomförda, delvis, ej
  påbörjade, ej tillämpliga, ej bedömda) and the summary column "Kontroller genomförda (SoA)".
  The SoA is the state on 31 December of a past year (the plans and the units' own statements
  rebuilt from history, ``isms.as_of``) or at generation, by the rules of
  ``selectors.statement_rows``.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from isms.aggregates import per_unit, percent
from isms.as_of import state_at, year_end
from isms.dates import year_end_or_today
from isms.plugins import SummaryPart

from . import selectors
from .models import (
    AccessReview,
    Audit,
    DocumentStatus,
    Finding,
    Severity,
    SteeringDocument,
)
from .selectors.audits import action_overdue_q, with_review_state


def _documents(year: int):
    return state_at(SteeringDocument, year_end(year))


def documents_section(*, unit, year: int, units=None) -> dict:
    ref = year_end_or_today(year)
    docs = _documents(year)
    if unit is not None:
        missing = selectors.missing_required(units=[unit], documents=docs)[unit.pk]
        rows = list(
            docs.filter(unit_id=unit.pk).exclude(status=DocumentStatus.REPEALED)
            .order_by("title").values("title", "kind_id", "status", "owner", "next_review")
        )
        kinds = {k.pk: k.name for k in selectors.document_kinds()}
        labels = dict(DocumentStatus.choices)
        for row in rows:
            row["kind"] = kinds.get(row["kind_id"], "")
            row["status_label"] = labels.get(row["status"], row["status"])
            row["overdue"] = bool(row["status"] == DocumentStatus.DECIDED and row["next_review"]
                                  and row["next_review"] < ref)
        return {
            "reference_date": ref, "documents": rows, "missing": missing,
            "decided": sum(r["status"] == DocumentStatus.DECIDED for r in rows),
            "overdue": sum(r["overdue"] for r in rows),
            "required": selectors.required_kinds(),
        }
    units = list(units)
    missing = selectors.missing_required(units=units, documents=docs)
    counts = per_unit(
        docs.filter(unit_id__in=[u.pk for u in units]), "unit_id",
        decided=Count("id", filter=Q(status=DocumentStatus.DECIDED)),
        overdue=Count("id", filter=Q(status=DocumentStatus.DECIDED, next_review__lt=ref)),
    )
    summary = SummaryPart(columns=[_("Styrdokument saknas"), _("Översyn försenad")])
    complete = late = 0
    for u in units:
        n_missing = len(missing.get(u.pk, []))
        overdue = counts.get(u.pk, {}).get("overdue", 0)
        summary.rows[u.pk] = [n_missing, overdue]
        complete += n_missing == 0
        late += overdue
    summary.totals = [sum(len(v) for v in missing.values()), late]
    return {
        "reference_date": ref, "units": len(units), "complete": complete,
        "percent": percent(complete, len(units)), "overdue": late,
        "city_documents": docs.filter(unit_id__isnull=True, status=DocumentStatus.DECIDED).count(),
        "summary": summary,
    }


def training_section(*, unit, year: int, units=None) -> dict:
    courses = selectors.mandatory_courses()
    if unit is not None:
        share = selectors.shares(units=[unit], year=year)[unit.pk]
        return {"share": share, "courses": courses, "year": year}
    units = list(units)
    shares = selectors.shares(units=units, year=year)
    summary = SummaryPart(columns=[_("Utbildning genomförd")])
    staff = done = 0
    for u in units:
        s = shares[u.pk]
        summary.rows[u.pk] = ["–" if s["percent"] is None else f"{s['percent']} %"]
        if s["staff"]:
            staff += s["staff"]
            done += min(s["completed"], s["staff"])
    total = percent(done, staff)
    summary.totals = ["–" if total is None else f"{total} %"]
    return {
        "courses": courses, "year": year, "staff": staff, "completed": done, "percent": total,
        "without_count": sum(1 for u in units if not shares[u.pk]["staff"]),
        "summary": summary,
    }


SOA_KEYS = ("applies", "done", "partly", "not_started", "excluded", "not_assessed",
            "without_plan")


def _soa_city(units, at) -> dict:
    """The SoA figures per unit (one row each) and for the whole city, and the summary column."""
    by_unit = selectors.statement_figures_by_unit(units=units, at=at)
    rows = [{"name": u.name, **by_unit[u.pk]} for u in units]
    totals = {k: sum(f[k] for f in by_unit.values()) for k in SOA_KEYS}
    summary = SummaryPart(columns=[_("Kontroller genomförda (SoA)")])
    for u in units:
        summary.rows[u.pk] = [f"{by_unit[u.pk]['done']}/{by_unit[u.pk]['applies']}"]
    summary.totals = [f"{totals['done']}/{totals['applies']}"]
    return {"soa_units": rows, "soa_totals": totals, "summary": summary}


def followup_section(*, unit, year: int, units=None) -> dict:
    ref = year_end_or_today(year)
    if unit is None:
        units = list(units)
    unit_ids = [unit.pk] if unit is not None else [u.pk for u in units]
    audits = Audit.objects.filter(period_end__year=year).filter(
        Q(unit_id__in=unit_ids) | Q(units__in=unit_ids)).distinct()
    findings = Finding.objects.filter(audit__period_end__year=year, unit_id__in=unit_ids)
    by_severity = dict(findings.values_list("severity").annotate(n=Count("pk")).order_by())
    data = {
        "reference_date": ref,
        "audits": list(audits.order_by("period_end").values(
            "title", "kind", "auditor", "independent", "period_start", "period_end")),
        "severity": [(label, by_severity.get(value, 0)) for value, label in Severity.choices],
        "findings": sum(by_severity.values()),
        "open_findings": findings.filter(status="open").count(),
        "overdue_actions": Finding.objects.filter(unit_id__in=unit_ids).aggregate(
            n=Count("actions", filter=action_overdue_q(ref, "actions__")))["n"],
        "access_reviews": AccessReview.objects.filter(
            it_service__unit_id__in=unit_ids, performed_on__year=year).count(),
        "overdue_access_reviews": with_review_state(
            AccessReview.objects.filter(it_service__unit_id__in=unit_ids), ref
        ).filter(is_overdue=True).count(),
    }
    kinds = dict(Audit._meta.get_field("kind").choices)
    for a in data["audits"]:
        a["kind_label"] = kinds.get(a["kind"], a["kind"])
    at = year_end(year)
    data["soa_at_year_end"] = at is not None
    if unit is not None:
        data["soa"] = selectors.statement_figures_by_unit(units=[unit], at=at)[unit.pk]
    else:
        data.update(_soa_city(units, at))
    return data
