"""Reads of the audit trail's state."""

from __future__ import annotations

from django.db.models import Count, Min

from isms.plugins import QueueStatus

from .models import AuditEvent, BreakReview, ChainHead, Verification


def chain_head() -> ChainHead:
    return ChainHead.objects.filter(pk=1).first() or ChainHead(seq=0)


def latest_verification() -> Verification | None:
    return Verification.objects.order_by("-started_at", "-id").first()


def verifications(*, limit: int = 30) -> list[Verification]:
    return list(Verification.objects.order_by("-started_at", "-id")[:limit])


def break_reviews() -> list[BreakReview]:
    """Every investigated break (few: each is an incident), newest first."""
    return list(BreakReview.objects.select_related("reviewed_by", "verification"))


def break_review_of(*, verification: Verification) -> BreakReview | None:
    """The review of the break ``verification`` found, if there is one (the same break found
    again by a later run has the same fingerprint)."""
    if not verification.fingerprint:
        return None
    return (BreakReview.objects.select_related("reviewed_by")
            .filter(fingerprint=verification.fingerprint).first())


def pending_status() -> QueueStatus:
    """Events written while another transaction held the chain's head, not yet linked."""
    pending = AuditEvent.objects.filter(seq__isnull=True).aggregate(
        count=Count("id"), oldest=Min("occurred_at")
    )
    return QueueStatus(waiting=pending["count"], oldest_waiting=pending["oldest"])
