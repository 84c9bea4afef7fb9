"""Section selector: organisation and roles (are chef, samordnare and dataskyddsombud named?).

For a past year the units and memberships as they were on 31 December (``isms.as_of``)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isms.as_of import state_at, year_end
from nämnder.models import Membership, OrganisationUnit, Role

HOLDERS = (
    ("chief", gettext_lazy("Förvaltnings-/bolagschef (informationsägarens representant)")),
    ("coordinator", gettext_lazy("Informationssäkerhetssamordnare")),
    ("dpo", gettext_lazy("Dataskyddsombud (kontakt)")),
)


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def organisation_section(*, unit: OrganisationUnit | None, year: int) -> dict:
    from ..selectors import report_units
    from . import SummaryPart

    at = year_end(year)
    if unit is not None:
        # The unit's record on 31 December (nothing named if it did not exist yet).
        then = unit if at is None else state_at(OrganisationUnit, at).filter(id=unit.pk).first()
        holders = [
            {
                "label": label,
                "name": getattr(then, f"{key}_name", ""),
                "email": getattr(then, f"{key}_email", ""),
            }
            for key, label in HOLDERS
        ]
        counts = dict(
            state_at(Membership, at).filter(unit_id=unit.pk).values_list("role")
            .annotate(n=Count("id")).order_by()
        )
        members = [{"role": label, "count": counts.get(value, 0)} for value, label in Role.choices
                   if counts.get(value)]
        return {
            "holders": holders,
            "missing": [h["label"] for h in holders if not h["name"]],
            "members": members,
        }

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
