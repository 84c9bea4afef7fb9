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
from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from isms.as_of import state_at
from klassning import selectors as klassning
from klassning.models import PlanStatus

from ..models import AnnexAControl, Applicability, ApplicabilityStatement, ControlTheme

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


def _rows(items, own: dict, controls: list[AnnexAControl]) -> list[dict]:
    """One row per control from one unit's plan ``items`` ((code, iso_controls, status)) and its
    own statements ``own`` ({control pk: statement})."""
    # A unit's IT services repeat the same requirements (a thousand items, a hundred distinct
    # (code, ISO ids, status)): each distinct one is parsed once and counted ``n`` times.
    by_control: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for (code, iso, status), n in Counter(items).items():
        for cid in control_ids(iso):
            by_control[cid].append((code, status, n))
    names = labels()
    # Each text translated once per table, not per control (~90 of them): the themes' labels
    # (``get_theme_display`` built its choices and translated on every call) and the two
    # sentences.
    themes = {value: str(label) for value, label in ControlTheme.choices}
    all_excluded = _("Alla krav i åtgärdsplanen som hör till kontrollen är bedömda som "
                     "ej tillämpliga.")
    how_derived = _("Krav %(codes)s: %(done)s av %(all)s uppfyllda.")
    rows = []
    for control in controls:
        items = by_control.get(control.control_id, [])
        applicable = [(c, s, n) for c, s, n in items if s != PlanStatus.NOT_APPLICABLE]
        n_applicable = sum(n for _c, _s, n in applicable)
        fulfilled = sum(n for _c, s, n in applicable if s == PlanStatus.FULFILLED)
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
            justification = all_excluded
        implementation = ""
        if applicability == APPLIES and applicable:
            implementation = (DONE if fulfilled == n_applicable
                              else PARTLY if fulfilled else NOT_STARTED)
        codes = sorted({c for c, _s, _n in applicable})
        how = (statement.how_met if statement else "") or (
            how_derived % {
                "codes": ", ".join(codes), "done": fulfilled, "all": n_applicable}
            if applicable else "")
        rows.append({
            "control": control, "control_id": control.control_id,
            "theme": themes.get(control.theme, control.theme), "title": control.title,
            "derived": derived, "applicability": applicability,
            "applicability_label": names[applicability], "justification": justification,
            "implementation": implementation, "implementation_label": names[implementation],
            "how_met": how, "requirements": codes, "fulfilled": fulfilled,
            "applicable_items": n_applicable, "statement": statement,
        })
    return rows


def statement_rows(*, unit) -> list[dict]:
    """One row per control, in the standard's order (four queries whatever the plan's size)."""
    items = [(code, iso, status) for _u, code, iso, status in klassning.plan_controls(units=[unit])]
    own = {s.control_id: s for s in ApplicabilityStatement.objects.filter(unit=unit)}
    return _rows(items, own, list(AnnexAControl.objects.all()))


def statement_figures(rows: list[dict]) -> dict:
    """The counts of a unit's statement. ``not_started``: applicable controls none of whose
    requirements is fulfilled; an applicable control with no applicable requirement on the plan
    (applicable by the unit's own statement) counts as applicable only (``without_plan``)."""
    figures = {
        "controls": len(rows),
        "applies": sum(r["applicability"] == APPLIES for r in rows),
        "excluded": sum(r["applicability"] == EXCLUDED for r in rows),
        "not_assessed": sum(r["applicability"] == NOT_ASSESSED for r in rows),
        "done": sum(r["implementation"] == DONE for r in rows),
        "partly": sum(r["implementation"] == PARTLY for r in rows),
        "not_started": sum(r["implementation"] == NOT_STARTED for r in rows),
    }
    figures["without_plan"] = (figures["applies"] - figures["done"] - figures["partly"]
                               - figures["not_started"])
    return figures


def statement_figures_by_unit(*, units, at=None) -> dict[int, dict]:
    """{unit id: ``statement_figures``} of many units in a fixed number of queries (four), by
    the same rules as each unit's own statement: live (what ``statement_rows`` shows), or as
    the plans and the units' own statements were at ``at`` (the yearly report of a past year,
    ``isms.as_of``)."""
    units = list(units)
    items: dict[int, list] = defaultdict(list)
    for unit_id, code, iso, status in klassning.plan_controls(units=units, at=at):
        items[unit_id].append((code, iso, status))
    own: dict[int, dict] = defaultdict(dict)
    for statement in state_at(ApplicabilityStatement, at).filter(
        unit_id__in=[u.pk for u in units]
    ):
        own[statement.unit_id][statement.control_id] = statement
    controls = list(AnnexAControl.objects.all())
    return {u.pk: statement_figures(_rows(items[u.pk], own[u.pk], controls)) for u in units}


def control_get(*, control_id: str) -> AnnexAControl:
    from django.http import Http404
    if "\x00" in control_id:  # PostgreSQL refuses NUL in a string literal (a 500, not a 404)
        raise Http404
    try:
        return AnnexAControl.objects.get(control_id=control_id)
    except AnnexAControl.DoesNotExist:
        raise Http404 from None
