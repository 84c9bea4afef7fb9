"""Writes of reviews and audits, their findings and actions, and of access reviews.

A city-wide audit (no responsible unit) is written by the security function; a unit's audit,
its findings and their actions by the unit's editors (the views ask ``access``; a finding
belongs to one of the audit's units)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from isms.locking import versioned_update
from nämnder import access

from ..models import AccessReview, Audit, Finding, FindingAction

AUDIT_FIELDS = ("kind", "title", "auditor", "independent", "scope", "period_start", "period_end")
FINDING_FIELDS = ("title", "description", "severity", "reference", "status", "unit")
ACTION_FIELDS = ("description", "owner", "due_date", "status", "follow_up")
ACCESS_REVIEW_FIELDS = ("performed_on", "performed_by", "accounts_reviewed", "deviations",
                        "deviation_note", "next_due")


def _check_writer(actor, unit) -> None:
    if unit is None:
        if actor is not None and not access.is_city_security_function(actor):
            raise PermissionDenied
    else:
        access.require_unit_writable(actor, unit)


def _check_audit(audit: Audit) -> None:
    if audit.period_start and audit.period_end and audit.period_end < audit.period_start:
        raise ValidationError({"period_end": _("Perioden kan inte sluta före den börjar.")})


@transaction.atomic
def audit_create(*, actor, unit, units, **fields) -> Audit:
    """``unit``: the responsible unit (None: city-wide); ``units``: the units covered (the
    responsible unit's own audit covers at least itself)."""
    _check_writer(actor, unit)
    units = list(units or ([unit] if unit else []))
    if not units:
        raise ValidationError({"units": _("Välj minst en granskad enhet.")})
    if unit is not None and any(u.pk != unit.pk for u in units):
        raise ValidationError({"units": _("En enhets egen granskning omfattar bara enheten.")})
    audit = Audit(unit=unit, **{k: v for k, v in fields.items() if k in AUDIT_FIELDS})
    audit.full_clean()
    _check_audit(audit)
    audit._history_user = actor
    audit.save()
    audit.units.set(units)
    return audit


@transaction.atomic
def audit_update(*, actor, audit: Audit, expected_version: int | None, units=None, **fields
                 ) -> Audit:
    _check_writer(actor, audit.unit)
    audit = versioned_update(instance=audit, actor=actor, expected_version=expected_version,
                             fields=fields, allowed=AUDIT_FIELDS, check=_check_audit)
    if units is not None and audit.unit is None:
        if not units:
            raise ValidationError({"units": _("Välj minst en granskad enhet.")})
        audit.units.set(units)
    return audit


def _check_finding_unit(finding: Finding) -> None:
    if not finding.audit.units.filter(pk=finding.unit_id).exists():
        raise ValidationError({"unit": _("Välj en av granskningens enheter.")})


@transaction.atomic
def finding_create(*, actor, audit: Audit, unit, **fields) -> Finding:
    access.require_unit_writable(actor, unit)
    finding = Finding(audit=audit, unit=unit,
                      **{k: v for k, v in fields.items() if k in FINDING_FIELDS and k != "unit"})
    finding.full_clean()
    _check_finding_unit(finding)
    finding._history_user = actor
    finding.save()
    return finding


@transaction.atomic
def finding_update(*, actor, finding: Finding, expected_version: int | None, **fields) -> Finding:
    access.require_unit_writable(actor, finding.unit)
    fields.pop("unit", None)  # a finding stays with its unit
    return versioned_update(instance=finding, actor=actor, expected_version=expected_version,
                            fields=fields, allowed=FINDING_FIELDS)


@transaction.atomic
def action_create(*, actor, finding: Finding, **fields) -> FindingAction:
    access.require_unit_writable(actor, finding.unit)
    action = FindingAction(finding=finding, **{k: v for k, v in fields.items() if k in ACTION_FIELDS})
    action.full_clean()
    action._history_user = actor
    action.save()
    return action


@transaction.atomic
def action_update(*, actor, action: FindingAction, expected_version: int | None, **fields
                  ) -> FindingAction:
    access.require_unit_writable(actor, action.finding.unit)
    return versioned_update(instance=action, actor=actor, expected_version=expected_version,
                            fields=fields, allowed=ACTION_FIELDS)


def _check_access_review(review: AccessReview) -> None:
    if review.performed_on and review.next_due and review.next_due <= review.performed_on:
        raise ValidationError({"next_due": _("Nästa uppföljning ska ligga efter den genomförda.")})
    if review.deviations and not review.deviation_note.strip():
        raise ValidationError({"deviation_note": _("Beskriv avvikelserna och vad som görs åt dem.")})


@transaction.atomic
def access_review_create(*, actor, it_service, **fields) -> AccessReview:
    access.require_unit_writable(actor, it_service.unit)
    review = AccessReview(it_service=it_service,
                          **{k: v for k, v in fields.items() if k in ACCESS_REVIEW_FIELDS})
    review.full_clean()
    _check_access_review(review)
    review._history_user = actor
    review.save()
    return review


@transaction.atomic
def access_review_update(*, actor, review: AccessReview, expected_version: int | None, **fields
                         ) -> AccessReview:
    access.require_unit_writable(actor, review.it_service.unit)
    return versioned_update(instance=review, actor=actor, expected_version=expected_version,
                            fields=fields, allowed=ACCESS_REVIEW_FIELDS, check=_check_access_review)
