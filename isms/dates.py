"""Dates as Stockholm sees them: the portal's calendar is local time (``TIME_ZONE``), never UTC."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import get_language


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def local_today() -> dt.date:
    """Today's date in Stockholm."""
    return timezone.localdate()


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """1 January 00:00 of ``year`` and of the next, local time: ``start <= t < end``."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=tz),
        dt.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def year_end_or_today(year: int) -> dt.date:
    """31 December of ``year``, or today for the current year (what "overdue" is measured
    against in a yearly report)."""
    return min(local_today(), dt.date(year, 12, 31))


_LABELS: dict = {}


def date_label(day: dt.date, fmt: str) -> str:
    """``formats.date_format(day, fmt)`` (e.g. a month's "M" or "F Y"), kept per process and
    language: the dashboards write two dozen month names on every view."""
    key = (day, fmt, get_language())
    label = _LABELS.get(key)
    if label is None:
        if len(_LABELS) > 5000:  # a bound, not an expected size
            _LABELS.clear()
        label = _LABELS[key] = formats.date_format(day, fmt)
    return label
