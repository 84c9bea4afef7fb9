"""Writes of treatment actions (åtgärder) and risk analyses."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from isms.locking import versioned_update
from nämnder import access

from ..models import RiskAction, RiskAnalysis, ScopeKind
from .rules import check_links, check_people

ACTION_FIELDS = (
    "description", "responsible", "due_date", "status", "fulfils_unit_requirement",
    "fulfils_service_requirement",
)
ANALYSIS_FIELDS = (
    "title", "analysed_on", "scope_kind", "it_service", "information_asset",
    "scope_description", "method", "participants",
)


def _check_action(action: RiskAction) -> None:
    unit = action.risk.unit
    check_people(unit, {"responsible": action.responsible})
    errors = {}
    try:
        check_links(
            unit,
            unit_requirements=[action.fulfils_unit_requirement]
            if action.fulfils_unit_requirement else (),
            service_requirements=[action.fulfils_service_requirement]
            if action.fulfils_service_requirement else (),
        )
    except ValidationError as exc:
        names = {"cited_unit_requirements": "fulfils_unit_requirement",
                 "cited_service_requirements": "fulfils_service_requirement"}
        errors = {names[k]: v for k, v in exc.message_dict.items()}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_create(*, actor, risk, **fields) -> RiskAction:
    access.require_unit_writable(actor, risk.unit)
    action = RiskAction(risk=risk, **{k: v for k, v in fields.items() if k in ACTION_FIELDS})
    action.full_clean()
    _check_action(action)
    action._history_user = actor
    action.save()
    return action


@transaction.atomic
def action_update(*, actor, action: RiskAction, expected_version: int | None, **fields):
    access.require_unit_writable(actor, action.risk.unit)
    return versioned_update(
        instance=action, actor=actor, expected_version=expected_version, fields=fields,
        allowed=ACTION_FIELDS, check=_check_action,
    )


def _check_analysis(analysis: RiskAnalysis) -> None:
    from klassning import selectors as klassning

    errors = {}
    if analysis.scope_kind == ScopeKind.IT_SERVICE and analysis.it_service_id is None:
        errors["it_service"] = _("Välj it-tjänsten som analyseras.")
    if analysis.scope_kind == ScopeKind.INFORMATION_ASSET and analysis.information_asset_id is None:
        errors["information_asset"] = _("Välj informationsmängden som analyseras.")
    if analysis.information_asset_id and analysis.information_asset.unit_id != analysis.unit_id:
        errors["information_asset"] = _("Välj en informationsmängd som enheten äger.")
    if analysis.it_service_id and not klassning.services_of_units(
        units=[analysis.unit]
    ).filter(pk=analysis.it_service_id).exists():
        errors["it_service"] = _("Välj en it-tjänst som enheten äger eller använder.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def analysis_create(*, actor, unit, **fields) -> RiskAnalysis:
    access.require_unit_writable(actor, unit)
    analysis = RiskAnalysis(
        unit=unit, created_by=actor, **{k: v for k, v in fields.items() if k in ANALYSIS_FIELDS}
    )
    analysis.full_clean()
    _check_analysis(analysis)
    analysis._history_user = actor
    analysis.save()
    return analysis


@transaction.atomic
def analysis_update(*, actor, analysis: RiskAnalysis, expected_version: int | None, **fields):
    access.require_unit_writable(actor, analysis.unit)
    return versioned_update(
        instance=analysis, actor=actor, expected_version=expected_version, fields=fields,
        allowed=ANALYSIS_FIELDS, check=_check_analysis,
    )
