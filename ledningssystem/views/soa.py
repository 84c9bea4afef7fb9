"""The unit's Statement of Applicability and its own statement per control."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from isms.locking import add_errors
from isms.views import export_if_requested
from nämnder import access

from .. import exports, selectors, services
from ..forms import StatementForm
from ..selectors.soa import control_get


def soa(request, unit_pk):
    unit = access.get_unit_or_404(request.user, unit_pk)
    rows = selectors.statement_rows(unit=unit)
    if response := export_if_requested(
        request, rows=iter(rows), columns=exports.soa_columns,
        title=_("Tillämplighetsförklaring %(unit)s") % {"unit": unit.short_name},
    ):
        return response
    can_edit = access.can(request.user, access.EDIT_RECORDS, unit)
    if can_edit:  # one reverse for the ~90 controls' links, not one each
        link = _control_url(unit)
        for row in rows:
            row["edit_url"] = link(row["control_id"])
    return render(request, "ledningssystem/soa.html", {
        "unit": unit, "rows_html": _rows_html(rows, can_edit=can_edit),
        "figures": selectors.statement_figures(rows), "can_edit": can_edit, "query": "",
    })


def _rows_html(rows: list[dict], *, can_edit: bool) -> SafeString:
    """The table's ``<tr>`` of each control, built once in Python: through the template's loop
    the ~90 rows cost more than the page's queries. The markup is the template's, row for
    row; every value is escaped (``escape``, as the template's autoescaping)."""
    parts = []
    for r in rows:
        control_id = escape(r["control_id"])
        head = (f'<a href="{escape(r["edit_url"])}">{control_id}</a>' if can_edit
                else control_id)
        if r["title"]:
            head += f' {escape(r["title"])}'
        how = ""
        if r["justification"]:
            how = escape(r["justification"]) + ("<br>" if r["how_met"] else "")
        how += escape(r["how_met"])
        parts.append(
            f'\n    <tr><th scope="row">{head}</th><td>{escape(r["theme"])}</td>'
            f'<td>{escape(r["applicability_label"])}</td>'
            f'<td>{escape(r["implementation_label"] or "–")}</td><td>{how}</td></tr>\n  '
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


_MARK = "kontroll-9182736450"


def _control_url(unit):
    """``control_id -> reverse("ledningssystem:soa_edit", args=[unit.pk, control_id])``,
    reversed once (a ``<str:…>`` part, quoted as ``reverse`` quotes it)."""
    head, _sep, tail = reverse("ledningssystem:soa_edit", args=[unit.pk, _MARK]).partition(_MARK)

    def link(control_id: str) -> str:
        if not control_id or "/" in control_id:
            return reverse("ledningssystem:soa_edit", args=[unit.pk, control_id])
        return f"{head}{quote(control_id, safe=RFC3986_SUBDELIMS + '/~:@')}{tail}"

    return link


def soa_edit(request, unit_pk, control_id):
    unit = access.get_unit_or_404(request.user, unit_pk, perm=access.EDIT_RECORDS)
    control = control_get(control_id=control_id)
    row = next(r for r in selectors.statement_rows(unit=unit) if r["control"].pk == control.pk)
    form = StatementForm(request.POST or None, statement=row["statement"])
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.statement_set(actor=request.user, unit=unit, control=control,
                                   expected_version=data.pop("version"), **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Kontrollens bedömning är sparad."))
            return redirect("ledningssystem:soa", unit_pk=unit.pk)
    return render(request, "ledningssystem/soa_edit.html", {
        "unit": unit, "row": row, "form": form,
    })
