"""The start page's risk panel: for chiefs and samordnare, per unit where they decide."""

from __future__ import annotations

from . import selectors
from .selectors.figures import attention_units


def panel_context(request) -> dict:
    units = attention_units(request.user)
    units = list(units.order_by("name")) if units is not None else []
    if not units:
        return {"rows": []}
    return {"rows": selectors.attention_counts(units=units, matrix=selectors.active_matrix())}
