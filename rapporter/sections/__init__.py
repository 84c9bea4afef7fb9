"""The report's sections, in the riktlinje's order: one selector and one template each.

Sections are registered through ``isms.plugins.register_report_section`` from each app's
``AppConfig.ready()``: a register app writes a selector ``(*, unit, year, units) -> dict`` and a
template and registers them with an ``order``; this app never names it. A selector gets
``unit=None`` for the city report: it then returns city-wide figures for ``units`` (the units
the city report summarises), and may contribute columns to the city summary table (one row per
unit plus totals) as ``data["summary"]`` (a :class:`SummaryPart`). The sections the riktlinje
asks for whose register does not exist yet are placeholders registered here: the report says
"Ännu inte registrerat i portalen" until an app registers a section with the same key.

The changes section covers the chosen year (from the audit trail); a section marked
``snapshot`` shows the registers on 31 December of a past year, rebuilt from the history tables
(``isms.as_of``), or at generation for the current year, and the PDF says which under its title
("Läget vid årets slut, <år>-12-31" / "Läget vid rapportens generering, <datum>").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from isms.plugins import ReportSection as Section
from isms.plugins import SummaryPart, register_report_section, report_sections

from . import changes, organisation

NOT_RECORDED_TEMPLATE = "rapporter/pdf/sections/not_recorded.html"

__all__ = ["NOT_RECORDED_TEMPLATE", "Section", "SummaryPart", "register", "report_sections"]


def register() -> None:
    """The sections this app owns, and placeholders for the registers still to come."""
    for section in (
        Section(
            10, "organisation", _("Organisation och roller"), organisation.organisation_section,
            "rapporter/pdf/sections/organisation.html", snapshot=True,
        ),
        Section(
            20, "styrdokument", _("Styrdokument"), template=NOT_RECORDED_TEMPLATE,
            expects=_("Lokal anvisning och lokala rutiner (t.ex. incidentrutin) med ägare, "
                      "beslut, version och datum för översyn."),
        ),
        Section(
            30, "informationsklassning", _("Informationsklassning"),
            template=NOT_RECORDED_TEMPLATE,
        ),
        Section(
            40, "risker", _("Risker"), template=NOT_RECORDED_TEMPLATE,
            expects=_("Riskkarta, de största riskerna, status för riskbehandling och accepterade "
                      "risker med vem som accepterade dem."),
        ),
        Section(
            50, "incidenter", _("Incidenter"), template=NOT_RECORDED_TEMPLATE,
            expects=_("Incidenter per kategori och anmälningar enligt lag i tid eller sent, med "
                      "skäl."),
        ),
        Section(
            60, "utbildning", _("Utbildning"), template=NOT_RECORDED_TEMPLATE,
            expects=_("Andel medarbetare som genomfört den obligatoriska årliga utbildningen i "
                      "informationssäkerhet."),
        ),
        Section(
            90, "forandringar", _("Förändringar under året"), changes.changes_section,
            "rapporter/pdf/sections/changes.html",
        ),
    ):
        register_report_section(section)
