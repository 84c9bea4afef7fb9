"""Personuppgifter i portalen: one person's page (themself, or the city-wide security function
for anyone), its export as a registerutdrag (CSV or JSON), the security function's list of
people, and pseudonymisation with a confirmation step."""

from __future__ import annotations

import html
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from isms.exports import Column, export_response
from isms.views import list_context, paginate

from . import personal_data as selectors
from . import services_people
from .forms_people import PeopleFilterForm, PseudonymiseForm

EXPORT_FORMATS = ("csv", "json")


@require_GET
def my_personal_data(request):
    """Mina personuppgifter: what the portal holds about the signed-in person."""
    return _page(request, request.user)


@require_GET
def personal_data(request, pk):
    return _page(request, selectors.person_for_user_or_404(user=request.user, pk=pk))


def _page(request, person):
    fmt = request.GET.get("format")
    if fmt is not None and fmt not in EXPORT_FORMATS:
        raise Http404
    data = selectors.personal_data(person=person)
    if fmt is not None:
        return _export(data, fmt)
    return render(request, "sparbarhet/personal_data.html", {
        "data": data, "events_html": _events_html(data.latest_events),
        "person": person, "is_self": person.pk == request.user.pk,
        "sees_anyone": selectors.may_see_anyone(request.user),
        "may_pseudonymise": selectors.may_see_anyone(request.user)
        and person.pk != request.user.pk and data.pseudonymisation is None,
    })


def _events_html(events: list[dict]) -> SafeString:
    """The rows of the latest events' table, built once in Python (through the template's
    loop, with a ``|date`` and a ``{% blocktranslate count %}`` per row, they cost more than
    the queries). The template's markup, row for row; every value escaped as the template's
    autoescaping does (``html.escape`` of its text: what ``django.utils.html.escape`` does,
    without its lazy-string wrapper per value), the time in local time as
    ``|date:"Y-m-d H:i"`` writes it."""
    rows = []
    for e in events:
        when = e["occurred_at"]
        if when is not None and timezone.is_aware(when):
            when = timezone.localtime(when)
        when = f"{when:%Y-%m-%d %H:%M}" if when is not None else ""
        if e["object_id"]:
            what = f"#{_escape(e['object_id'])}"
        else:
            n = e["count"]
            what = f"({_escape(ngettext('%(n)s objekt', '%(n)s objekt', n) % {'n': n})})"
        rows.append(
            f"<tr><td>{_escape(e['seq'])}</td><td>{when}</td><td>{_escape(e['kind'])}</td>"
            f"<td>{_escape(e['action'])}</td><td>{_escape(e['object_type'])} {what}</td>"
            f"<td>{_escape(e['unit'] or '–')}</td><td>{_escape(e['client_address'] or '–')}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


def _escape(value) -> str:
    return html.escape(str(value))


def _export(data, fmt: str):
    stamp = timezone.localdate().isoformat()
    filename = f"registerutdrag-{data.person.pk}-{stamp}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(selectors.export_json(data), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    columns = [Column(_("Avsnitt"), lambda r: r[0]), Column(_("Uppgift"), lambda r: r[1]),
               Column(_("Värde"), lambda r: r[2])]
    response = export_response(rows=selectors.export_rows(data), columns=columns,
                               title=filename, fmt="csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@require_GET
def people(request):
    """The security function picks a person (also those who have left)."""
    if not selectors.may_see_anyone(request.user):
        raise PermissionDenied
    filters = PeopleFilterForm(request.GET or None)
    page = paginate(request, selectors.people(**filters.filters()))
    return render(request, "sparbarhet/people.html", list_context(request, filters, page))


@require_http_methods(["GET", "POST"])
def pseudonymise(request, pk):
    """A confirmation page, then the pseudonymisation (POST). The security function only:
    anyone else gets 404 for another person (as on the person's page) and 403 for themself."""
    person = selectors.person_for_user_or_404(user=request.user, pk=pk)
    if not selectors.may_see_anyone(request.user):
        raise PermissionDenied
    refusal = services_people.refusal(actor=request.user, person=person)
    form = PseudonymiseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            record = services_people.person_pseudonymise(actor=request.user, person=person)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Personen är pseudonymiserad som %(pseudonym)s.")
                             % {"pseudonym": record.pseudonym})
            return redirect("sparbarhet:personal_data", pk=person.pk)
    return render(request, "sparbarhet/pseudonymise.html", {
        "person": person, "form": form, "refusal": refusal,
        "memberships": selectors.memberships_now(person=person),
        "pseudonym": services_people.pseudonym_for(person),
    })
