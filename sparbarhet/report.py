"""The yearly report's section "Spårbarhet" (order 95, after "Förändringar under året").

For a unit: the year's changes and logged reads of protected information in the unit, counted
from the audit trail (index ``(unit, occurred_at, kind)``: the count reads the index alone).
For the city: the year's totals (events without a unit included: reference data, exports
spanning units), and the logged reads per unit as a column of the city summary (the changes per
unit are there already, as "Ändringar" from the changes section).

Both state the chain's head at generation (löpnummer and the full SHA-256) and the latest
verification (when, result, events checked, the first broken link) and the breaks the
security function has investigated (``BreakReview``). Printed in an archived PDF,
the head anchors the chain outside the database: a chain rebuilt later by someone with write
access to the database no longer passes through this head.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from isms.dates import year_bounds
from isms.plugins import SummaryPart

from . import selectors
from .models import AuditEvent, EventKind


def _counts(rows) -> dict:
    return {"changes": rows.get(EventKind.CHANGE, 0), "reads": rows.get(EventKind.READ, 0)}


def trail_section(*, unit, year: int, units=None) -> dict:
    start, end = year_bounds(year)
    in_year = AuditEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end).order_by()
    head = selectors.chain_head()
    first = AuditEvent.objects.order_by("seq").values_list("occurred_at", flat=True).first()
    data = {
        "head_seq": head.seq, "head_hash": head.hash, "head_updated_at": head.updated_at,
        "verification": selectors.latest_verification(),
        "trail_since": first,
        # Breaks investigated up to now (later verifications pass them): each stays in the
        # report, since the chain before it can no longer be proven by the hashes alone.
        "reviews": [
            {"seq": r.seq, "found_at": r.verification.started_at, "reviewed_at": r.reviewed_at,
             "reviewed_by": r.reviewed_by.get_full_name() or r.reviewed_by.username,
             "conclusion": r.conclusion}
            for r in selectors.break_reviews() if r.reviewed_at < end
        ],
    }
    if unit is not None:
        data.update(_counts(dict(
            in_year.filter(unit_id=unit.pk).values_list("kind").annotate(n=Count("id"))
        )))
        return data
    if units is None:
        from rapporter.selectors import report_units

        units = report_units()
    unit_ids = list(units.values_list("id", flat=True))
    per_unit: dict[int, dict] = {}
    for unit_id, kind, n in (
        in_year.filter(unit_id__in=unit_ids, kind=EventKind.READ).values_list("unit_id", "kind")
        .annotate(n=Count("id"))
    ):
        per_unit.setdefault(unit_id, {})[kind] = n
    # One column: the changes per unit are the summary's "Ändringar" already (the same
    # historical records, counted by rapporter's changes section).
    summary = SummaryPart(columns=[_("Loggade läsningar")])
    for unit_id in unit_ids:
        summary.rows[unit_id] = [per_unit.get(unit_id, {}).get(EventKind.READ, 0)]
    summary.totals = [sum(r[0] for r in summary.rows.values())]
    data.update(_counts(dict(in_year.values_list("kind").annotate(n=Count("id")))))
    data["summary"] = summary
    return data
