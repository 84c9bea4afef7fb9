"""The asset register's export at some size: every row, labels as on the page, a control
character left in old data stripped, and the XLSX streamed in blocks."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from klassning import services
from klassning.models import Classification, ClassificationStatus, InformationAsset, PersonalData

pytestmark = pytest.mark.django_db

N = 600


def _populate(unit):
    assets = InformationAsset.objects.bulk_create(
        InformationAsset(
            unit=unit, name=f"Mängd {i:04}", personal_data=PersonalData.SENSITIVE,
            process="Ärende\x07hantering" if i == 0 else "Ärendehantering",
        )
        for i in range(N)
    )
    Classification.objects.bulk_create(
        Classification(asset=a, number=1, status=ClassificationStatus.APPROVED,
                       profile="K3 R2 T2 S1", review_due="2099-01-01")
        for a in assets[: N // 2]
    )
    services.classification_state_refresh()


def test_xlsx_export_of_many_rows(client_for, official, farsta):
    _populate(farsta)
    response = client_for(official).get(reverse("klassning:asset_list") + "?format=xlsx")
    assert response.status_code == 200
    assert response.streaming  # sent in blocks, not one string
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == N + 1
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Process/verksamhet"] == "Ärendehantering"  # the control character is gone
    assert first["Personuppgifter"] == "Känsliga personuppgifter (art. 9 GDPR)"
    assert first["Senaste klassning"] == "Fastställd"
    assert first["Profil"] == "K3 R2 T2 S1"
    last = dict(zip(header, rows[-1], strict=True))
    assert last["Senaste klassning"] == "Ej klassad"


def test_csv_export_streams_every_row(client_for, official, farsta):
    _populate(farsta)
    response = client_for(official).get(reverse("klassning:asset_list") + "?format=csv")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == N + 1
    assert "\x07" not in text
