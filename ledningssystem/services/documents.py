"""Writes of steering documents. A document's decision and file live on its versions: a new
version is a new row, the older ones stay readable.

Rules: a city-wide kind has no unit and only the security function writes it; a local kind
belongs to a unit (written by its editors: the views ask ``access``). A document marked
*beslutad* needs a decision on its latest version (by whom and when) and a file or a link;
without a next review date it gets the decision date plus the kind's review interval."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from isms.dates import add_months
from isms.locking import check_version, versioned_update
from nämnder import access

from ..models import DocumentScope, DocumentStatus, DocumentVersion, SteeringDocument
from . import files

DOCUMENT_FIELDS = ("kind", "title", "owner", "status", "next_review")
VERSION_FIELDS = ("decided_by", "decided_on", "reference", "link", "file", "note")


def _check_writer(actor, unit) -> None:
    if unit is None:
        if actor is not None and not access.is_city_security_function(actor):
            raise PermissionDenied
    else:
        access.require_unit_writable(actor, unit)


def _check_scope(document: SteeringDocument) -> None:
    if document.kind.scope == DocumentScope.CITY and document.unit_id is not None:
        raise ValidationError({"kind": _("Typen gäller stadsövergripande dokument. Välj en lokal "
                                         "typ för en enhets dokument.")})
    if document.kind.scope == DocumentScope.LOCAL and document.unit_id is None:
        raise ValidationError({"kind": _("Typen gäller lokala dokument: välj en enhet.")})


def _check_decided(document: SteeringDocument, latest: DocumentVersion | None) -> None:
    if document.status != DocumentStatus.DECIDED:
        return
    errors = {}
    if latest is None or not latest.decided_on:
        errors["decided_on"] = _("Ett beslutat dokument behöver ett beslutsdatum.")
    if latest is None or not latest.decided_by.strip():
        errors["decided_by"] = _("Ange vem som beslutade dokumentet.")
    if latest is None or not (latest.file or latest.link):
        errors["link"] = _("Ett beslutat dokument behöver en fil eller en länk.")
    if errors:
        raise ValidationError(errors)
    if document.next_review is None:
        try:
            document.next_review = add_months(latest.decided_on,
                                              document.kind.review_interval_months)
        except (ValueError, OverflowError):  # past 9999-12-31
            raise ValidationError({"decided_on": _(
                "Beslutsdatumet ligger för långt fram: nästa översyn går inte att räkna ut."
            )}) from None


def _version(*, actor, document, number: int, fields: dict) -> DocumentVersion:
    upload = fields.get("file")
    if isinstance(upload, UploadedFile):
        files.validate_file(upload)
        fields["file_name"] = files.clean_file_name(upload.name)
    elif not upload:
        fields["file"] = ""
    version = DocumentVersion(document=document, number=number, created_by=actor,
                              **{k: v for k, v in fields.items() if v is not None})
    version.full_clean()
    version._history_user = actor
    version.save()
    return version


@transaction.atomic
def document_create(*, actor, unit, kind, title: str, owner: str,
                    status: str = DocumentStatus.DRAFT, next_review=None, **version_fields
                    ) -> SteeringDocument:
    """A document and its first version (``VERSION_FIELDS``)."""
    _check_writer(actor, unit)
    document = SteeringDocument(unit=unit, kind=kind, title=title, owner=owner, status=status,
                                next_review=next_review)
    _check_scope(document)
    document.full_clean()
    document._history_user = actor
    document.save()
    latest = _version(actor=actor, document=document, number=1, fields={
        k: version_fields.get(k) for k in VERSION_FIELDS
    })
    _check_decided(document, latest)
    document._history_user = actor
    document.save()
    return document


def latest_version(document: SteeringDocument) -> DocumentVersion | None:
    return document.versions.order_by("-number").first()


@transaction.atomic
def document_update(*, actor, document: SteeringDocument, expected_version: int | None,
                    **fields) -> SteeringDocument:
    """Title, owner, kind, status and next review (not the decision: that is a new version)."""
    _check_writer(actor, document.unit)

    def check(fresh):
        _check_scope(fresh)
        _check_decided(fresh, latest_version(fresh))

    return versioned_update(instance=document, actor=actor, expected_version=expected_version,
                            fields=fields, allowed=DOCUMENT_FIELDS, check=check)


@transaction.atomic
def document_new_version(*, actor, document: SteeringDocument, expected_version: int | None,
                         status: str | None = None, next_review=None, **version_fields
                         ) -> SteeringDocument:
    """A new decision and/or file: version n+1. The document's status and next review are set
    with it (a blank next review is computed again from the new decision)."""
    _check_writer(actor, document.unit)
    fresh = SteeringDocument.objects.select_for_update().get(pk=document.pk)
    check_version(fresh, expected_version)
    number = (fresh.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    latest = _version(actor=actor, document=fresh, number=number, fields={
        k: version_fields.get(k) for k in VERSION_FIELDS
    })
    if status:
        fresh.status = status
    fresh.next_review = next_review
    fresh.full_clean()
    _check_decided(fresh, latest)
    fresh.version += 1
    fresh._history_user = actor
    fresh.save()
    return fresh
