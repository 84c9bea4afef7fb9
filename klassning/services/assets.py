"""Writes to information assets and IT services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from isms.integrity import unique_violation_as_validation_error
from isms.locking import versioned_update
from nämnder import access

from .. import selectors
from ..models import ASSET_DETAIL_FIELDS, InformationAsset, ITService, PersonalData
from .plans import plans_recompute_for_service
from .security_protection import scrub_asset_history
from .service_profile import service_profile_refresh

ASSET_FIELDS = (
    "name", "description", "process", "responsible", "personal_data", "osl_secrecy",
    "osl_provision", "archive_rule", "security_protection", "security_protection_note",
)
IT_SERVICE_FIELDS = ("name", "kind", "manager", "owner", "supplier", "description")


def _check_security_protection(asset: InformationAsset, it_services) -> None:
    """A säkerhetsskydd asset holds only its name, unit and a note: refuse anything more."""
    if not asset.security_protection:
        if asset.security_protection_note.strip():
            raise ValidationError({
                "security_protection_note": _(
                    "Noteringen används bara för informationsmängder under säkerhetsskydd."
                )
            })
        return
    message = _(
        "Uppgiften får inte registreras för information som hanteras enligt "
        "säkerhetsskyddslagen. Den hanteras utanför portalen."
    )
    errors = {f: message for f in ASSET_DETAIL_FIELDS if str(getattr(asset, f) or "").strip()}
    if asset.personal_data != PersonalData.NONE:
        errors["personal_data"] = message
    if asset.osl_secrecy:
        errors["osl_secrecy"] = message
    if it_services:
        errors["it_services"] = message
    if asset.pk and asset.classifications.exists():
        errors["security_protection"] = _(
            "Informationsmängden har redan klassningar i portalen. Kontakta "
            "säkerhetsskyddschefen innan den markeras som säkerhetsskydd."
        )
    if errors:
        raise ValidationError(errors)


def _check_service_links(asset: InformationAsset, it_services) -> None:
    """A new link must be to an IT service the asset's unit owns or uses: linking changes the
    service's requirement list, which is the owning unit's business. Links already there stay."""
    before = set(asset.it_services.values_list("pk", flat=True)) if asset.pk else set()
    new_ids = {s.pk for s in it_services} - before
    if not new_ids:
        return
    allowed = set(
        selectors.services_of_units(units=[asset.unit_id]).filter(pk__in=new_ids)
        .values_list("pk", flat=True)
    )
    if new_ids - allowed:
        raise ValidationError({
            "it_services": _(
                "Informationsmängden kan bara kopplas till it-tjänster som %(unit)s äger "
                "eller använder."
            ) % {"unit": asset.unit.name}
        })


def _set_it_services(*, actor, asset: InformationAsset, it_services) -> None:
    """Links are changed from the IT service's side, so each change is a historical record of
    the service (with its links) written by ``actor``."""
    before = set(asset.it_services.all())
    after = set(it_services)
    if before == after:
        return
    for service in after - before:
        service._history_user = actor
        service.assets.add(asset)
    for service in before - after:
        service._history_user = actor
        service.assets.remove(asset)
    # The levels the services linked or unlinked need: the asset's approved classification
    # counts for them now, or no longer.
    service_profile_refresh(service_ids=[s.pk for s in before ^ after])
    for service in before ^ after:
        plans_recompute_for_service(actor=actor, service=service)


@transaction.atomic
def asset_create(*, actor, unit, it_services=(), **fields) -> InformationAsset:
    access.require_unit_writable(actor, unit)
    asset = InformationAsset(unit=unit, **{k: v for k, v in fields.items() if k in ASSET_FIELDS})
    asset.full_clean()
    _check_security_protection(asset, it_services)
    _check_service_links(asset, it_services)
    asset._history_user = actor
    with unique_violation_as_validation_error(asset):
        asset.save()
    _set_it_services(actor=actor, asset=asset, it_services=it_services)
    return asset


@transaction.atomic
def asset_update(
    *, actor, asset: InformationAsset, expected_version: int | None, it_services=None, **fields
) -> InformationAsset:
    access.require_unit_writable(actor, asset.unit)

    def check_links(fresh: InformationAsset) -> None:
        links = list(fresh.it_services.all()) if it_services is None else list(it_services)
        _check_security_protection(fresh, links)
        _check_service_links(fresh, links)

    asset = versioned_update(
        instance=asset, actor=actor, expected_version=expected_version, fields=fields,
        allowed=ASSET_FIELDS, check=check_links,
    )
    if it_services is not None:
        _set_it_services(actor=actor, asset=asset, it_services=it_services)
    if asset.security_protection:
        # Flagged: earlier details leave the history too, in this transaction (idempotent).
        scrub_asset_history(asset_id=asset.pk)
    return asset


@transaction.atomic
def it_service_create(*, actor, unit, user_units=(), **fields) -> ITService:
    access.require_unit_writable(actor, unit)
    service = ITService(unit=unit, **{k: v for k, v in fields.items() if k in IT_SERVICE_FIELDS})
    service.full_clean()
    service._history_user = actor
    service.save()
    service.user_units.set(user_units)
    return service


@transaction.atomic
def it_service_update(
    *, actor, service: ITService, expected_version: int | None, user_units=None, **fields
) -> ITService:
    access.require_unit_writable(actor, service.unit)
    service = versioned_update(
        instance=service, actor=actor, expected_version=expected_version, fields=fields,
        allowed=IT_SERVICE_FIELDS,
    )
    if user_units is not None:
        service.user_units.set(user_units)
    return service
