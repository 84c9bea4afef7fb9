"""The yearly report opens with the dashboard (``register_report_section``, order 5): the
unit's key figures against the city median and their trend, or the city table.

The key figures are the registers' as they are now, so they are shown for the current year
(the report says "läget vid rapportens generering"). For a past year the unit report shows the
trend of that year's months, rebuilt from the history, and the city report refers to the
sections below (each shows its register at 31 December)."""

from __future__ import annotations

from django.utils import timezone

from . import selectors


def dashboard_section(*, unit, year: int, units=None) -> dict:
    today = timezone.localdate()
    current = year >= today.year
    if unit is None:
        return {"is_city": True, "current": current,
                "table": selectors.city_table_data(today=today) if current else None}
    data = {"is_city": False, "current": current}
    if current:
        dashboard = selectors.unit_dashboards(user=None, units=[unit], today=today, todo=False,
                                              for_report=True)["units"][0]
        data["figures"] = dashboard["figures"]
        data["sections"] = dashboard["sections"]
        data["trend"] = selectors.unit_trend(unit=unit, today=today)
    else:
        data["trend"] = selectors.unit_trend(unit=unit, today=today,
                                             moments=selectors.year_moments(year))
    return data
