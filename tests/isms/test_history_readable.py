"""History pages read as a person expects: local time to the minute, and one entry for one save
of a classification instead of one per assessment."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from klassning import selectors
from klassning.models import Aspect, ConsequenceCategory
from tests.klassning_helpers import approved, draft, make_asset

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 3}
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _history(client, asset) -> str:
    body = client.get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    return body[body.index('id="history"'):]


def test_dates_in_history_changes_are_local_time_to_the_minute(
    client_for, official, chief, farsta
):
    asset = make_asset(farsta, official)
    classification = approved(asset, official, chief, LEVELS)
    history = _history(client_for(official), asset)
    approved_at = timezone.localtime(classification.approved_at, STOCKHOLM)
    assert f"<ins>{approved_at:%Y-%m-%d %H:%M}</ins>" in history
    # No raw value with seconds, microseconds or UTC offset in what is shown (the machine-readable
    # datetime attributes of <time> may keep them).
    shown = re.sub(r'datetime="[^"]*"', "", history)
    assert not re.search(r"\d\d:\d\d:\d\d", shown)
    assert "+00:00" not in shown


def test_one_classification_save_is_one_history_entry(client_for, official, farsta):
    asset = make_asset(farsta, official)
    draft(asset, official, LEVELS)
    cells = Aspect.objects.count() * ConsequenceCategory.objects.filter(is_active=True).count()
    entries = selectors.asset_history(asset=asset, user=official)
    assessment_entries = [e for e in entries if e.object_type.startswith("Konsekvensbedömning")]
    assert len(assessment_entries) == 1
    entry = assessment_entries[0]
    assert entry.object_type == "Konsekvensbedömningar"
    assert len(entry.changes) == cells  # one line per assessment, none lost
    assert entry.changes[0].field.startswith("K – Konfidentialitet / ")
    assert entry.changes[0].new.startswith("Nivå: 3; Motivering: Motivering K ")
    history = _history(client_for(official), asset)
    assert history.count("Konsekvensbedömningar") == 1
    assert "Skapad: Konsekvensbedömning <" not in history


def test_later_edit_of_the_same_classification_is_a_separate_entry(official, farsta):
    from klassning import services
    from tests.klassning_helpers import assessments

    asset = make_asset(farsta, official)
    classification = draft(asset, official, LEVELS)
    later = timezone.now() + dt.timedelta(minutes=5)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: later)
        services.classification_save(
            actor=official, classification=classification,
            expected_version=classification.version,
            assessments=assessments({"K": 4, "R": 2, "T": 2, "S": 3}),
        )
    grouped = [
        e for e in selectors.asset_history(asset=asset, user=official)
        if e.object_type == "Konsekvensbedömningar"
    ]
    assert [e.action for e in grouped] == ["Ändrad", "Skapad"]
    # Only the confidentiality cells changed (3 → 4, 2 → 3): one line each, old → new.
    changed = grouped[0].changes
    categories = ConsequenceCategory.objects.filter(is_active=True).count()
    assert len(changed) == categories
    assert all(c.field.startswith("K – ") for c in changed)
    assert (changed[0].old, changed[0].new) == ("Nivå: 3", "Nivå: 4")


def test_history_query_count_does_not_grow_with_assessments(
    client_for, official, chief, farsta, django_assert_max_num_queries
):
    asset = make_asset(farsta, official)
    approved(asset, official, chief, LEVELS)
    client = client_for(official)
    client.get(reverse("klassning:asset_detail", args=[asset.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("klassning:asset_detail", args=[asset.pk]))
    approved(asset, official, chief, {"K": 4, "R": 3, "T": 2, "S": 3})
    approved(asset, official, chief, {"K": 2, "R": 3, "T": 2, "S": 3})
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("klassning:asset_detail", args=[asset.pk]))
    assert len(three) <= len(one) + 2  # versions table rows, not the history, may add a little
