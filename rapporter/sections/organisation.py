"""Section selector: organisation and roles (are chef, samordnare and dataskyddsombud named?).

For a past year the units and memberships as they were on 31 December (``isms.as_of``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isms.as_of import year_end
from isms.plugins import SummaryPart
from nämnder.selectors import member_counts_by_role, unit_at

if TYPE_CHECKING:
    from nämnder.models import OrganisationUnit

HOLDERS = (
    ("chief", gettext_lazy("Förvaltnings-/bolagschef (informationsägarens representant)")),
    ("coordinator", gettext_lazy("Informationssäkerhetssamordnare")),
    ("dpo", gettext_lazy("Dataskyddsombud (kontakt)")),
)


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def organisation_section(*, unit: OrganisationUnit | None, year: int, units=None) -> dict:
    at = year_end(year)
    if unit is not None:
        # The unit's record on 31 December (nothing named if it did not exist yet).
        then = unit_at(unit=unit, at=at)
        holders = [
            {
                "label": _("%(title)s (informationsägarens representant)") % {
                    "title": unit.chief_title
                } if key == "chief" else label,
                "name": getattr(then, f"{key}_name", ""),
                "email": getattr(then, f"{key}_email", ""),
            }
            for key, label in HOLDERS
        ]
        members = member_counts_by_role(unit=unit, at=at)
        return {
            "holders": holders,
            "missing": [h["label"] for h in holders if not h["name"]],
            "members": members,
        }

    if units is None:
        from ..selectors import report_units

        units = report_units(at=at)
    totals = units.aggregate(
        units=Count("id"),
        chief=Count("id", filter=~Q(chief_name="")),
        coordinator=Count("id", filter=~Q(coordinator_name="")),
        dpo=Count("id", filter=~Q(dpo_name="")),
    )
    summary = SummaryPart(columns=[_("Chef"), _("Samordnare"), _("Dataskyddsombud")])
    for row in units.values("id", "chief_name", "coordinator_name", "dpo_name").iterator():
        summary.rows[row["id"]] = [
            _yes_no(bool(row["chief_name"])), _yes_no(bool(row["coordinator_name"])),
            _yes_no(bool(row["dpo_name"])),
        ]
    summary.totals = [
        f"{totals['chief']}/{totals['units']}", f"{totals['coordinator']}/{totals['units']}",
        f"{totals['dpo']}/{totals['units']}",
    ]
    return {
        "totals": totals,
        "holders": [
            {"label": label, "named": totals[key], "missing": totals["units"] - totals[key]}
            for key, label in HOLDERS
        ],
        "summary": summary,
    }
