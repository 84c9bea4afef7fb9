"""The start page's dashboard panel: the chief's (samordnare's, revisor's) units with their key
figures against the city median and what waits for them; for the city-wide roles, the way to
the city dashboard."""

from __future__ import annotations

from django.utils import timezone

from nämnder import access
from nämnder.context_processors import my_memberships

from . import selectors


def panel_context(request) -> dict:
    """What waits and the key figures against the median: what a chief must act on now. The
    registers' sections (heatmap, charts, service lists) are on the unit's dashboard, one link
    away: on the start page they cost about a quarter of its time at city scale."""
    user = request.user
    units = selectors.dashboard_units(user=user, memberships=my_memberships(request))
    context = {"sees_all": access.sees_all_units(user)}
    if units:
        context.update(selectors.unit_dashboards(user=user, units=units, sections=False))
    elif context["sees_all"]:
        # The city's key figures, kept (``figure_cache``): the other panels' rows of every
        # unit are kept beside them (``isms.shared_reads.kept``).
        selectors.kept_figures_for(units=selectors.city_units(), today=timezone.localdate())
    return context
