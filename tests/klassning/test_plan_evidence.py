"""Evidence for a fulfilled requirement: a note, a link or a file with type and size limits,
stored under MEDIA_ROOT and served only to those who may see the requirement."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klassning import services
from klassning.models import PlanStatus
from tests.handover_helpers import PDF, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(farsta, bromma, official, chief, make_person):
    return build(farsta=farsta, bromma=bromma, official=official, chief=chief, make_person=make_person)


def _fulfil(item, actor, **fields):
    return services.plan_item_update(
        actor=actor, item=item, expected_version=item.version, status=PlanStatus.FULFILLED,
        **fields,
    )


def _error(exc, field="evidence_file"):
    return " ".join(exc.value.message_dict[field])


def test_fulfilled_needs_evidence(handover, official):
    with pytest.raises(ValidationError) as exc:
        _fulfil(handover.unit_item, official)
    assert "Ange underlag för att kravet är uppfyllt" in _error(exc, "evidence_note")
    item = _fulfil(handover.unit_item, official, evidence_link="https://intranat.example/rutin")
    assert item.status == PlanStatus.FULFILLED


def test_file_type_is_checked_with_swedish_error(handover, official):
    with pytest.raises(ValidationError) as exc:
        _fulfil(handover.unit_item, official,
                evidence_file=SimpleUploadedFile("verktyg.exe", b"MZ\x90\x00"))
    assert "Filtypen .exe är inte tillåten" in _error(exc) and "pdf" in _error(exc)
    # A program renamed to .pdf is refused too.
    with pytest.raises(ValidationError) as exc:
        _fulfil(handover.unit_item, official,
                evidence_file=SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf"))
    assert "Filens innehåll stämmer inte med filtypen .pdf" in _error(exc)


def test_file_size_limit_is_a_setting(handover, official, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("logg.txt", b"rad\n" * (300 * 1024))  # 1.2 MB
    with pytest.raises(ValidationError) as exc:
        _fulfil(handover.unit_item, official, evidence_file=big)
    assert "Filen är för stor (1,2\xa0MB). Den får vara högst 1,0\xa0MB." in _error(exc)


def test_bad_upload_through_the_page_is_a_form_error(handover, official, client_for):
    item = handover.unit_item
    response = client_for(official).post(
        reverse("klassning:unit_item_edit", args=[item.pk]),
        {"status": "fulfilled", "version": item.version,
         "evidence_file": SimpleUploadedFile("makro.xlsm", b"PK\x03\x04")},
    )
    assert response.status_code == 200
    assert "Filtypen .xlsm är inte tillåten" in response.content.decode()
    item.refresh_from_db()
    assert item.status == PlanStatus.NOT_STARTED


def test_file_stored_under_media_root_with_a_random_name(handover, official, settings, client_for):
    item = _fulfil(handover.unit_item, official,
                   evidence_file=SimpleUploadedFile("Rutin för behörighet.pdf", PDF))
    assert item.evidence_file_name == "Rutin för behörighet.pdf"
    path = settings.MEDIA_ROOT / item.evidence_file.name
    assert path.read_bytes() == PDF
    assert "Rutin" not in item.evidence_file.name and item.evidence_file.name.startswith("bevis/")
    # No public URL serves it.
    assert client_for(official).get("/media/" + item.evidence_file.name).status_code == 404


def test_evidence_download_only_for_those_who_see_the_requirement(
    handover, official, unit_auditor, city_auditor, security_function, outsider, client_for,
):
    service_item = _fulfil(handover.item, handover.owner,
                           evidence_file=SimpleUploadedFile("test.pdf", PDF))
    unit_item = _fulfil(handover.unit_item, official,
                        evidence_file=SimpleUploadedFile("rutin.txt", "Rutin åäö".encode()))
    service_url = reverse("klassning:evidence_download", args=["it-tjanst", service_item.pk])
    unit_url = reverse("klassning:evidence_download", args=["enhet", unit_item.pk])
    for person in (handover.owner, official, unit_auditor, city_auditor, security_function):
        response = client_for(person).get(service_url)
        assert response.status_code == 200, person
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="test.pdf"'
    for person in (official, unit_auditor, city_auditor, security_function):
        assert client_for(person).get(unit_url).status_code == 200, person
    # Bromma's official sees neither; the service's owner does not see Farsta's own plan.
    assert client_for(outsider).get(service_url).status_code == 404
    assert client_for(outsider).get(unit_url).status_code == 404
    assert client_for(handover.owner).get(unit_url).status_code == 404
    assert client_for(official).get(
        reverse("klassning:evidence_download", args=["annat", unit_item.pk])
    ).status_code == 404


def test_responsible_user_is_a_member_or_the_services_owner(handover, official, chief, outsider):
    item = services.plan_item_update(
        actor=official, item=handover.unit_item, expected_version=handover.unit_item.version,
        responsible_user=chief,
    )
    assert item.responsible_user == chief
    with pytest.raises(ValidationError) as exc:
        services.plan_item_update(
            actor=official, item=item, expected_version=item.version, responsible_user=outsider
        )
    assert "Välj en person som är medlem" in _error(exc, "responsible_user")
    service_item = services.plan_item_update(
        actor=official, item=handover.item, expected_version=handover.item.version,
        responsible_user=handover.owner,
    )
    assert service_item.responsible_user == handover.owner
    assert service_item.history.latest().history_user == official


def test_requirement_links_to_the_assets_that_caused_it(handover, official, client_for):
    body = client_for(official).get(
        reverse("klassning:service_item_edit", args=[handover.item.pk])
    ).content.decode()
    assert reverse("klassning:asset_detail", args=[handover.asset.pk]) in body
    plan = client_for(official).get(reverse("klassning:unit_plan", args=[handover.asset.unit_id]))
    assert "Krävs av:" in plan.content.decode()
