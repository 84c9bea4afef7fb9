"""The classification state kept on each information asset (``InformationAsset.latest_status``,
``approved_profile``, ``review_due`` and the two classification links).

The classifications are the truth; these columns mirror them so the asset lists filter, sort and
page on indexed columns instead of evaluating subqueries per row. Every service that changes a
classification's status calls :func:`classification_state_refresh` in its own transaction;
bulk loaders (seeders, imports) call it once for everything they wrote.
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import Classification, ClassificationStatus, InformationAsset


def classification_state_values(classifications: QuerySet | None = None) -> dict:
    """Expressions for ``InformationAsset`` rows (``OuterRef("pk")``): the latest
    classification, its status, and the approved one's profile and review date."""
    classifications = classifications if classifications is not None else Classification.objects
    latest = classifications.filter(asset_id=OuterRef("pk")).order_by("-number")
    approved = latest.filter(status=ClassificationStatus.APPROVED)
    return {
        "latest_classification_id": Subquery(latest.values("id")[:1]),
        "latest_status": Coalesce(Subquery(latest.values("status")[:1]), Value("")),
        "current_classification_id": Subquery(approved.values("id")[:1]),
        "approved_profile": Coalesce(Subquery(approved.values("profile")[:1]), Value("")),
        "review_due": Subquery(approved.values("review_due")[:1]),
    }


def classification_state_refresh(*, assets: QuerySet | None = None, asset_id: int | None = None) -> int:
    """Recompute the state of one asset (``asset_id``), of ``assets``, or of every asset, in one
    UPDATE. Not a change of the asset: no history record, ``updated_at`` stays."""
    if asset_id is not None:
        assets = InformationAsset.objects.filter(pk=asset_id)
    elif assets is None:
        assets = InformationAsset.objects.all()
    return assets.update(**classification_state_values())
