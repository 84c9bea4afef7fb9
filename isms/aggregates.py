"""Figures every register reports the same way: shares and per-unit grouping."""

from __future__ import annotations


def percent(part: int, whole: int) -> int | None:
    """Whole-number share, or None when there is nothing to count."""
    return round(100 * part / whole) if whole else None


def per_unit(queryset, unit_field: str, **aggregates) -> dict:
    """One grouped query: ``{unit id: {aggregate: value}}`` (no query per unit)."""
    rows = queryset.values(unit_field).annotate(**aggregates).order_by()
    return {row[unit_field]: row for row in rows}


def median(values) -> float | None:
    """The median of the values present (None: nothing to count), or None when none is."""
    import statistics

    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None
