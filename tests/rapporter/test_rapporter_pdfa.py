"""The archived PDF is PDF/A-3b with title, language and tagged structure.

verapdf is not available here: the test checks what a validator starts from — the XMP
identification (pdfaid:part 3, conformance B), the sRGB output intent, the document title and
language, and the structure tree of a tagged PDF — with pypdf."""

import io

import pytest
from pypdf import PdfReader

from rapporter import services
from rapporter.models import ReportKind, ReportStatus
from tests.rapporter_helpers import seed_unit

pytestmark = pytest.mark.django_db


def _xmp_value(xmp, namespace, name):
    """An XMP property, written as an attribute or as an element of rdf:Description."""
    for description in xmp.rdf_root.getElementsByTagNameNS(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description"
    ):
        if description.hasAttributeNS(namespace, name):
            return description.getAttributeNS(namespace, name)
        for node in description.getElementsByTagNameNS(namespace, name):
            return node.firstChild.nodeValue
    return None


def test_report_is_pdfa3b_with_title_language_and_tags(
    farsta, official, chief, django_capture_on_commit_callbacks
):
    seed_unit(farsta, submitter=official, approver=chief)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta,
                                       year=2026)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    reader = PdfReader(io.BytesIO(report.file.read()))
    root = reader.trailer["/Root"]

    assert reader.metadata.title == "Årlig uppföljning av informationssäkerhet 2026 – Farsta stadsdelsnämnd"
    assert str(root["/Lang"]) == "sv"

    xmp = reader.xmp_metadata
    assert xmp is not None
    pdfaid = "http://www.aiim.org/pdfa/ns/id/"
    assert _xmp_value(xmp, pdfaid, "part") == "3"
    assert _xmp_value(xmp, pdfaid, "conformance") == "B"

    intents = root["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent

    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert report.parameters["pdf"] == "pdf/a-3b"
