"""From classification to risk: the sections this app adds to an IT service's, an information
asset's and an action-plan requirement's page (``isms.plugins.register_object_panel``), and
the prefill of a risk started from a requirement.

Each context shows only what the person may see (the risks through ``nämnder.access``) and is
None when there is nothing useful to show."""

from __future__ import annotations

import datetime as dt

from django.utils.http import urlencode
from django.utils.translation import gettext as _

from isms.converters import is_id
from isms.dates import local_today
from isms.plugins import static_href
from nämnder import access

from . import selectors

# A requirement this long past its due date is "long overdue": offer to turn it into a risk.
LONG_OVERDUE = dt.timedelta(days=90)


def _risks(request, obj):
    """The risks concerning ``obj`` the person may see, with their levels (the matrix is read
    only when there are risks: a page without any pays one query)."""
    risks, count = selectors.risks_for_object(user=request.user, obj=obj)
    if risks:
        matrix = selectors.active_matrix()
        for risk in risks:
            risk.level = matrix.level_for(risk.score)
    return risks, count


def _may_register(user, unit) -> bool:
    return access.can(user, access.EDIT_RECORDS, unit) and unit.is_active


def it_service_panel(request, obj):
    risks, count = _risks(request, obj)
    may_start = _may_register(request.user, obj.unit)
    if not risks and not may_start:
        return None
    query = urlencode({"it_service": obj.pk, "unit": obj.unit_id})
    return {
        "risks": risks, "count": count, "more_href": None,
        "start_href": f"{static_href('risk:analysis_create')}?{query}" if may_start else None,
        "new_risk_href": f"{static_href('risk:risk_create')}?{query}" if may_start else None,
        "heading": _("Risker som gäller it-tjänsten"),
    }


def asset_panel(request, obj):
    if obj.security_protection:
        return None  # säkerhetsskydd: nothing about it is recorded here
    risks, count = _risks(request, obj)
    may_start = _may_register(request.user, obj.unit)
    if not risks and not may_start:
        return None
    query = urlencode({"asset": obj.pk, "unit": obj.unit_id})
    return {
        "risks": risks, "count": count,
        "start_href": f"{static_href('risk:analysis_create')}?{query}" if may_start else None,
        "new_risk_href": f"{static_href('risk:risk_create')}?{query}" if may_start else None,
        "heading": _("Risker som gäller informationsmängden"),
    }


def supplier_panel(request, obj):
    """On a supplier's page (``leverantorer``): the risks about the supplier the person may see,
    and *Registrera risk* with the supplier filled in for those who register risks."""
    risks, count = _risks(request, obj)
    may_register = selectors.may_register_any(user=request.user)
    if not risks and not may_register:
        return None
    return {
        "risks": risks, "count": count,
        "new_risk_href": (
            f"{static_href('risk:risk_create')}?{urlencode({'supplier': obj.pk})}"
            if may_register else None
        ),
        "heading": _("Risker som gäller leverantören"),
    }


def _requirement_unit(obj):
    return obj.unit if hasattr(obj, "unit_id") else obj.it_service.unit


def requirement_is_risk_candidate(obj, today=None) -> bool:
    """Ej tillämplig, or long past its due date without being fulfilled."""
    from klassning.models import PlanStatus

    today = today or local_today()
    if obj.status == PlanStatus.NOT_APPLICABLE:
        return True
    return bool(obj.is_overdue_on(today - LONG_OVERDUE))


def requirement_panel(request, obj):
    risks, count = _risks(request, obj)
    unit = _requirement_unit(obj)
    offer = requirement_is_risk_candidate(obj) and _may_register(request.user, unit)
    if not risks and not offer:
        return None
    kind = "unit_requirement" if hasattr(obj, "unit_id") else "service_requirement"
    return {
        "risks": risks, "count": count,
        "convert_href": (
            f"{static_href('risk:risk_create')}?{urlencode({kind: obj.pk, 'unit': unit.pk})}"
            if offer else None
        ),
        "heading": _("Risker som hänvisar till kravet"),
    }


def prefill_from_requirement(request, user, klassning) -> dict:
    """``?unit_requirement=`` / ``?service_requirement=``: a risk to accept, citing the
    requirement that is not applied (or long overdue). Nothing for one the user may not see."""
    from django.http import Http404

    for key, getter, field in (
        ("unit_requirement", klassning.unit_plan_item_get, "cited_unit_requirements"),
        ("service_requirement", klassning.service_plan_item_get, "cited_service_requirements"),
    ):
        value = request.GET.get(key, "")
        if not is_id(value):
            continue
        try:
            item = getter(user=user, pk=int(value))
        except Http404:
            return {}
        code, title = item.requirement.code, item.requirement.title
        initial = {
            field: [item.pk], "unit": _requirement_unit(item).pk,
            "title": _("Kravet %(code)s tillämpas inte: %(title)s") % {
                "code": code, "title": title
            },
            "vulnerability": _("Säkerhetskravet %(code)s i åtgärdsplanen är inte uppfyllt.") % {
                "code": code
            },
            "treatment": "accept",
        }
        if item.motivation:
            initial["treatment_motivation"] = item.motivation
        if getattr(item, "it_service_id", None):
            initial["it_services"] = [item.it_service_id]
        return initial
    return {}
