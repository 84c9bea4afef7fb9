"""Deadlines of reporting obligations, in one place.

- A duration in **hours** is exact elapsed time: it is added in UTC, so 72 hours from
  2026-03-28 10:00 (CET) is 2026-03-31 11:00 (CEST) local time: summer time began in between
  and the clock on the wall moved an hour, the law's 72 hours did not.
- A duration in **calendar months** is added on the Stockholm calendar at the same wall-clock
  time: 31 January + 1 month is 28 (29) February, and a month across a DST change keeps the
  local hour. A local time that does not exist (the spring gap, 02:00–03:00 on the last Sunday
  of March) moves forward by the gap (an hour later), never earlier.
- An obligation that ``follows`` another (the final report follows the incident notification)
  runs from when that one was sent; while it is not sent, from its deadline.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from isms.dates import add_months

UTC = dt.UTC


def stockholm() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def add_duration(anchor: dt.datetime, *, hours: int | None = None,
                 months: int | None = None) -> dt.datetime:
    """``anchor`` (aware) plus exact ``hours`` and/or calendar ``months``; returned in UTC."""
    if anchor.tzinfo is None:
        raise ValueError("anchor must be timezone-aware")
    result = anchor.astimezone(UTC)
    if hours:
        result = result + dt.timedelta(hours=hours)
    if months:
        tz = stockholm()
        local = result.astimezone(tz)
        day = add_months(local.date(), months)
        wall = dt.datetime.combine(day, local.time().replace(tzinfo=None))
        # fold=0: an ambiguous autumn hour is read as the first (summer-time) one; a time in the
        # spring gap gets the winter offset, i.e. lands an hour later once normalised.
        result = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    return result


def obligation_deadline(obligation, *, discovered_at: dt.datetime,
                        predecessor_sent_at=None, predecessor_deadline=None) -> dt.datetime:
    """The deadline of ``obligation`` (a ReportingObligation) for an incident discovered at
    ``discovered_at``; for one that follows another, from the predecessor's sending (or its
    deadline while unsent)."""
    if obligation.follows_id:
        anchor = predecessor_sent_at or predecessor_deadline or discovered_at
    else:
        anchor = discovered_at
    return add_duration(anchor, hours=obligation.duration_hours, months=obligation.duration_months)


def remaining(deadline: dt.datetime, now: dt.datetime) -> dt.timedelta:
    return deadline - now


def format_remaining(delta: dt.timedelta) -> str:
    """"2 d 5 h", "3 h 20 min", "45 min" (negative: how long overdue), Swedish units."""
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"
