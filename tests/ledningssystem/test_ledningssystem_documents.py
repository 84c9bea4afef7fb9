"""Steering documents: required kinds flagged, review dates, versions, files only through the
access rules."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from isms.dates import add_months, local_today
from ledningssystem import selectors, services
from ledningssystem.models import DocumentStatus

from .helpers import PDF, decided, kind

pytestmark = pytest.mark.django_db


def test_unit_missing_a_required_kind_is_flagged(farsta, bromma, coordinator):
    decided(farsta, coordinator, "lokal-anvisning")
    decided(farsta, coordinator, "incidentrutin")
    missing = selectors.missing_required(units=[farsta, bromma])
    assert [k.code for k in missing[farsta.pk]] == ["behorighetsrutin"]
    assert len(missing[bromma.pk]) == 3
    decided(farsta, coordinator, "behorighetsrutin")
    assert selectors.missing_required(units=[farsta])[farsta.pk] == []


def test_a_draft_or_repealed_document_does_not_count(farsta, coordinator):
    services.document_create(actor=coordinator, unit=farsta, kind=kind("incidentrutin"),
                             title="Utkast", owner="Chef", status=DocumentStatus.DRAFT)
    assert "incidentrutin" in [k.code for k in selectors.missing_required(units=[farsta])[farsta.pk]]


def test_decided_needs_decision_and_file_or_link(farsta, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.document_create(actor=coordinator, unit=farsta, kind=kind("incidentrutin"),
                                 title="Rutin", owner="Chef", status=DocumentStatus.DECIDED)
    assert {"decided_on", "decided_by", "link"} <= set(exc.value.message_dict)


def test_next_review_follows_the_decision_and_overdue_is_flagged(farsta, coordinator):
    day = local_today() - dt.timedelta(days=400)
    document = decided(farsta, coordinator, decided_on=day)
    assert document.next_review == add_months(day, 12)
    rows = list(selectors.document_list(user=coordinator, overdue=True))
    assert [d.pk for d in rows] == [document.pk]
    fresh = decided(farsta, coordinator, "incidentrutin")
    assert not selectors.document_list(user=coordinator).get(pk=fresh.pk).is_overdue


def test_a_new_version_keeps_the_old_one_readable(farsta, coordinator, client_for):
    document = decided(farsta, coordinator)
    document = services.document_new_version(
        actor=coordinator, document=document, expected_version=document.version,
        status=DocumentStatus.DECIDED, decided_by="Farsta stadsdelsnämnd",
        decided_on=local_today(), reference="2026/2",
        file=SimpleUploadedFile("ny.pdf", PDF), note="Uppdaterad",
    )
    versions = selectors.document_versions(document=document)
    assert [v.number for v in versions] == [2, 1]
    client = client_for(coordinator)
    old = client.get(reverse("ledningssystem:version_file", args=[document.pk, 1]))
    assert old.status_code == 200 and b"".join(old.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("ledningssystem:document_detail", args=[document.pk]))
    assert "anvisning.pdf" in page.content.decode() and "ny.pdf" in page.content.decode()


def test_local_kind_needs_unit_and_city_kind_no_unit(farsta, coordinator, security_function):
    with pytest.raises(ValidationError):
        services.document_create(actor=coordinator, unit=farsta, kind=kind("riktlinje"),
                                 title="R", owner="KS")
    with pytest.raises(ValidationError):
        services.document_create(actor=security_function, unit=None, kind=kind("incidentrutin"),
                                 title="R", owner="KS")


def test_only_the_security_function_writes_city_documents(coordinator, security_function, client_for):
    with pytest.raises(PermissionDenied):
        decided(None, coordinator, "riktlinje")
    document = decided(None, security_function, "riktlinje")
    client = client_for(coordinator)
    assert client.get(reverse("ledningssystem:document_detail", args=[document.pk])).status_code == 200
    assert client.get(reverse("ledningssystem:document_edit", args=[document.pk])).status_code == 403


def test_another_units_document_and_file_are_404(farsta, coordinator, outsider, client_for):
    document = decided(farsta, coordinator)
    client = client_for(outsider)
    for url in (reverse("ledningssystem:document_detail", args=[document.pk]),
                reverse("ledningssystem:version_file", args=[document.pk, 1]),
                reverse("ledningssystem:document_new_version", args=[document.pk])):
        assert client.get(url).status_code == 404, url
    assert document.title not in client.get(reverse("ledningssystem:document_list")).content.decode()


def test_auditor_reads_but_does_not_write(farsta, coordinator, unit_auditor, client_for):
    document = decided(farsta, coordinator)
    client = client_for(unit_auditor)
    assert client.get(reverse("ledningssystem:document_detail", args=[document.pk])).status_code == 200
    assert client.get(reverse("ledningssystem:version_file", args=[document.pk, 1])).status_code == 200
    assert client.get(reverse("ledningssystem:document_edit", args=[document.pk])).status_code == 403
    assert client.get(reverse("ledningssystem:document_create")).status_code == 403


def test_no_public_media_url_for_the_file(farsta, coordinator, client_for, settings):
    """The file's storage path is not served: in production settings no /media/ route exists."""
    document = decided(farsta, coordinator)
    version = document.versions.get()
    assert version.file.name.startswith("styrdokument/")
    client = client_for(coordinator)
    response = client.get(f"/media/{version.file.name}")
    assert response.status_code == 404


def test_upload_page_refuses_a_renamed_program(farsta, coordinator, client_for):
    client = client_for(coordinator)
    response = client.post(reverse("ledningssystem:document_create"), {
        "unit": farsta.pk, "kind": kind("lokal-anvisning").pk, "title": "Anvisning",
        "owner": "Chef", "status": "decided", "decided_by": "Nämnden",
        "decided_on": local_today().isoformat(),
        "file": SimpleUploadedFile("anvisning.pdf", b"MZ\x90\x00 program"),
    })
    assert response.status_code == 200
    assert "stämmer inte med filtypen" in response.content.decode()


def test_upload_page_creates_a_document(farsta, coordinator, client_for):
    client = client_for(coordinator)
    response = client.post(reverse("ledningssystem:document_create"), {
        "unit": farsta.pk, "kind": kind("lokal-anvisning").pk, "title": "Lokal anvisning",
        "owner": "Chef", "status": "decided", "decided_by": "Nämnden",
        "decided_on": local_today().isoformat(), "file": SimpleUploadedFile("a.pdf", PDF),
    })
    assert response.status_code == 302
    assert selectors.missing_required(units=[farsta])[farsta.pk][0].code == "incidentrutin"
