"""Every historical record of every app becomes an audit event in the same transaction."""

from __future__ import annotations

from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from isms import audit

from . import services


@receiver(post_create_historical_record, dispatch_uid="sparbarhet_change")
def _record_change(sender, history_instance, **kwargs):
    services.changes_record(history_model=sender, records=[history_instance])


@receiver(audit.history_bulk_created, dispatch_uid="sparbarhet_bulk_changes")
def _record_bulk_changes(sender, records, **kwargs):
    services.changes_record(history_model=sender, records=records)
