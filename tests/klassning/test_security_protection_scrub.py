"""Flagging an asset as säkerhetsskydd removes its earlier details from the database, history
included: the history rows stay (who, when), only the details are blanked."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from klassning import services
from klassning.models import (
    Classification,
    ClassificationAssessment,
    InformationAsset,
    ITService,
)
from klassning.services.security_protection import REDACTED
from tests.klassning_helpers import assessments, make_asset, make_service

pytestmark = pytest.mark.django_db

SECRET = "Hemlig"
LEVELS = {"K": 2, "R": 1, "T": 3, "S": 1}


def _classify_with_secrets(asset, submitter, approver):
    cells = {
        key: (level, f"{SECRET} motivering {i}")
        for i, (key, (level, _text)) in enumerate(assessments(LEVELS).items())
    }
    c = services.classification_start(actor=submitter, asset=asset)
    c = services.classification_save(
        actor=submitter, classification=c, expected_version=c.version, assessments=cells,
        comment=f"{SECRET} kommentar", below_minimum_motivation=f"{SECRET} avsteg", submit=True,
    )
    return services.classification_approve(
        actor=approver, classification=c, expected_version=c.version
    )


def _flag(asset, actor):
    asset.refresh_from_db()
    return services.asset_update(
        actor=actor, asset=asset, expected_version=asset.version, description="", process="",
        responsible="", personal_data="none", osl_secrecy=False, osl_provision="",
        archive_rule="", it_services=[], security_protection=True,
        security_protection_note="Hanteras av säkerhetsskyddschefen.",
    )


@pytest.fixture
def flagged(farsta, official, chief):
    """An asset with details, an IT-service link and an approved classification with
    motivations, edited, its classification removed outside the portal (as the flag's rule
    asks: the säkerhetsskyddschef has it removed), then flagged."""
    service = make_service(farsta, chief, name="Kameraövervakningssystem")
    asset = make_asset(
        farsta, official, name="Skyddsobjekt", description=f"{SECRET} beskrivning 1",
        process=f"{SECRET} process", responsible=f"{SECRET} Person", personal_data="sensitive",
        osl_secrecy=True, osl_provision=f"{SECRET} paragraf", archive_rule=f"{SECRET} gallring",
        it_services=[service],
    )
    asset = services.asset_update(
        actor=chief, asset=asset, expected_version=asset.version,
        description=f"{SECRET} beskrivning 2",
    )
    classification = _classify_with_secrets(asset, official, chief)
    assert ClassificationAssessment.history.filter(motivation__startswith=SECRET).exists()
    for c in Classification.objects.filter(asset=asset):
        c._history_user = chief
        c.delete()  # outside the portal; its history (and the judgements') stays behind
    counts = {
        "asset": InformationAsset.history.filter(id=asset.pk).count(),
        "classification": Classification.history.filter(asset_id=asset.pk).count(),
        "judgement": ClassificationAssessment.history.filter(
            classification_id=classification.pk
        ).count(),
    }
    asset = _flag(asset, chief)
    return asset, classification, counts, service


def _raw_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from introspection)
        return cursor.fetchall()


def test_flagging_blanks_the_details_in_every_history_row(flagged, official, chief):
    asset, classification, counts, _service = flagged

    records = list(InformationAsset.history.filter(id=asset.pk).order_by("history_id"))
    assert len(records) == counts["asset"] + 1  # the rows stay, plus the flag's own record
    assert all(r.history_user in (official, chief) and r.history_date for r in records)
    assert {r.history_user for r in records} == {official, chief}
    for record in records:
        for field in ("description", "process", "responsible", "osl_provision", "archive_rule"):
            assert SECRET not in getattr(record, field), (field, record.history_id)
        assert record.personal_data == "none" and not record.osl_secrecy
    assert records[0].description == REDACTED  # a change was made: marked, not hidden away

    classification_records = Classification.history.filter(asset_id=asset.pk)
    assert classification_records.count() == counts["classification"]
    assert all(r.history_user_id and r.history_date for r in classification_records)
    assert not classification_records.filter(comment__contains=SECRET).exists()
    judgements = ClassificationAssessment.history.filter(classification_id=classification.pk)
    assert judgements.count() == counts["judgement"]
    # (the cascade of the removal outside the portal records no user: only the portal's do)
    assert all(r.history_date for r in judgements)
    assert all(r.history_user_id for r in judgements if r.history_type != "-")
    assert set(judgements.values_list("motivation", flat=True)) == {REDACTED}
    assert set(judgements.values_list("level", flat=True)) == {0}


def test_no_table_holds_the_old_details_raw_sql(flagged):
    asset, _classification, _counts, service = flagged
    history_tables = [t for t in connection.introspection.table_names() if "historical" in t]
    assert "klassning_historicalinformationasset" in history_tables
    for table in connection.introspection.table_names():
        for row in _raw_rows(table):
            assert not any(SECRET in str(value) for value in row), (table, row)
    # The IT-service link snapshots no longer name the asset; the service's own rows stay.
    links = apps.get_model("klassning", "HistoricalITService_assets")
    assert not links.objects.filter(informationasset_id=asset.pk).exists()
    assert ITService.history.filter(id=service.pk).count() >= 2


def test_the_pages_say_that_the_details_were_removed(flagged, client_for, chief):
    asset, *_rest = flagged
    client = client_for(chief)
    body = client.get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    assert "har tagits bort permanent" in body
    assert SECRET not in body
    form = client.get(reverse("klassning:asset_edit", args=[asset.pk])).content.decode()
    assert "bort permanent, även ur historiken" in form


def test_an_asset_flagged_from_the_start_has_nothing_removed(farsta, official, client_for):
    asset = make_asset(
        farsta, official, name="Skyddat", security_protection=True,
        security_protection_note="Hanteras separat.",
    )
    body = client_for(official).get(
        reverse("klassning:asset_detail", args=[asset.pk])
    ).content.decode()
    assert "har tagits bort permanent" not in body


def test_the_edit_form_warns_before_flagging(farsta, official, client_for):
    asset = make_asset(farsta, official, description="Vanlig beskrivning")
    form = client_for(official).get(
        reverse("klassning:asset_edit", args=[asset.pk])
    ).content.decode()
    assert "bort permanent, även ur historiken" in form


def test_the_migration_scrubs_assets_flagged_before(farsta, official):
    """Assets flagged before this fix: the data migration blanks their history too."""
    asset = make_asset(farsta, official, name="Gammalt skyddsobjekt",
                       description=f"{SECRET} från förr")
    InformationAsset.objects.filter(pk=asset.pk).update(description="", security_protection=True)
    assert InformationAsset.history.filter(id=asset.pk, description__contains=SECRET).exists()
    migration = importlib.import_module(
        "klassning.migrations.0005_scrub_security_protection_history"
    )
    migration.scrub_flagged_assets(apps, None)
    assert not InformationAsset.history.filter(id=asset.pk, description__contains=SECRET).exists()
    assert InformationAsset.history.filter(id=asset.pk).count() == 1
