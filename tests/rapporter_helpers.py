"""Helpers for the report tests: a seeded unit with known figures, and reading PDFs."""

import io

from pypdf import PdfReader

from nämnder import services as unit_services
from tests.klassning_helpers import approved, make_asset, make_service

SECTION_HEADINGS = [
    "Organisation och roller", "Styrdokument", "Informationsklassning", "Risker", "Incidenter",
    "Utbildning", "Förändringar under året",
]
CHIEF_NAME = "Åsa Öberg"
COORDINATOR_NAME = "Örjan Ärlig"


def seed_unit(unit, *, submitter, approver):
    """Role holders, three assets (two approved classifications), one IT service."""
    unit = unit_services.unit_update(
        actor=approver, unit=unit, expected_version=unit.version,
        chief_name=CHIEF_NAME, chief_email="asa.oberg@stockholm.se",
        coordinator_name=COORDINATOR_NAME, coordinator_email="orjan.arlig@stockholm.se",
    )
    service = make_service(unit, submitter, name="Skolplattformen")
    elev = make_asset(unit, submitter, name="Elevregister", personal_data="sensitive",
                      it_services=[service])
    personal = make_asset(unit, submitter, name="Personalakter", personal_data="personal")
    make_asset(unit, submitter, name="Kartdata över Hökarängen")
    approved(elev, submitter, approver, {"K": 3, "R": 2, "T": 2, "S": 2})
    approved(personal, submitter, approver, {"K": 2, "R": 2, "T": 1, "S": 1})
    return unit


def pdf_text(data: bytes) -> str:
    """The PDF's text with whitespace collapsed (table cells wrap names over lines)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
