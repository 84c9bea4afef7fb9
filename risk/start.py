"""The start page's risk panel: for chiefs and samordnare, per unit where they decide."""

from __future__ import annotations

from . import selectors
from .selectors.figures import attention_units


def panel_context(request) -> dict:
    units = attention_units(request.user) or []
    if not units:
        return {"rows": []}
    return {"rows": selectors.attention_counts(units=units, matrix=selectors.active_matrix())}
