"""The unit's Statement of Applicability and its own statement per control."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
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
        request, rows=iter(rows), columns=exports.soa_columns(),
        title=_("Tillämplighetsförklaring %(unit)s") % {"unit": unit.short_name},
    ):
        return response
    return render(request, "ledningssystem/soa.html", {
        "unit": unit, "rows": rows, "figures": selectors.statement_figures(rows),
        "can_edit": access.can(request.user, access.EDIT_RECORDS, unit), "query": "",
    })


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
