"""The trends' closed months, kept instead of rebuilt from the history on every view.

A register's trend value at a past moment is rebuilt from the history tables
(``isms.as_of.state_at``: two queries per month and register, ~170 ms for twelve months at
city scale). The history of a month that is over does not change, so a register that says so
(``register_dashboard_source(trend_version=1)``) gets the values of its closed months kept in
:class:`~oversikt.models.ClosedMonthTrend`, one row per unit, register and month:

* :func:`unit_series` reads every kept month of the unit in one query, asks each register for
  the rest (the current month live, and any closed month not kept yet or kept by an older
  ``trend_version``) and keeps the closed months it had to compute (one insert);
* beat fills the months that have just closed for every active unit each night
  (:func:`fill_closed_months`, task ``oversikt.fill_closed_months``), so the first view of a
  month finds them ready; a view fills what is still missing itself;
* a month counts as closed one hour after its end (:func:`settle`,
  ``OVERSIKT_TREND_SETTLE_MINUTES``): a transaction that began
  before midnight has committed by then, so nothing dated in the month arrives after it is kept.

What invalidates a kept month (:func:`forget`):

* history written with a date before the current month (``_history_date`` set back, e.g. an
  import): the ``post_create_historical_record`` signal forgets the kept months from that
  record's month on, for every unit (nothing else in the portal writes history in the past);
* a historical record deleted through the ORM (``post_delete`` on every historical model,
  e.g. ``clean_old_history``): the same from the deleted record's month;
* a register's definition of a series changing: raise its ``trend_version``;
* history changed around the ORM's signals (``QuerySet.update`` or ``bulk_create`` on a
  history table, a restore, bulk seeding into an existing database, a changed ``TIME_ZONE``):
  run ``manage.py dashboard_trends --forget`` (or call :func:`forget`).

Not invalidating: pseudonymisation (it renames the account; no historical record of a register
changes), a unit's assets handed over to another unit (new history now, not in the past), a
deleted unit (its rows go with it).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.db.models.signals import post_delete
from django.utils import timezone
from simple_history.models import HistoricalChanges
from simple_history.signals import post_create_historical_record

from isms import plugins
from isms.compiled import CompiledRows

from .models import ClosedMonthTrend


def settle() -> dt.timedelta:
    """How long after its end a month is kept (a transaction open at midnight has committed by
    then): ``OVERSIKT_TREND_SETTLE_MINUTES``, an hour by default."""
    return dt.timedelta(minutes=settings.OVERSIKT_TREND_SETTLE_MINUTES)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(first: dt.date) -> dt.datetime:
    """The last instant of the month beginning on ``first`` (local time)."""
    tz = timezone.get_current_timezone()
    nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return dt.datetime(nxt.year, nxt.month, 1, tzinfo=tz) - dt.timedelta(microseconds=1)


def closed_month(moment: dt.datetime | None, now: dt.datetime) -> dt.date | None:
    """The first day of the month whose last instant ``moment`` is, when that month closed at
    least :func:`settle` before ``now``; otherwise None (computed on each view)."""
    if moment is None:
        return None
    first = month_start(timezone.localtime(moment).date())
    if moment != month_end(first) or moment + settle() > now:
        return None
    return first


def _kept_sources():
    return [s for s in plugins.dashboard_sources()
            if s.trends is not None and s.trend_version is not None]


class _Kept(NamedTuple):
    version: int
    values: dict


# The unit's kept months, read on every unit dashboard: its SQL built once per process (per set
# of kept registers, ``key``) and prepared (``isms.compiled``); the months between the first
# and the last wanted, the others left out in Python.
_KEPT_MONTHS = CompiledRows(
    lambda key, unit_id, first, last: ClosedMonthTrend.objects.filter(
        unit_id=unit_id, month__gte=first, month__lte=last, source__in=list(key),
    ).order_by().values_list("source", "month", "version", "values"),
    prepare=True, unit_id=-2_000_000_901, first=dt.date(1901, 2, 17), last=dt.date(1901, 2, 18),
)


def unit_series(*, unit, moments, now=None) -> list[plugins.Trend]:
    """Every register's trends of ``unit`` at ``moments`` (datetimes, None for now), in the
    registers' order. Closed months of registers with a ``trend_version`` come from the kept
    values (one query for all of them) and are computed and kept when missing; everything else
    is computed by the register."""
    now = now or timezone.now()
    months = [closed_month(m, now) for m in moments]
    wanted = {m for m in months if m is not None}
    kept_sources = _kept_sources()
    kept = {}
    if wanted and kept_sources:
        kept = {
            (source, month): _Kept(version, values)
            for source, month, version, values in _KEPT_MONTHS.rows(
                key=tuple(s.key for s in kept_sources), unit_id=unit.pk,
                first=min(wanted), last=max(wanted),
            ) if month in wanted
        }
    result, to_keep = [], []
    for source in plugins.dashboard_sources():
        if source.trends is None:
            continue
        if source.trend_version is None:
            result.extend(source.trends(unit=unit, moments=moments))
            continue
        series, rows = _series_of(source, unit, moments, months, kept)
        result.extend(series)
        to_keep.extend(rows)
    if to_keep:
        _keep(unit, to_keep, replace=[r for r in to_keep if (r.source, r.month) in kept])
    return result


def _series_of(source, unit, moments, months, kept):
    """One kept register's trends: the kept months read, the others computed (one call to the
    register); returns the trends and the rows to keep."""

    def usable(month):
        row = kept.get((source.key, month))
        return row if row is not None and row.version == source.trend_version else None

    missing = [i for i, month in enumerate(months) if month is None or usable(month) is None]
    computed = source.trends(unit=unit, moments=[moments[i] for i in missing])
    keys = [t.key for t in computed]
    # A kept month lacking a series the register now has (added without a new version) is
    # computed again too.
    stale = [i for i, month in enumerate(months)
             if i not in set(missing) and set(usable(month).values) != set(keys)]
    if stale:
        missing = sorted(missing + stale)
        computed = source.trends(unit=unit, moments=[moments[i] for i in missing])
    position = {i: n for n, i in enumerate(missing)}
    series = []
    for trend in computed:
        values = [
            trend.values[position[i]] if i in position else usable(month).values[trend.key]
            for i, month in enumerate(months)
        ]
        series.append(plugins.Trend(key=trend.key, label=trend.label, values=values,
                                    kind=trend.kind))
    rows = [
        ClosedMonthTrend(unit_id=unit.pk, source=source.key, version=source.trend_version,
                         month=months[i],
                         values={t.key: t.values[position[i]] for t in computed})
        for i in missing if months[i] is not None
    ]
    return series, rows


def _keep(unit, rows, replace) -> None:
    """Keep computed closed months (``replace``: those kept before by another version or
    without a series, deleted first). Two views filling the same month at once keep the first
    (the values are the same)."""
    for source in {r.source for r in replace}:
        ClosedMonthTrend.objects.filter(
            unit_id=unit.pk, source=source,
            month__in=[r.month for r in replace if r.source == source],
        ).delete()
    ClosedMonthTrend.objects.bulk_create(rows, ignore_conflicts=True)


def fill_closed_months(*, now=None, months: int = 12) -> int:
    """Compute and keep the closed months of the last ``months`` for every active unit (beat,
    each night; a no-op but for one read per unit when they are kept). Returns how many unit
    months were computed."""
    from nämnder.models import OrganisationUnit

    now = now or timezone.now()
    first = month_start(timezone.localdate(now))
    moments = []
    for _i in range(months):
        first = month_start(first - dt.timedelta(days=1))
        moments.append(month_end(first))
    moments = [m for m in reversed(moments) if closed_month(m, now) is not None]
    before = ClosedMonthTrend.objects.count()
    if moments and _kept_sources():
        for unit in OrganisationUnit.objects.operational():
            unit_series(unit=unit, moments=moments, now=now)
    return ClosedMonthTrend.objects.count() - before


def forget(*, since: dt.date | None = None) -> int:
    """Forget the kept months from ``since``'s month on (every month when None), for every unit
    and register; they are computed again when next needed."""
    qs = ClosedMonthTrend.objects.all()
    if since is not None:
        qs = qs.filter(month__gte=month_start(since))
    return qs.delete()[0]


# --- Invalidation (connected in ``OversiktConfig.ready``) ---------------------------------------

def _forget_from(history_date) -> None:
    if history_date is None:
        return
    local = timezone.localtime(history_date).date() if timezone.is_aware(history_date) \
        else history_date.date()
    if month_start(local) < month_start(timezone.localdate()):
        forget(since=local)


def history_created(sender, history_instance=None, **kwargs) -> None:
    """Historical record written: a back-dated one (before this month) forgets the kept months
    from its month on. No query for a record dated now."""
    _forget_from(getattr(history_instance, "history_date", None))


def history_deleted(sender, instance=None, **kwargs) -> None:
    _forget_from(getattr(instance, "history_date", None))


def connect_signals() -> None:
    from django.apps import apps

    post_create_historical_record.connect(history_created,
                                          dispatch_uid="oversikt.trend_cache.created")
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) and model is not ClosedMonthTrend:
            post_delete.connect(history_deleted, sender=model,
                                dispatch_uid=f"oversikt.trend_cache.deleted.{model._meta.label}")
