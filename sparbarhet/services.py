"""Writing the audit trail: a change for every historical record, a read for every logged read
of protected information. Called by the signal receivers (``signals``) and the kernel's read hook
(``isms.audit``), in the caller's transaction."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from isms import audit, plugins
from isms.client_ip import client_ip_address

from . import chain
from .models import BreakReview, EventKind, Verification


def _unit_lookups() -> dict[str, str]:
    return {source.model.lower(): source.unit_lookup for source in plugins.history_sources()}


class _UnitResolver:
    """The unit of each historical record, through its model's registered ``unit_lookup``
    (``isms.plugins.register_history_source``): an attribute for a direct foreign key, one
    query per related object otherwise (remembered for the batch), nothing for a model without
    a unit (reference data: the city's)."""

    def __init__(self):
        self.lookups = _unit_lookups()
        self.cache: dict = {}

    def unit_of(self, model, record) -> int | None:
        lookup = self.lookups.get(model._meta.label_lower)
        if lookup is None:
            return getattr(record, "unit_id", None)
        if lookup == "id":
            return getattr(record, "id", None)  # the unit itself
        first, _sep, rest = lookup.partition("__")
        if not rest:
            return getattr(record, f"{first}_id", None)
        try:
            field = model._meta.get_field(first)
        except FieldDoesNotExist:
            return None
        related_id = getattr(record, field.attname, None)
        if related_id is None:
            return None
        key = (field.related_model, rest, related_id)
        if key not in self.cache:
            self.cache[key] = (
                field.related_model._default_manager.filter(pk=related_id)
                .values_list(rest, flat=True).first()
            )
        return self.cache[key]


def current_request():
    """The request being served (django-simple-history's middleware keeps it), or None in a
    Celery task, a command or a migration."""
    return getattr(HistoricalRecords.context, "request", None)


def _request_address() -> str | None:
    request = current_request()
    return client_ip_address(request) if request is not None else None


def changes_record(*, history_model, records) -> None:
    """One change event per historical record, in the order written."""
    model = history_model.instance_type
    object_type = model._meta.label_lower
    pk_name = model._meta.pk.attname
    resolver = _UnitResolver()
    address = _request_address()
    events = []
    for record in records:
        pk = getattr(record, pk_name)
        events.append({
            "occurred_at": record.history_date,
            "kind": EventKind.CHANGE,
            "action": record.history_type,
            "actor_id": record.history_user_id,
            "unit_id": resolver.unit_of(model, record),
            "object_type": object_type,
            "object_id": pk if isinstance(pk, int) else None,
            "history_id": record.history_id,
            "client_address": address,
            "details": {} if isinstance(pk, int) else {"pk": str(pk)},
        })
    chain.append(events)


def account_change_record(*, user_id: int, action: str, fields: list[str]) -> None:
    """A person's account created (``+``), changed (``~``: which identity fields, never their
    values) or deleted (``-``), by whoever the current request's user is (``identity``)."""
    request = current_request()
    actor = getattr(request, "user", None)
    chain.append([{
        "occurred_at": timezone.now(),
        "kind": EventKind.CHANGE,
        "action": action,
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
        "unit_id": None,
        "object_type": "auth.user",
        "object_id": user_id,
        "history_id": None,
        "client_address": _request_address(),
        "details": {"fields": fields} if fields else {},
    }])


def reads_record(*, request, model: str, ids: list[int], units: dict, action: str) -> None:
    """A read of protected objects (``isms.audit``'s sink): one event. A page or a download of
    one object names it; an export names every protected object in it under ``details``."""
    user = getattr(request, "user", None)
    actor_id = user.pk if user is not None and user.is_authenticated else None
    unit_ids = sorted({units[pk] for pk in ids if units.get(pk) is not None})
    single = len(ids) == 1 and action != audit.EXPORT
    details = {} if single else {"ids": ids, "units": unit_ids}
    chain.append([{
        "occurred_at": timezone.now(),
        "kind": EventKind.READ,
        "action": action,
        "actor_id": actor_id,
        "unit_id": unit_ids[0] if len(unit_ids) == 1 else None,
        "object_type": model,
        "object_id": ids[0] if single else None,
        "history_id": None,
        "client_address": client_ip_address(request),
        "details": details,
    }])


def trail_verify(*, batch: int = chain.BATCH) -> Verification:
    """Walk the whole chain (``chain.verify``) and record what was found. A broken chain is an
    alarm for the city-wide security function (``alarms.chain_broken``). Breaks the function
    has reviewed (:func:`break_review_record`) are passed, as they were found."""
    started = timezone.now()
    chain.link_pending(wait=True)
    reviewed = frozenset(BreakReview.objects.values_list("fingerprint", flat=True))
    result = chain.verify(batch=batch, reviewed=reviewed)
    if result.ok:
        # The chain must still hold the head the last good run saw (an anchor outside the chain).
        earlier = Verification.objects.filter(ok=True).order_by("-started_at", "-id").first()
        if earlier is not None:
            problem, fp = chain.anchor_check(
                seq=earlier.head_seq, hash_=earlier.head_hash, reviewed=reviewed
            )
            if problem:
                result = chain.Result(False, result.checked, result.head_seq, result.head_hash,
                                      earlier.head_seq, problem, fp, result.passed)
    verification = Verification(
        started_at=started, finished_at=timezone.now(), ok=result.ok,
        events_checked=result.checked, head_seq=result.head_seq, head_hash=result.head_hash,
        first_broken_seq=result.first_broken_seq, message=result.message,
        fingerprint=result.fingerprint, passed_breaks=result.passed,
    )
    verification.full_clean()
    verification.save()
    if not result.ok:
        from . import alarms

        alarms.chain_broken(verification=verification)
    return verification


@transaction.atomic
def break_review_record(*, actor, verification: Verification, conclusion: str) -> BreakReview:
    """The city-wide security function has investigated the break ``verification`` found and
    records its conclusion. From the next verification on, that break (exactly as found) is
    passed and the rest of the chain is checked again."""
    from nämnder import access

    if not access.is_city_security_function(actor):
        raise PermissionDenied
    verification = Verification.objects.select_for_update().get(pk=verification.pk)
    if verification.ok or not verification.fingerprint:
        raise ValidationError(_("Kontrollen fann inget brott att utreda."))
    if BreakReview.objects.filter(fingerprint=verification.fingerprint).exists():
        raise ValidationError(_("Det här brottet är redan utrett."))
    review = BreakReview(
        verification=verification, seq=verification.first_broken_seq or 0,
        fingerprint=verification.fingerprint, conclusion=conclusion.strip(),
        reviewed_by=actor, reviewed_at=timezone.now(),
    )
    review.full_clean()
    review._history_user = actor
    review.save()
    return review


def pending_link(*, now=None) -> int:
    """The sweep (``isms.plugins.register_background_queue``): link what is still pending."""
    return chain.link_pending(wait=True)
