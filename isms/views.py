"""The two view shapes every register repeats, once.

List pages: filter (a ``FilterForm`` on GET) → export when ``?format=`` asks for it → paginate
(``?sida=``) → render with the filter query for the pagination and export links::

    filters = AssetFilterForm(request.GET or None, user=request.user)
    assets = selectors.asset_list(user=request.user, **filters.filters())
    if response := export_if_requested(request, rows=..., columns=..., title=...):
        return response
    page = paginate(request, assets)
    return render(request, "...", list_context(request, filters, page, ...))

Versioned edits (``isms.locking``): take the posted version → call the service → put a stale or
invalid save back on the form (``add_errors``) → redirect with a message on success::

    form = AssetForm(request.POST or None, instance=asset, user=request.user)
    if response := versioned_edit(request, form, save=..., message=..., success_url=...):
        return response
    return render(request, "...", {"form": form})
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect

from . import audit
from .export_views import query_without_page, requested_format
from .exports import export_response
from .locking import add_errors

PAGE_SIZE = 25


class KeysFirstPaginator(Paginator):
    """Reads a page in two steps: the primary keys of the page (ordered and sliced in SQL,
    which an index holding the sort columns and the key answers from the index alone), then
    the rows of those keys. A plain ``OFFSET`` over the full rows made PostgreSQL sort every
    wide row of a 20,000-row list to return the last 25 (an external sort on disk); the keys
    alone sort in memory or come straight from the index. The order must end in the primary
    key, so that it is total and pages neither repeat nor skip a row.

    A page in the second half is read from the end, in the reversed order (the index scanned
    backwards): the last page skips no rows, as the first does not. With a plain ``OFFSET``
    PostgreSQL read or sorted all 20,000 keys before the last 25, and for so large an offset
    chose to sort the whole table (twice the first page's time at city scale)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom > self.count - top:
            keys = self.object_list.reverse().values_list("pk", flat=True)
            keys = list(keys[self.count - top:self.count - bottom])[::-1]
        else:
            keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=keys).order_by()}
        return self._get_page([rows[k] for k in keys if k in rows], number, self)


def paginate(request, items, *, per_page: int = PAGE_SIZE, keys_first: bool = False) -> Page:
    """``keys_first``: for long lists of a queryset ordered by indexed columns ending in the
    primary key (``KeysFirstPaginator``)."""
    paginator = (KeysFirstPaginator if keys_first else Paginator)(items, per_page)
    return paginator.get_page(request.GET.get("sida"))


def export_if_requested(request, *, rows: Iterable, columns, title: str, read_log=None):
    """The CSV/XLSX download when ``?format=`` asks for one, else None. ``rows`` should be lazy
    (a generator or ``.iterator()``) so a plain page view never runs the export query.

    ``read_log``: the queryset the rows come from, when the register holds protected
    information (``isms.audit``): the export is logged as one read naming the protected objects
    in it, before the response streams (a streamed body is read after the view returns, and
    an entry must not depend on the client reading it to the end).

    ``columns``: the list, or a function returning it (then only called for a download: a
    page's columns cost a dozen translated headers on every view)."""
    fmt = requested_format(request)
    if not fmt:
        return None
    if callable(columns):
        columns = columns()
    if read_log is not None:
        audit.objects_read(request, read_log.model, read_log, action=audit.EXPORT)
    return export_response(rows=rows, columns=columns, title=title, fmt=fmt)


def list_context(request, filters, page, **extra) -> dict:
    return {"filters": filters, "page": page, "query": query_without_page(request), **extra}


def status_summary(counts: dict[str, int], choices) -> list[tuple[str, int]]:
    """``[(label, count)]`` for a ``{status value: count}`` of a ``TextChoices`` field."""
    return [(choices(status).label, n) for status, n in counts.items()]


def versioned_edit(request, form, *, save: Callable[..., object], message: str, success_url):
    """On a valid POST, call ``save(expected_version=…, **cleaned_data)`` (the form's posted
    ``version`` taken out); a ``ValidationError`` (stale version included) goes back on the form
    and None is returned so the view renders it again. On success: ``message`` and a redirect
    to ``success_url`` (a URL, or a callable given what ``save`` returned)."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        result = save(expected_version=version, **data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    messages.success(request, message)
    return redirect(success_url(result) if callable(success_url) else success_url)
