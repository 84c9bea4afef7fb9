"""Section selector: organisation and roles (are chef, samordnare and dataskyddsombud named?)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nämnder.models import Membership, OrganisationUnit, Role, role_label

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

    if unit is not None:
        holders = [
            {
                "label": _("%(title)s (informationsägarens representant)") % {
                    "title": unit.chief_title
                } if key == "chief" else label,
                "name": getattr(unit, f"{key}_name"),
                "email": getattr(unit, f"{key}_email"),
            }
            for key, label in HOLDERS
        ]
        counts = dict(
            Membership.objects.filter(unit=unit).values_list("role").annotate(n=Count("id"))
        )
        members = [{"role": role_label(value, unit.kind), "count": counts.get(value, 0)}
                   for value, _label in Role.choices if counts.get(value)]
        return {
            "holders": holders,
            "missing": [h["label"] for h in holders if not h["name"]],
            "members": members,
        }

    units = report_units()
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
