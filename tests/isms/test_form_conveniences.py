"""Forms that help: the only unit is chosen already, the file input says what it accepts in
Swedish, a group of checkboxes has a legend, and comparing a single version says so."""

import re

import pytest
from django.urls import reverse

from tests.klassning_helpers import approved, make_asset, make_service

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 3}


def _select(body: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', body, re.S).group(0)


def test_report_order_form_preselects_the_only_unit(client_for, official, farsta, bromma):
    body = client_for(official).get(reverse("report_list")).content.decode()
    assert re.search(rf'<option value="{farsta.pk}" selected>', _select(body, "unit"))


def test_report_order_form_does_not_guess_among_several_units(
    client_for, security_function, farsta, bromma
):
    body = client_for(security_function).get(reverse("report_list")).content.decode()
    assert "selected" not in _select(body, "unit").replace('value="" selected', "")


def test_report_verify_file_input_names_the_accepted_type(
    client_for, unit_auditor, farsta, official, django_capture_on_commit_callbacks
):
    from rapporter import services
    from rapporter.models import ReportKind

    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
        )
    body = client_for(unit_auditor).get(
        reverse("report_detail", args=[report.pk])
    ).content.decode()
    file_input = re.search(r'<input type="file"[^>]*>', body).group(0)
    assert 'accept=".pdf,application/pdf"' in file_input
    assert 'aria-describedby="id_file_helptext"' in file_input
    assert "PDF-fil (.pdf)" in body
    assert '<html lang="sv">' in body


def test_it_service_checkboxes_are_a_fieldset_with_a_legend(client_for, official, farsta):
    make_service(farsta, official, name="Skolplattformen")
    body = client_for(official).get(reverse("klassning:asset_create")).content.decode()
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend>(.*?)</legend>(.*?)</fieldset>", body, re.S)
    assert fieldset, "the IT-service checkboxes are not in a fieldset"
    legend, content = fieldset.groups()
    assert legend.startswith("It-tjänster som hanterar informationen")
    assert 'type="checkbox" name="it_services"' in content
    assert "Skolplattformen" in content


def test_comparing_when_only_one_version_exists_says_so(client_for, official, chief, farsta):
    asset = make_asset(farsta, official)
    approved(asset, official, chief, LEVELS)
    body = client_for(official).get(
        reverse("klassning:asset_compare", args=[asset.pk])
    ).content.decode()
    assert "Endast en version finns" in body
    assert "version 1 → version 1" not in body
    assert "Inga skillnader" not in body
