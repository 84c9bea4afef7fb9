"""The required profile kept on each IT service (``ITService.required_profile``).

The classifications are the truth: a service needs, per aspect, the highest level of the approved
classifications of the assets linked to it (säkerhetsskydd assets left out), written as a profile
(``K3 R2 T2 S3``, ``levels.profile_for``). The column mirrors that so the IT service list and its
export read it as a plain column instead of grouping every listed service's asset links (a service
shared by the whole city has hundreds).

Kept in the same transaction by every service that can change it: approving a classification
(which supersedes the one before), linking or unlinking an asset and a service
(``services.assets``), retiring or reactivating a consequence category, and an aspect's change in
the admin (its code and order are the profile's text). Bulk loaders (``klassning.scale``) call
:func:`service_profile_refresh` for everything they wrote; the data migration
``0021_itservice_required_profile`` runs the same computation (``selectors.required_profiles``); ``manage.py service_profiles``
compares the kept values with a recomputation (and ``--fix`` repairs them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .. import selectors
from ..models import ITService


def service_profile_mismatches(service_ids: Iterable[int] | None = None) -> list[tuple[int, str, str]]:
    """(service id, kept profile, recomputed profile) of each service whose kept
    ``required_profile`` differs from a recomputation: empty when the column is right."""
    ids = None if service_ids is None else list(service_ids)
    services = ITService.objects.order_by("pk")
    if ids is not None:
        services = services.filter(pk__in=ids)
    computed = selectors.required_profiles(ids)
    return [
        (pk, kept, computed.get(pk, ""))
        for pk, kept in services.values_list("pk", "required_profile")
        if kept != computed.get(pk, "")
    ]


def service_profile_refresh(*, service_ids: Iterable[int] | None = None) -> int:
    """Recompute the kept profile of the services ``service_ids`` (or of every service) and
    write the ones that changed; returns how many. The services' rows are locked first (in
    key order), so two approvals of assets sharing a service, committed at once, each
    recompute after the other's commit: neither overwrites the other's levels. Derived data:
    no history record, the service's ``version`` and ``updated_at`` stay."""
    ids = None if service_ids is None else sorted(set(service_ids))
    if ids == []:
        return 0
    with transaction.atomic(savepoint=False):
        services = ITService.objects.select_for_update().order_by("pk")
        if ids is not None:
            services = services.filter(pk__in=ids)
        kept = dict(services.values_list("pk", "required_profile"))
        computed = selectors.required_profiles(None if ids is None else list(kept))
        changed = [
            ITService(pk=pk, required_profile=computed.get(pk, ""))
            for pk, profile in kept.items() if profile != computed.get(pk, "")
        ]
        if changed:
            ITService.objects.bulk_update(changed, ["required_profile"], batch_size=500)
    return len(changed)
