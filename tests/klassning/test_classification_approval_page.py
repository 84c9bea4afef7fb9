"""The approval page (issue 8, item 10): the assessments come first, then "Fastställ" and
"Skicka tillbaka med kommentar" as two separate forms; approving needs the confirmation
"Jag har granskat bedömningarna", and without it nothing changes."""

import re

import pytest
from django.urls import reverse

from klassning import services
from klassning.models import ClassificationStatus, UnitRequirement
from tests.klassning_helpers import draft, make_asset

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 1}


@pytest.fixture
def submitted(farsta, official):
    c = draft(make_asset(farsta, official), official, LEVELS)
    return services.classification_submit(
        actor=official, classification=c, expected_version=c.version
    )


def test_assessments_first_then_two_separate_actions(client_for, chief, submitted):
    body = client_for(chief).get(
        reverse("klassning:classification_detail", args=[submitted.pk])
    ).content.decode()
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", body)
    assert headings.index("Konsekvensbedömningar") < headings.index("Fastställ") < (
        headings.index("Skicka tillbaka med kommentar")
    )
    assert body.index("Motivering K") < body.index("Fastställ klassningen")
    forms = re.findall(r"<form .*?</form>", body, flags=re.S)
    approve = next(f for f in forms if "faststall" in f)
    send_back = next(f for f in forms if "skicka-tillbaka" in f)
    assert "Jag har granskat bedömningarna" in approve and "comment" not in approve
    assert "Fastställ klassningen" not in send_back and 'name="return-comment"' in send_back


def test_approving_without_confirmation_changes_nothing(client_for, chief, submitted, farsta):
    response = client_for(chief).post(
        reverse("klassning:classification_approve", args=[submitted.pk]),
        {"approve-version": submitted.version},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bekräfta att du har granskat bedömningarna innan du fastställer klassningen." in body
    checkbox = re.search(r'<input type="checkbox" name="approve-confirmed"[^>]*>', body).group(0)
    assert 'aria-describedby="id_approve-confirmed_error"' in checkbox
    assert 'id="id_approve-confirmed_error"' in body
    version = submitted.version
    submitted.refresh_from_db()
    assert submitted.status == ClassificationStatus.SUBMITTED and submitted.version == version
    assert submitted.approved_by is None
    assert not UnitRequirement.objects.filter(unit=farsta).exists()


def test_approving_with_confirmation(client_for, chief, submitted, farsta):
    response = client_for(chief).post(
        reverse("klassning:classification_approve", args=[submitted.pk]),
        {"approve-version": submitted.version, "approve-confirmed": "on"}, follow=True,
    )
    assert "Klassningen är fastställd" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ClassificationStatus.APPROVED and submitted.approved_by == chief
    assert UnitRequirement.objects.filter(unit=farsta).exists()


def test_sending_back_needs_a_comment(client_for, chief, submitted):
    client = client_for(chief)
    url = reverse("klassning:classification_return", args=[submitted.pk])
    response = client.post(url, {"return-version": submitted.version, "return-comment": " "})
    assert response.status_code == 200
    assert "Skriv en kommentar om vad handläggaren behöver ändra." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ClassificationStatus.SUBMITTED
    client.post(url, {"return-version": submitted.version, "return-comment": "Motivera T."})
    submitted.refresh_from_db()
    assert submitted.status == ClassificationStatus.DRAFT and submitted.comment == "Motivera T."
