"""Writes of the handover to IT-service owners: acknowledging receipt of requirements."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from isms.audit import bulk_update_with_history
from nämnder import access

from ..models import ITService, ServiceRequirement


@transaction.atomic
def service_requirements_acknowledge(*, actor, service: ITService) -> int:
    """"Kvittera mottagna krav": the service's owner confirms receipt of every current
    requirement not yet acknowledged (one click per service). Records who and when on each
    item, in its history too; a requirement added later shows as new until the next
    acknowledgement. Returns how many were acknowledged."""
    service = ITService.objects.select_for_update().get(pk=service.pk)
    if not (actor.is_active and service.owner_id == actor.pk):
        raise PermissionDenied
    access.require_unit_writable(actor, service.unit)
    items = list(
        ServiceRequirement.objects.select_for_update()
        .filter(it_service=service, is_current=True, acknowledged_at__isnull=True)
    )
    now = timezone.now()
    for item in items:
        item.acknowledged_by, item.acknowledged_at = actor, now
        item._history_user = actor
    if items:
        bulk_update_with_history(
            items, ServiceRequirement, ["acknowledged_by", "acknowledged_at"], default_user=actor
        )
    return len(items)
