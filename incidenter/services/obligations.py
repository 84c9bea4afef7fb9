"""Writes to an incident's reporting obligations (deadlines, notifications sent) and actions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isms.locking import versioned_update
from nämnder import access

from ..deadlines import obligation_deadline
from ..models import (
    CLOSED_STATUSES,
    ActionStatus,
    Applicability,
    Incident,
    IncidentAction,
    IncidentObligation,
    ReportingObligation,
    UnitCyberLawScope,
)
from .incidents_common import CLOCK_SKEW
from .next_deadline import next_deadline_refresh

OBLIGATION_FIELDS = ("applies", "motivation", "sent_at", "authority_reference", "late_reason")
ACTION_FIELDS = ("description", "responsible", "due_date", "status", "motivation")


def _ordered(items):
    """Predecessors first (an obligation that follows another is computed after it)."""
    done, ordered, pending = set(), [], list(items)
    while pending:
        rest = []
        for item in pending:
            follows = item.obligation.follows_id
            if follows is None or follows in done or follows not in {
                    i.obligation_id for i in pending}:
                ordered.append(item)
                done.add(item.obligation_id)
            else:
                rest.append(item)
        if len(rest) == len(pending):  # a cycle in the reference data: keep the rest as is
            ordered.extend(rest)
            break
        pending = rest
    return ordered


def _deadline_for(item: IncidentObligation, incident: Incident, by_obligation: dict):
    predecessor = by_obligation.get(item.obligation.follows_id)
    return obligation_deadline(
        item.obligation, discovered_at=incident.discovered_at,
        predecessor_sent_at=predecessor.sent_at if predecessor else None,
        predecessor_deadline=predecessor.deadline if predecessor else None,
    )


@transaction.atomic
def obligations_ensure(*, actor, incident: Incident) -> list[IncidentObligation]:
    """One row per active reporting obligation (not yet assessed), with its deadline. In a unit
    cybersäkerhetslagen does not cover (``UnitCyberLawScope``), the obligations under the act
    are preset to "gäller inte" with a motivation; the handler can still change them."""
    existing = {i.obligation_id: i for i in incident.obligations.select_related("obligation")}
    covered = None
    for obligation in ReportingObligation.objects.filter(is_active=True):
        if obligation.pk not in existing:
            item = IncidentObligation(incident=incident, obligation=obligation)
            if obligation.cyber_security_act:
                if covered is None:
                    covered = UnitCyberLawScope.covers(incident.unit)
                if not covered:
                    item.applies = Applicability.NOT_APPLICABLE
                    item.motivation = _("Enheten omfattas inte av cybersäkerhetslagen")
            existing[obligation.pk] = item
    by_obligation = {}
    for item in _ordered(existing.values()):
        if item.pk is None:
            item.deadline = _deadline_for(item, incident, by_obligation)
            item._history_user = actor
            item.save()
        by_obligation[item.obligation_id] = item
    next_deadline_refresh(incident_ids=[incident.pk])
    return list(existing.values())


@transaction.atomic
def obligations_recompute(*, actor, incident: Incident) -> None:
    """Recompute every deadline (after the discovery time or a notification changed)."""
    items = list(incident.obligations.select_related("obligation").select_for_update(of=("self",)))
    by_obligation = {}
    for item in _ordered(items):
        deadline = _deadline_for(item, incident, by_obligation)
        if deadline != item.deadline:
            item.deadline = deadline
            item._history_user = actor
            item.save(update_fields=["deadline"])
        by_obligation[item.obligation_id] = item
    next_deadline_refresh(incident_ids=[incident.pk])


def _check_obligation(item: IncidentObligation) -> None:
    errors = {}
    if item.applies == Applicability.NOT_APPLICABLE and not item.motivation.strip():
        errors["motivation"] = _("Motivera varför skyldigheten inte gäller.")
    if item.sent_at is not None:
        if item.applies != Applicability.APPLIES:
            errors["applies"] = _("En skickad anmälan gäller: markera ”Ja, ska anmälas”.")
        if item.sent_at > timezone.now() + CLOCK_SKEW:
            errors["sent_at"] = _("Tidpunkten kan inte ligga i framtiden.")
        elif item.sent_at < item.incident.discovered_at:
            errors["sent_at"] = _("Anmälan kan inte ha skickats innan incidenten upptäcktes.")
        elif item.sent_at > item.deadline and not item.late_reason.strip():
            errors["late_reason"] = _(
                "Anmälan skickades efter fristen (%(deadline)s). Ange skälen till förseningen."
            ) % {"deadline": timezone.localtime(item.deadline).strftime("%Y-%m-%d %H:%M")}
    elif item.authority_reference.strip():
        errors["sent_at"] = _("Ange när anmälan skickades.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def obligation_update(*, actor, item: IncidentObligation, expected_version: int | None,
                      **fields) -> IncidentObligation:
    """Assess whether an obligation applies, and record the notification sent (when, the
    authority's reference, and why it was late if it was)."""
    incident = item.incident
    access.require_unit_writable(actor, incident.unit)
    # The incident's row first (as ``incident_update`` and ``next_deadline_refresh`` lock it),
    # then the obligation's: its status as stored, and one order of locks for every write.
    status = Incident.objects.select_for_update().values_list("status", flat=True).get(
        pk=incident.pk)
    if status in CLOSED_STATUSES:
        raise ValidationError(_("Incidenten är stängd. Öppna den igen för att ändra den."))
    item = versioned_update(
        instance=item, actor=actor, expected_version=expected_version, fields=fields,
        allowed=OBLIGATION_FIELDS, check=_check_obligation,
    )
    if item.obligation.followed_by.exists():
        obligations_recompute(actor=actor, incident=incident)  # (keeps ``next_deadline``)
        item.refresh_from_db()
    else:
        next_deadline_refresh(incident_ids=[incident.pk])
    return item


def _check_action(action: IncidentAction) -> None:
    if action.status in (ActionStatus.NOT_DONE, ActionStatus.MOVED_TO_RISK) and \
            not action.motivation.strip():
        raise ValidationError({"motivation": _(
            "Motivera varför åtgärden inte genomförs eller var den hanteras i riskregistret.")})


@transaction.atomic
def action_create(*, actor, incident: Incident, **fields) -> IncidentAction:
    access.require_unit_writable(actor, incident.unit)
    if incident.is_closed:
        raise ValidationError(_("Incidenten är stängd. Öppna den igen för att ändra den."))
    action = IncidentAction(incident=incident, **{
        k: v for k, v in fields.items() if k in ACTION_FIELDS})
    action.full_clean(exclude=["incident"])
    _check_action(action)
    action._history_user = actor
    action.save()
    return action


@transaction.atomic
def action_update(*, actor, action: IncidentAction, expected_version: int | None,
                  **fields) -> IncidentAction:
    access.require_unit_writable(actor, action.incident.unit)
    if action.incident.is_closed:
        raise ValidationError(_("Incidenten är stängd. Öppna den igen för att ändra den."))
    return versioned_update(
        instance=action, actor=actor, expected_version=expected_version, fields=fields,
        allowed=ACTION_FIELDS, check=_check_action,
    )
