"""Writes to the supplier register: keyword-only, atomic, validated, with the actor in the
history. The views decide who may call them (``permissions``); the link services check the IT
service's edit right themselves too, since a link changes another unit's record."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from isms.dates import local_today
from isms.integrity import unique_violation_as_validation_error
from isms.locking import versioned_update
from nämnder import access

from . import orgnr, permissions
from .models import Supplier

SUPPLIER_FIELDS = (
    "name", "org_number", "contact", "dpa_in_place", "dpa_signed_on", "dpa_location", "notes",
    "is_active",
)


def _prepared(fields: dict) -> dict:
    """Trimmed name and a normalised organisation number (Swedish errors on the fields)."""
    fields = {k: v for k, v in fields.items() if k in SUPPLIER_FIELDS}
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
    if "org_number" in fields:
        try:
            fields["org_number"] = orgnr.normalise(fields["org_number"])
        except ValidationError as exc:
            raise ValidationError({"org_number": exc.messages}) from exc
    return fields


def _check_unique(supplier: Supplier) -> None:
    """Duplicates as field errors before the database's constraints would refuse them (the
    constraints' own messages cover a simultaneous save)."""
    others = Supplier.objects.exclude(pk=supplier.pk) if supplier.pk else Supplier.objects.all()
    errors = {}
    if supplier.name and (twin := others.filter(name__iexact=supplier.name).first()):
        errors["name"] = _(
            "Det finns redan en leverantör som heter %(name)s. Använd den i stället."
        ) % {"name": twin.name}
    if supplier.org_number and (
        twin := others.filter(org_number=supplier.org_number).first()
    ):
        errors["org_number"] = _(
            "Organisationsnumret är redan registrerat för %(name)s."
        ) % {"name": twin.name}
    if errors:
        raise ValidationError(errors)


def _check_dpa(supplier: Supplier) -> None:
    """A personuppgiftsbiträdesavtal in place has a date (not in the future) and a place where
    it is kept, so an auditor can find it; without an agreement neither is recorded."""
    errors = {}
    if supplier.dpa_in_place:
        if supplier.dpa_signed_on in (None, ""):
            errors["dpa_signed_on"] = _("Ange när personuppgiftsbiträdesavtalet tecknades.")
        if not supplier.dpa_location.strip():
            errors["dpa_location"] = _(
                "Ange var avtalet förvaras, t.ex. diarienummer eller avtalsdatabas."
            )
    elif supplier.dpa_signed_on not in (None, "") or supplier.dpa_location.strip():
        errors["dpa_in_place"] = _(
            "Markera att personuppgiftsbiträdesavtal finns, eller ta bort datum och "
            "förvaringsplats."
        )
    signed_on = supplier.dpa_signed_on
    if isinstance(signed_on, dt.date) and signed_on > local_today():
        errors["dpa_signed_on"] = _("Datumet då avtalet tecknades kan inte ligga i framtiden.")
    if errors:
        raise ValidationError(errors)


def _check(supplier: Supplier) -> None:
    """Every rule at once, as field errors: the fields' own validation (which also turns the
    values into their types), duplicates and the agreement rules. The database constraints'
    own (Swedish) messages remain for a simultaneous save."""
    errors = {}
    try:
        supplier.clean_fields()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for check in (_check_unique, _check_dpa):
        try:
            check(supplier)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def supplier_create(*, actor, it_services=(), **fields) -> Supplier:
    """Register a supplier and link it to ``it_services`` (each one the actor may change)."""
    supplier = Supplier(**_prepared(fields))
    _check(supplier)
    supplier.full_clean()
    supplier._history_user = actor
    with unique_violation_as_validation_error(supplier):
        supplier.save()
    for service in it_services:
        supplier_link_service(actor=actor, supplier=supplier, service=service)
    return supplier


@transaction.atomic
def supplier_update(
    *, actor, supplier: Supplier, expected_version: int | None, **fields
) -> Supplier:
    """Change the facts; a stale version is refused (``isms.locking``). Links change through
    ``supplier_link_service`` / ``supplier_unlink_service``."""
    prepared = _prepared(fields)
    # The rules on the values as they will be saved, as field errors, before the model's
    # validation would report a duplicate as a constraint; the agreement rules once more on the
    # locked row.
    _check(Supplier(pk=supplier.pk, **{
        f: prepared.get(f, getattr(supplier, f)) for f in SUPPLIER_FIELDS
    }))
    return versioned_update(
        instance=supplier, actor=actor, expected_version=expected_version, fields=prepared,
        allowed=SUPPLIER_FIELDS, check=_check_dpa,
    )


def _require_may_link(actor, service) -> None:
    if actor is None:
        return  # the system itself (a migration, a seeder)
    if not permissions.may_link(actor, service):
        raise PermissionDenied(_("Du får inte ändra it-tjänsten %(name)s.") % {"name": service.name})
    access.require_unit_writable(actor, service.unit)


@transaction.atomic
def supplier_link_service(*, actor, supplier: Supplier, service) -> bool:
    """Link ``service`` to ``supplier`` (a historical record of the supplier with its links,
    by ``actor``). Returns False when it was linked already."""
    _require_may_link(actor, service)
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if supplier.it_services.filter(pk=service.pk).exists():
        return False
    supplier._history_user = actor
    supplier.it_services.add(service)
    return True


@transaction.atomic
def supplier_unlink_service(*, actor, supplier: Supplier, service) -> bool:
    """Remove the link; False when there was none."""
    _require_may_link(actor, service)
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if not supplier.it_services.filter(pk=service.pk).exists():
        return False
    supplier._history_user = actor
    supplier.it_services.remove(service)
    return True
