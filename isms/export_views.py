"""Register-agnostic export helpers on top of ``isms.exports``.

Every register exports from its list URL with ``?format=csv`` or ``?format=xlsx``, so the
export carries the list's filters for free. ``requested_format`` reads that parameter;
``query_without_page`` gives the filter part of the query string for the pagination and export
links (``templates/export_links.html``).
"""

from __future__ import annotations

from django.http import Http404

from .exports import FORMATS


def requested_format(request) -> str | None:
    """"csv" or "xlsx" when the list is asked for as a download, else None; 404 on any other
    format."""
    fmt = request.GET.get("format")
    if fmt is None:
        return None
    if fmt not in FORMATS:
        raise Http404
    return fmt


def query_without_page(request) -> str:
    """The filter part of the query string, for pagination and export links."""
    params = request.GET.copy()
    params.pop("sida", None)
    params.pop("format", None)
    return params.urlencode()
