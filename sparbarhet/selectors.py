"""Reads of the audit trail's state."""

from __future__ import annotations

from .models import ChainHead, Verification


def chain_head() -> ChainHead:
    return ChainHead.objects.filter(pk=1).first() or ChainHead(seq=0)


def latest_verification() -> Verification | None:
    return Verification.objects.order_by("-started_at", "-id").first()


def verifications(*, limit: int = 30) -> list[Verification]:
    return list(Verification.objects.order_by("-started_at", "-id")[:limit])
