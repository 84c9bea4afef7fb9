"""The Statement of Applicability of a unit: every ISO/IEC 27001:2022 Annex A control, whether
it applies, why, and how it is met.

Derived from the requirement catalogue's ISO ids (``Requirement.iso_controls``) on the unit's
action plan, read through ``klassning.selectors`` only: the organisational requirements on the
unit and the technical ones on the IT services it owns (current items):

- a control that a requirement on the plan maps to, with at least one item not judged *Ej
  tillämplig*, **applies**; it is *genomförd* when all those items are *Uppfylld*, *delvis*
  when some are, else *ej påbörjad*;
- a control whose items are all *Ej tillämplig* is **not applicable (according to the plan)**;
- a control no requirement on the plan maps to is **ej bedömd** until the unit decides.

The unit's own statement (``ApplicabilityStatement``) overrides: *Ej tillämplig* with its
justification, or *Tillämplig* with how it is met.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from klassning import selectors as klassning
from klassning.models import PlanStatus

from ..models import AnnexAControl, Applicability, ApplicabilityStatement

_ID = re.compile(r"\b([5-8]\.\d{1,2})\b")

APPLIES, EXCLUDED, NOT_ASSESSED = "applies", "excluded", "not_assessed"
DONE, PARTLY, NOT_STARTED = "done", "partly", "not_started"


def labels() -> dict:
    return {
        APPLIES: _("Tillämplig"), EXCLUDED: _("Ej tillämplig"), NOT_ASSESSED: _("Ej bedömd"),
        DONE: _("Genomförd"), PARTLY: _("Delvis genomförd"), NOT_STARTED: _("Ej påbörjad"),
        "": "",
    }


def control_ids(text: str) -> list[str]:
    return _ID.findall(text or "")


def _plan_items(unit) -> list[tuple[str, str, str]]:
    """(requirement code, iso_controls, status) of the unit's current plan items."""
    items = [
        (r["requirement__code"], r["requirement__iso_controls"], r["status"])
        for r in klassning.unit_plan(unit=unit).values(
            "requirement__code", "requirement__iso_controls", "status")
    ]
    items += [
        (r["requirement_items__requirement__code"],
         r["requirement_items__requirement__iso_controls"], r["requirement_items__status"])
        for r in klassning.services_of_units(units=[unit]).filter(
            unit=unit, requirement_items__is_current=True,
        ).values("requirement_items__requirement__code",
                 "requirement_items__requirement__iso_controls", "requirement_items__status")
    ]
    return items


def statement_rows(*, unit) -> list[dict]:
    """One row per control, in the standard's order (three queries whatever the plan's size)."""
    by_control: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, iso, status in _plan_items(unit):
        for cid in control_ids(iso):
            by_control[cid].append((code, status))
    own = {s.control_id: s for s in ApplicabilityStatement.objects.filter(unit=unit)}
    names = labels()
    rows = []
    for control in AnnexAControl.objects.all():
        items = by_control.get(control.control_id, [])
        applicable = [(c, s) for c, s in items if s != PlanStatus.NOT_APPLICABLE]
        fulfilled = [c for c, s in applicable if s == PlanStatus.FULFILLED]
        if applicable:
            derived = APPLIES
        elif items:
            derived = EXCLUDED
        else:
            derived = NOT_ASSESSED
        statement = own.get(control.pk)
        applicability = derived
        justification = ""
        if statement and statement.applicability != Applicability.DERIVED:
            applicability = (EXCLUDED if statement.applicability == Applicability.EXCLUDED
                             else APPLIES)
        if statement:
            justification = statement.justification
        if not justification and derived == EXCLUDED and applicability == EXCLUDED:
            justification = _("Alla krav i åtgärdsplanen som hör till kontrollen är bedömda som "
                              "ej tillämpliga.")
        implementation = ""
        if applicability == APPLIES and applicable:
            implementation = (DONE if len(fulfilled) == len(applicable)
                              else PARTLY if fulfilled else NOT_STARTED)
        codes = sorted({c for c, _s in applicable})
        how = (statement.how_met if statement else "") or (
            _("Krav %(codes)s: %(done)s av %(all)s uppfyllda.") % {
                "codes": ", ".join(codes), "done": len(fulfilled), "all": len(applicable)}
            if applicable else "")
        rows.append({
            "control": control, "control_id": control.control_id,
            "theme": control.get_theme_display(), "title": control.title,
            "derived": derived, "applicability": applicability,
            "applicability_label": names[applicability], "justification": justification,
            "implementation": implementation, "implementation_label": names[implementation],
            "how_met": how, "requirements": codes, "fulfilled": len(fulfilled),
            "applicable_items": len(applicable), "statement": statement,
        })
    return rows


def statement_figures(rows: list[dict]) -> dict:
    return {
        "controls": len(rows),
        "applies": sum(r["applicability"] == APPLIES for r in rows),
        "excluded": sum(r["applicability"] == EXCLUDED for r in rows),
        "not_assessed": sum(r["applicability"] == NOT_ASSESSED for r in rows),
        "done": sum(r["implementation"] == DONE for r in rows),
        "partly": sum(r["implementation"] == PARTLY for r in rows),
    }


def control_get(*, control_id: str) -> AnnexAControl:
    from django.http import Http404
    if "\x00" in control_id:  # PostgreSQL refuses NUL in a string literal (a 500, not a 404)
        raise Http404
    try:
        return AnnexAControl.objects.get(control_id=control_id)
    except AnnexAControl.DoesNotExist:
        raise Http404 from None
