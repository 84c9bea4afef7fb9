"""Adversarial input to the management-system pages: odd characters and files give Swedish
errors, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from isms.dates import local_today
from ledningssystem import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year, count", [("{year}", "²"), ("²", "40"), ("{year}", "4²"), ("{year}", "9" * 5000), ("9" * 5000, "40")])
def test_staff_import_with_non_ascii_digits_is_a_row_error(farsta, coordinator, client_for,
                                                            year, count):
    """``"²".isdigit()`` is true but ``int("²")`` raises: a superscript digit in
    HR's file must be a row error, not a 500."""
    this = local_today().year
    text = f"enhet;år;antal\nfarsta;{year.format(year=this)};{count}\n"
    upload = SimpleUploadedFile("hr.csv", text.encode())
    response = client_for(coordinator).post(reverse("ledningssystem:staff_counts"),
                                            {"staff_file": upload})
    assert response.status_code == 200
    assert "Rad 2, kolumn" in response.content.decode()
    assert selectors.shares(units=[farsta], year=this)[farsta.pk]["staff"] is None


@pytest.mark.parametrize("control_id", ["%00", "5.1%00", "x" * 300, "%C2%B2"])
def test_soa_edit_with_odd_control_id_is_404(farsta, coordinator, client_for, control_id):
    url = reverse("ledningssystem:soa", args=[farsta.pk]) + control_id + "/"
    assert client_for(coordinator).get(url).status_code == 404


@pytest.mark.parametrize("decided_on", ["9999-12-31", "9999-06-30", "0001-01-01"])
def test_document_decided_at_the_calendars_edge_never_500(farsta, coordinator, client_for,
                                                          decided_on):
    """The next review is the decision date plus the kind's interval: 9999-12-31 plus 12
    months does not exist (ValueError in date.replace)."""
    from ledningssystem.models import SteeringDocument

    from .helpers import PDF, kind

    response = client_for(coordinator).post(reverse("ledningssystem:document_create"), {
        "unit": farsta.pk, "kind": kind("lokal-anvisning").pk, "title": "Anvisning",
        "owner": "Chef", "status": "decided", "decided_by": "Nämnden",
        "decided_on": decided_on, "file": SimpleUploadedFile("a.pdf", PDF),
    })
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not SteeringDocument.objects.exists()
        assert 'class="errorlist' in response.content.decode() or "error" in response.content.decode()


def test_file_name_with_folders_and_control_characters_is_cleaned(farsta, coordinator,
                                                                   client_for):
    from .helpers import decided

    document = decided(farsta, coordinator)
    version = document.versions.get()
    url = reverse("ledningssystem:version_file", args=[document.pk, version.number])
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def _training_files():
    header = "e-post;namn;kurs;datum\n"
    return {
        "huge_field": (header + "a@b.se;" + "x" * 200_000 + ";infosak-grund;2026-01-05\n").encode(),
        "nul_late": (header + "a@b.se;Anna;infosak-grund;2026-01-05\n" * 300
                     + "b@b.se;B\x00;infosak-grund;2026-01-05\n").encode(),
        "unclosed_quote": (header + 'a@b.se;"Anna;infosak-grund;2026-01-05\n').encode(),
        "latin1": (header + "a@b.se;Åsa Öberg;infosak-grund;2026-01-05\n").encode("cp1252"),
        "bom_formula": ("\ufeff" + header + "a@b.se;=HYPERLINK(\"x\");infosak-grund;2026-01-05\n"
                        ).encode("utf-8"),
        "only_cr": (header.replace("\n", "\r") + "a@b.se;Anna;infosak-grund;2026-01-05\r"
                    ).encode(),
    }


@pytest.mark.parametrize("name", list(_training_files()))
def test_training_import_odd_files_never_500(farsta, coordinator, client_for, name):
    upload = SimpleUploadedFile("kurser.csv", _training_files()[name])
    response = client_for(coordinator).post(reverse("ledningssystem:training_import"),
                                            {"unit": farsta.pk, "file": upload})
    assert response.status_code in (200, 302, 400), response.status_code
    if name == "huge_field":
        assert "går inte att läsa som CSV" in response.content.decode()


@pytest.mark.parametrize("text", [
    "enhet;år;antal\nfarsta;2026;" + "4" * 200_000 + "\n",
    'enhet;år;antal\n"farsta;2026;4\n',
])
def test_staff_import_odd_files_never_500(farsta, coordinator, client_for, text):
    upload = SimpleUploadedFile("hr.csv", text.encode())
    response = client_for(coordinator).post(reverse("ledningssystem:staff_counts"),
                                            {"staff_file": upload})
    assert response.status_code in (200, 302)
    if "4" * 1000 in text:
        assert "går inte att läsa som CSV" in response.content.decode()
