"""The audit log page (``/sparbarhet/logg/``): every change and every logged read a person may
read (``nämnder.access.audit_log_unit_ids``), filtered, newest first, paged by ``seq``, and its
CSV/XLSX export with the same filter."""

from __future__ import annotations

from html import escape

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from isms.views import export_if_requested
from nämnder import access

from . import exports_log, selectors_log
from .forms_log import LogFilterForm

# Left out of the links that keep the filter (the page's position and the export format).
NOT_FILTERS = ("fore", "efter", "format", "sida")


def _filter_query(request) -> str:
    params = request.GET.copy()
    for name in NOT_FILTERS:
        params.pop(name, None)
    return params.urlencode()


def _rows_html(rows) -> str:
    """The table's rows, written once in Python: the template's loop over 25 rows of 8 cells
    cost about as much as reading the page. Every value is escaped."""
    out = []
    for row in rows:
        local = timezone.localtime(row.occurred_at)
        out.append(
            f'<tr>\n      <td><time datetime="{local.isoformat(timespec="seconds")}">'
            f'{local.strftime("%Y-%m-%d %H:%M:%S")}</time></td>\n'
            f"      <td>{escape(row.person)}</td>\n"
            f"      <td>{escape(row.unit) if row.unit else '–'}</td>\n"
            f"      <td>{escape(row.action)} <span class=\"visually-hidden\">({escape(row.kind)})"
            f"</span></td>\n"
            f"      <td>{escape(row.object_display)}</td>\n"
            f"      <td>{escape(row.client_address) if row.client_address else '–'}</td>\n"
            f'      <td class="num">{row.seq:d}</td>\n'
            f'      <td><code title="{escape(row.hash)}">{escape(row.short_hash)}</code></td>\n'
            f"    </tr>"
        )
    return mark_safe("\n    ".join(out))  # noqa: S308 (every value escaped above)


# The filter's fields as written for a language, the viewer's unit choices and the values
# asked for: the same on every page of a browse (``?fore=``), written by the template once.
_FILTER_FIELDS_HTML: dict[tuple, str] = {}
_FILTER_FIELDS_MAX = 200  # emptied when full (the key holds what a person typed)


def _filter_fields_html(request, form) -> str:
    """The filter's fields (``field.html`` each). A form with errors is written each time;
    otherwise the markup depends only on the key below, and is kept."""
    if form.is_bound and form.errors:
        return render_to_string("sparbarhet/_log_filter_fields.html", {"filters": form})
    key = (
        get_language(), tuple(form.fields["unit"].choices),
        tuple(form.fields["object_type"].choices),
        tuple((name, tuple(request.GET.getlist(name))) for name in form.fields
              if name not in form.POSITION_FIELDS),
    )
    html = _FILTER_FIELDS_HTML.get(key)
    if html is None:
        html = render_to_string("sparbarhet/_log_filter_fields.html", {"filters": form})
        if len(_FILTER_FIELDS_HTML) >= _FILTER_FIELDS_MAX:
            _FILTER_FIELDS_HTML.clear()
        _FILTER_FIELDS_HTML[key] = html
    return html


@require_GET
def audit_log(request):
    unit_ids = access.audit_log_unit_ids(request.user)
    if unit_ids == []:
        raise PermissionDenied
    form = LogFilterForm(request.GET or None, unit_ids=unit_ids)
    page = None
    # A filter with an error shows the error and no events: a list filtered otherwise than
    # asked would mislead whoever reads the log (and an export of it even more).
    if not form.is_bound or form.is_valid():
        filt = form.log_filter()
        if response := export_if_requested(
            request, columns=exports_log.columns, title=_("Granskningslogg"),
            rows=selectors_log.log_export_rows(filt=filt, viewer=request.user, units=form.units),
        ):
            return response
        fore, after = form.position()
        page = selectors_log.log_page(
            filt=filt, viewer=request.user, units=form.units, fore=fore, after=after,
        )
    return render(request, "sparbarhet/audit_log.html", {
        "filters": form,
        "filter_fields_html": _filter_fields_html(request, form),
        "page": page,
        "rows_html": _rows_html(page.rows) if page is not None else "",
        "query": _filter_query(request),
        "sees_all": unit_ids is None,
        "viewer_units": list(form.units.values()),
        "people_matched": len(form.people),
    })
