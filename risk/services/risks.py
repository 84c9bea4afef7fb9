"""Writes of risks: register, change, accept, close."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isms.locking import versioned_update
from nämnder import access

from .. import matrix as risk_matrix
from ..models import OPEN_ACTION_STATUSES, Risk, RiskStatus, Treatment
from .rules import check_assessment, check_links, check_people, is_unit_chief

RISK_FIELDS = (
    "analysis", "title", "threat", "vulnerability", "consequence_description", "owner",
    "existing_controls", "inherent_likelihood", "inherent_consequence", "treatment",
    "treatment_motivation", "residual_likelihood", "residual_consequence", "status",
    "next_follow_up", "in_internal_control_plan",
)
LINK_FIELDS = (
    "aspects", "information_assets", "it_services", "suppliers", "cited_unit_requirements",
    "cited_service_requirements",
)
# Statuses a risk form may set; accepted and closed are decisions of their own.
FORM_STATUSES = (RiskStatus.IDENTIFIED, RiskStatus.IN_TREATMENT)
ASSESSMENT_FIELDS = (
    "inherent_likelihood", "inherent_consequence", "residual_likelihood", "residual_consequence",
)


def _check(risk: Risk, links: dict, matrix, *, status_before=None) -> None:
    check_assessment(risk, matrix)
    if risk.status != status_before and risk.status not in FORM_STATUSES:
        raise ValidationError({"status": _(
            "En risk accepteras eller stängs med knapparna Acceptera och Stäng på riskens sida."
        )})
    if risk.analysis_id and risk.analysis.unit_id != risk.unit_id:
        raise ValidationError({"analysis": _("Välj en riskanalys i samma enhet.")})
    check_people(risk.unit, {"owner": risk.owner})
    check_links(
        risk.unit,
        information_assets=links.get("information_assets") or (),
        it_services=links.get("it_services") or (),
        unit_requirements=links.get("cited_unit_requirements") or (),
        service_requirements=links.get("cited_service_requirements") or (),
    )


def _status_now(risk: Risk) -> str:
    """The stored status (the row is locked and re-read by ``versioned_update``, which sets the
    new status before its checks run)."""
    return Risk.objects.select_for_update().filter(pk=risk.pk).values_list(
        "status", flat=True
    ).first()


def _set_links(risk: Risk, links: dict, actor) -> None:
    risk._history_user = actor
    for name, values in links.items():
        if values is not None:
            getattr(risk, name).set(values)


@transaction.atomic
def risk_create(*, actor, unit, matrix=None, **fields) -> Risk:
    access.require_unit_writable(actor, unit)
    matrix = matrix or risk_matrix.load()
    links = {k: list(fields.pop(k)) for k in LINK_FIELDS if k in fields}
    risk = Risk(unit=unit, created_by=actor,
                **{k: v for k, v in fields.items() if k in RISK_FIELDS})
    risk.full_clean()
    _check(risk, links, matrix, status_before=RiskStatus.IDENTIFIED)
    risk._history_user = actor
    risk.save()
    _set_links(risk, links, actor)
    return risk


@transaction.atomic
def risk_update(*, actor, risk: Risk, expected_version: int | None, matrix=None, **fields) -> Risk:
    """A changed assessment of an accepted risk voids the acceptance: the risk is under
    treatment again until someone accepts the new level."""
    access.require_unit_writable(actor, risk.unit)
    matrix = matrix or risk_matrix.load()
    links = {k: (list(fields.pop(k)) if fields.get(k) is not None else None)
             for k in LINK_FIELDS if k in fields}
    before = Risk.objects.get(pk=risk.pk)

    def check(fresh: Risk) -> None:
        current = {k: (v if v is not None else list(getattr(fresh, k).all()))
                   for k, v in links.items()}
        _check(fresh, current, matrix, status_before=before.status)
        if fresh.status == RiskStatus.ACCEPTED and any(
            getattr(fresh, f) != getattr(before, f) for f in ASSESSMENT_FIELDS
        ):
            fresh.status = RiskStatus.IN_TREATMENT
            fresh.accepted_by, fresh.accepted_at = None, None
            fresh.acceptance_motivation, fresh.accepted_level = "", ""
            fresh.accepted_above_criterion = False

    risk = versioned_update(
        instance=risk, actor=actor, expected_version=expected_version, fields=fields,
        allowed=RISK_FIELDS, check=check,
    )
    _set_links(risk, links, actor)
    return risk


@transaction.atomic
def risk_accept(*, actor, risk: Risk, expected_version: int | None, motivation: str,
                matrix=None) -> Risk:
    """Accept the risk at its current level (residual when assessed). Above the acceptance
    criterion only the unit's chief may; below it whoever approves the unit's records (the
    samordnare too). The decision is recorded: who, when, why and at which level."""
    access.require_unit_writable(actor, risk.unit)
    if not access.can(actor, access.APPROVE, risk.unit):
        raise PermissionDenied
    matrix = matrix or risk_matrix.load()

    was_closed = _status_now(risk) == RiskStatus.CLOSED

    def check(fresh: Risk) -> None:
        # Judged on the locked row (``fresh``), not on the copy the request loaded: an edit that
        # committed in between must not slip a higher level past the criterion.
        value = fresh.current_value
        level = matrix.level_for(value)
        above = matrix.above_criterion(value)
        fresh.accepted_level = level.name if level else str(value)
        fresh.accepted_above_criterion = above
        if was_closed:
            raise ValidationError(_("En stängd risk kan inte accepteras."))
        if above and not is_unit_chief(actor, fresh.unit):
            raise ValidationError(_(
                "Risken ligger på nivån %(level)s, över acceptanskriteriet (%(criterion)s). "
                "Bara enhetens förvaltnings- eller bolagschef kan acceptera den."
            ) % {
                "level": level.name if level else value,
                "criterion": matrix.acceptance.name if matrix.acceptance else "–",
            })
        if not (motivation or "").strip():
            raise ValidationError({"motivation": _("Motivera varför risken accepteras.")})

    fields = {
        "status": RiskStatus.ACCEPTED, "accepted_by": actor, "accepted_at": timezone.now(),
        "acceptance_motivation": (motivation or "").strip(),
    }
    if not risk.treatment:
        fields["treatment"] = Treatment.ACCEPT
        fields["treatment_motivation"] = (motivation or "").strip()
    return versioned_update(
        instance=risk, actor=actor, expected_version=expected_version, fields=fields,
        allowed=tuple(fields), check=check,
    )


@transaction.atomic
def risk_close(*, actor, risk: Risk, expected_version: int | None, motivation: str = "") -> Risk:
    """Close the risk: its actions are done (or cancelled), or the decision is motivated."""
    access.require_unit_writable(actor, risk.unit)
    if not access.can(actor, access.EDIT_RECORDS, risk.unit):
        raise PermissionDenied

    was_closed = _status_now(risk) == RiskStatus.CLOSED

    def check(fresh: Risk) -> None:
        if was_closed:
            raise ValidationError(_("Risken är redan stängd."))
        open_actions = fresh.actions.filter(status__in=OPEN_ACTION_STATUSES).count()
        if open_actions and not (motivation or "").strip():
            raise ValidationError({"motivation": _(
                "Risken har %(n)s åtgärder som inte är genomförda. Motivera varför den stängs "
                "ändå."
            ) % {"n": open_actions}})

    return versioned_update(
        instance=risk, actor=actor, expected_version=expected_version,
        fields={"status": RiskStatus.CLOSED, "closing_motivation": (motivation or "").strip()},
        allowed=("status", "closing_motivation"), check=check,
    )
