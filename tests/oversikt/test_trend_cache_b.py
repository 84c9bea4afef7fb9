"""The trends' closed months are kept (``oversikt.trend_cache``): a view reads them in one query
instead of rebuilding twelve snapshots from the history, they equal a fresh computation, and a
record written into a closed month's history makes them computed again."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from isms import plugins
from isms.dates import add_months, local_today
from klassning.dashboard import dashboard_trends
from klassning.models import Classification, InformationAsset, UnitRequirement
from oversikt import selectors, trend_cache
from oversikt.models import ClosedMonthTrend
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db

LEVELS = {"K": 1, "R": 1, "T": 1, "S": 1}


def _months_ago(n: int) -> dt.datetime:
    first = add_months(local_today().replace(day=1), -n)
    return timezone.make_aware(dt.datetime(first.year, first.month, 2, 12))


def _dated(asset, moment):
    """Pretend ``asset`` and its classifications were recorded at ``moment``."""
    InformationAsset.history.filter(id=asset.pk).update(history_date=moment)
    Classification.history.filter(asset_id=asset.pk).update(history_date=moment)


def _history(unit, official, chief, *, extra=0):
    """Classified six months ago, a second asset three months ago (unclassified), a third
    now; ``extra`` more classified assets two months ago (a larger history)."""
    _dated(approved(make_asset(unit, official, name="Elevregister"), official, chief,
                    LEVELS).asset, _months_ago(6))
    UnitRequirement.history.filter(unit_id=unit.pk).update(history_date=_months_ago(6))
    _dated(make_asset(unit, official, name="Personalakter"), _months_ago(3))
    for i in range(extra):
        _dated(approved(make_asset(unit, official, name=f"Arkiv {i}"), official, chief,
                        LEVELS).asset, _months_ago(2))
    make_asset(unit, official, name="Nytt register")


def _fresh(unit):
    """The trend rebuilt from the history for every month, as before anything was kept."""
    moments = [m for _f, m in selectors.trend_moments(local_today())]
    return {t.key: t.values for t in dashboard_trends(unit=unit, moments=moments)}


def _kept_trend(unit):
    trend = selectors.unit_trend(unit=unit, today=local_today())
    return {str(label): [row["values"][i] for row in trend["rows"]]
            for i, label in enumerate(trend["columns"])}


def test_kept_months_equal_a_fresh_computation(farsta, official, chief):
    _history(farsta, official, chief, extra=2)
    fresh = _fresh(farsta)
    assert fresh["classified"][-7:] == [100, 100, 100, 50, 75, 75, 60]

    first = _kept_trend(farsta)  # computes and keeps the eleven closed months
    assert ClosedMonthTrend.objects.filter(unit=farsta).count() == 11
    second = _kept_trend(farsta)  # read from the kept months
    assert first == second
    assert second["Klassad andel"] == fresh["classified"]
    assert second["Uppfyllda krav (åtgärdsplan)"] == fresh["fulfilment"]


@pytest.mark.parametrize("extra", [0, 6])
def test_a_warm_trend_costs_a_fixed_few_queries(extra, farsta, official, chief,
                                                django_assert_num_queries):
    """Whatever the size of the history: one read of the kept months and the current month
    live (two queries), instead of two history queries per month."""
    _history(farsta, official, chief, extra=extra)
    selectors.unit_trend(unit=farsta, today=local_today())
    with django_assert_num_queries(3):
        selectors.unit_trend(unit=farsta, today=local_today())


def test_the_current_month_is_live(farsta, official, chief):
    _history(farsta, official, chief)
    assert _kept_trend(farsta)["Klassad andel"][-1] == 33
    make_asset(farsta, official, name="Ännu ett")
    trend = _kept_trend(farsta)
    assert trend["Klassad andel"][-1] == 25
    assert trend["Klassad andel"][-5:-1] == [100, 50, 50, 50]


def test_a_back_dated_record_forgets_the_kept_months_from_its_month(farsta, official, chief):
    _history(farsta, official, chief)
    assert _kept_trend(farsta)["Klassad andel"][-6:] == [100, 100, 50, 50, 50, 33]
    # Recorded now but dated four months ago (e.g. an import): the register under
    # säkerhetsskydd from then on: it leaves the classifiable assets (nothing to count that
    # month, then its approval over the second asset alone).
    asset = InformationAsset.objects.get(name="Elevregister")
    asset.security_protection = True
    asset._history_date = _months_ago(4)
    asset.save()
    months = set(ClosedMonthTrend.objects.values_list("month", flat=True))
    assert months and max(months) < _months_ago(4).date().replace(day=1)
    trend = _kept_trend(farsta)["Klassad andel"]
    assert trend[-6:] == [100, None, 100, 100, 100, 50]
    assert trend == _fresh(farsta)["classified"]


def test_deleting_history_forgets_the_kept_months(farsta, official, chief):
    _history(farsta, official, chief)
    _kept_trend(farsta)
    InformationAsset.history.filter(name="Personalakter").delete()
    assert not ClosedMonthTrend.objects.filter(month__gte=_months_ago(3).date().replace(day=1))
    assert _kept_trend(farsta)["Klassad andel"] == _fresh(farsta)["classified"]


def test_a_new_version_of_a_register_recomputes_its_months(farsta, official, chief,
                                                           monkeypatch):
    _history(farsta, official, chief)
    _kept_trend(farsta)
    ClosedMonthTrend.objects.update(values={"classified": 1, "fulfilment": 2})
    assert _kept_trend(farsta)["Klassad andel"][0] == 1  # kept values are what is shown
    sources = [s if s.key != "klassning" else dataclasses.replace(
        s, trend_version=s.trend_version + 1,
    ) for s in plugins.dashboard_sources()]
    monkeypatch.setattr(plugins, "dashboard_sources", lambda: sources)
    assert _kept_trend(farsta)["Klassad andel"] == _fresh(farsta)["classified"]
    assert set(ClosedMonthTrend.objects.values_list("version", flat=True)) == {2}


def test_a_month_is_kept_only_an_hour_after_its_end(farsta, official, chief, settings):
    settings.OVERSIKT_TREND_SETTLE_MINUTES = 60  # production's (the tests' is 0: conftest)
    end = trend_cache.month_end(add_months(local_today().replace(day=1), -1))
    assert trend_cache.closed_month(end, end + dt.timedelta(minutes=30)) is None
    assert trend_cache.closed_month(end, end + dt.timedelta(hours=2)) == end.date().replace(day=1)
    assert trend_cache.closed_month(end - dt.timedelta(days=1), end + dt.timedelta(days=9)) is None


def test_beat_fills_every_unit_and_the_command_forgets(farsta, bromma, official, chief):
    _history(farsta, official, chief)
    call_command("dashboard_trends")
    assert ClosedMonthTrend.objects.filter(unit=farsta).count() == 12
    assert ClosedMonthTrend.objects.filter(unit=bromma).count() == 12
    assert trend_cache.fill_closed_months() == 0  # already kept
    kept = ClosedMonthTrend.objects.get(unit=farsta, month=_months_ago(3).date().replace(day=1))
    assert kept.values["classified"] == 50
    call_command("dashboard_trends", "--forget")
    assert not ClosedMonthTrend.objects.exists()


def test_the_unit_dashboard_reads_the_kept_months(farsta, official, chief, client_for):
    _history(farsta, official, chief, extra=3)
    client = client_for(chief)
    url = reverse("oversikt:unit", args=[farsta.pk])
    cold = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm_queries:
        warm = client.get(url).content.decode()
    chart = cold.index("<figure")
    assert cold[chart:] == warm[chart:]  # the same chart and table (the form token differs)
    history_reads = [q for q in warm_queries.captured_queries if "historical" in q["sql"]]
    assert history_reads == []


def test_beat_runs_the_fill_each_night(settings):
    from oversikt import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["oversikt-spara-manadsvarden"]
    assert entry["task"] == tasks.fill_closed_months.name
