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
