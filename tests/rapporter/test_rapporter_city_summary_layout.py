"""The city report's summary table fits its pages: no column runs off the page and no unit's row
is split from its name across a page break (laid out by WeasyPrint, boxes inspected)."""

import pytest
from django.utils import timezone
from weasyprint import HTML

from rapporter import rendering
from rapporter.models import Report, ReportKind

pytestmark = pytest.mark.django_db


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _is_summary(table) -> bool:
    # By its class: sections have tables per unit too (e.g. the SoA's, on portrait pages).
    return table is not None and "summary-table" in (table.get("class") or "").split()


def test_summary_table_fits_the_page_and_rows_stay_whole(make_unit, settings):
    for i in range(45):
        make_unit(f"enhet-{i}", f"Styrelsen för AB Stockholms Långa Bolagsnamn Nummer {i}")
    year = timezone.localdate().year
    html = rendering.render_report_html(
        report=Report(pk=3, kind=ReportKind.CITY_YEARLY, year=year), generated_at=timezone.now()
    )
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    pages_of_row: dict[int, set[int]] = {}
    summary_pages = 0
    for number, page in enumerate(document.pages):
        page_box = page._page_box
        right_edge = page_box.margin_width() - page_box.margin_right
        for box in _boxes(page_box):
            element = getattr(box, "element", None)
            if type(box).__name__ != "TableBox" or not _is_summary(element):
                continue
            summary_pages += 1
            assert page.width > page.height  # landscape pages for the wide table
            assert box.position_x + box.margin_width() <= right_edge + 0.5
            for cell in _boxes(box):
                assert cell.position_x + cell.margin_width() <= right_edge + 0.5
                if type(cell).__name__ == "TableRowGroupBox" and cell.element.tag == "tbody":
                    for row in cell.children:
                        pages_of_row.setdefault(id(row.element), set()).add(number)
    assert summary_pages >= 2  # long enough to break
    assert len(pages_of_row) == 45
    assert all(len(pages) == 1 for pages in pages_of_row.values())
