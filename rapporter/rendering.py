"""HTML for a report (Django templates) and its PDF (WeasyPrint). Called by the services only."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from isms.as_of import year_end
from isms.plugins import ReportAttachment

from .models import Report
from .sections import NOT_RECORDED_TEMPLATE, Section, report_sections


@dataclass
class RenderedSection:
    number: int
    section: Section
    data: dict

    @property
    def anchor(self) -> str:
        return f"avsnitt-{self.section.key}"

    @property
    def template(self) -> str:
        return self.section.template or NOT_RECORDED_TEMPLATE


def _city_summary(rendered: list[RenderedSection], *, year: int) -> dict:
    """One row per unit plus totals: the columns every section contributes, side by side."""
    from .selectors import report_units

    parts = [r.data["summary"] for r in rendered if r.data.get("summary") is not None]
    columns = [c for part in parts for c in part.columns]
    rows = [
        {"name": name, "values": [v for part in parts for v in part.rows.get(pk, [""] * len(part.columns))]}
        for pk, name in report_units(at=year_end(year)).values_list("id", "name").iterator()
    ]
    totals = [v for part in parts for v in part.totals]
    return {"columns": columns, "rows": rows, "totals": totals}


def report_context(*, report: Report, generated_at) -> dict:
    from .selectors import report_units

    rendered = []
    # The units the report summarises, as they were on 31 December of a past year.
    units = report_units(at=year_end(report.year))
    for number, section in enumerate(report_sections(), start=1):
        data = (
            section.selector(unit=report.unit, year=report.year, units=units)
            if section.recorded else {}
        )
        rendered.append(RenderedSection(number=number, section=section, data=data))
    ordered_by = report.ordered_by
    local = timezone.localtime(generated_at)
    return {
        "report": report,
        "unit": report.unit,
        "year": report.year,
        "is_city": report.is_city,
        "sections": rendered,
        "city_summary": _city_summary(rendered, year=report.year) if report.is_city else None,
        "generated_at": local,
        # The changes section covers 1 January to 31 December, or to today for the current year;
        # the other sections show 31 December of a past year (rebuilt from the history tables)
        # or, for the current year, the registers at generation.
        "period_end_is_today": year_end(report.year) is None,
        "ordered_by_name": (ordered_by.get_full_name() or ordered_by.get_username())
        if ordered_by else None,
        "isms_version": settings.ISMS_VERSION,
    }


@dataclass(frozen=True)
class RenderedReport:
    html: str
    # Files the sections embed in the PDF (``isms.plugins.ReportAttachment``), in section order.
    attachments: tuple[ReportAttachment, ...] = ()

    @property
    def attachments_recorded(self) -> list[dict]:
        """What the archive records about them (``Report.parameters["attachments"]``)."""
        return [{"name": a.name, "rows": a.rows} for a in self.attachments]


def render_report(*, report: Report, generated_at) -> RenderedReport:
    """The report's HTML and the files its sections embed in the PDF."""
    with translation.override(settings.LANGUAGE_CODE):
        context = report_context(report=report, generated_at=generated_at)
        html = render_to_string("rapporter/pdf/report.html", context)
    attachments = tuple(
        attachment for rendered in context["sections"]
        for attachment in rendered.data.get("attachments", ())
    )
    return RenderedReport(html=html, attachments=attachments)


def render_report_html(*, report: Report, generated_at) -> str:
    return render_report(report=report, generated_at=generated_at).html


# PDF/A-3b for the archive, tagged (structure for screen readers); language and title come
# from <html lang="sv"> and <title>.
PDF_OPTIONS = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}


def write_pdf(*, html: str, target, attachments=()) -> None:
    """``attachments``: ``ReportAttachment``s embedded as files of the PDF/A-3 document (the
    relationship "Supplement": a fuller form of what the report shows)."""
    from weasyprint import HTML, Attachment

    files = [
        Attachment(file_obj=io.BytesIO(a.content), name=a.name, description=str(a.description),
                   relationship="Supplement")
        for a in attachments
    ]
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        target=target, attachments=files, **PDF_OPTIONS
    )


def report_parameters(*, report: Report) -> dict:
    """What the archive records about how the report was made (for reproducibility)."""
    return {
        "isms_version": settings.ISMS_VERSION,
        "sections": [
            {"key": s.key, "recorded": s.recorded} for s in report_sections()
        ],
        "language": settings.LANGUAGE_CODE,
        "pdf": PDF_OPTIONS["pdf_variant"],
        "figures_as_of": "generation" if year_end(report.year) is None else "year_end",
        "time_zone": settings.TIME_ZONE,
    }
