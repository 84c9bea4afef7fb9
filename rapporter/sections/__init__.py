"""The report's sections, in the riktlinje's order: one selector and one template each.

A register adds its section by writing a selector ``(*, unit, year) -> dict`` and a template
(``rapporter/pdf/sections/<key>.html``) and putting them in :data:`SECTIONS` below. A selector
gets ``unit=None`` for the city report: it then returns city-wide figures, and may contribute
columns to the city summary table (one row per unit plus totals) as ``data["summary"]``.
Sections without a selector are registers that do not exist yet: the report says so.

The changes section covers the chosen year (from the audit trail); a section marked
``snapshot`` shows the registers on 31 December of a past year, rebuilt from the history tables
(``isms.as_of``), or at generation for the current year, and the PDF says which under its title
("Läget vid årets slut, <år>-12-31" / "Läget vid rapportens generering, <datum>").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import changes, classification, organisation

NOT_RECORDED_TEMPLATE = "rapporter/pdf/sections/not_recorded.html"


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise | str
    selector: Callable[..., dict] | None = None
    template: str = NOT_RECORDED_TEMPLATE
    # What the riktlinje asks of this section: printed under "not yet recorded" for now.
    expects: Promise | str = ""
    # True: the section shows the registers at a moment (31 December of a past year, rebuilt
    # from history, or generation for the current year), and the PDF labels it so. False: it
    # covers the chosen year.
    snapshot: bool = False

    @property
    def recorded(self) -> bool:
        return self.selector is not None


@dataclass
class SummaryPart:
    """Columns a section adds to the city summary: values per unit id, and the totals row."""

    columns: list[str]
    rows: dict[int, list] = field(default_factory=dict)
    totals: list = field(default_factory=list)


SECTIONS: list[Section] = [
    Section(
        "organisation", _("Organisation och roller"), organisation.organisation_section,
        "rapporter/pdf/sections/organisation.html", snapshot=True,
    ),
    Section(
        "styrdokument", _("Styrdokument"),
        expects=_("Lokal anvisning och lokala rutiner (t.ex. incidentrutin) med ägare, beslut, "
                  "version och datum för översyn."),
    ),
    Section(
        "informationsklassning", _("Informationsklassning"),
        classification.classification_section,
        "rapporter/pdf/sections/classification.html", snapshot=True,
    ),
    Section(
        "risker", _("Risker"),
        expects=_("Riskkarta, de största riskerna, status för riskbehandling och accepterade "
                  "risker med vem som accepterade dem."),
    ),
    Section(
        "incidenter", _("Incidenter"),
        expects=_("Incidenter per kategori och anmälningar enligt lag i tid eller sent, med skäl."),
    ),
    Section(
        "utbildning", _("Utbildning"),
        expects=_("Andel medarbetare som genomfört den obligatoriska årliga utbildningen i "
                  "informationssäkerhet."),
    ),
    Section(
        "forandringar", _("Förändringar under året"), changes.changes_section,
        "rapporter/pdf/sections/changes.html",
    ),
]
