"""Who the classification workflow tells what: the texts and recipients, one function per event.

Called from klassning's services (inside the service's transaction); everything goes through
:func:`notifieringar.services.notify`, which stores the notification and e-mails it once after
the commit. The notifications app itself names no other app.
"""

from __future__ import annotations

import hashlib

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from notifieringar.models import NotificationKind
from notifieringar.services import notify
from nämnder import access


def _name(user) -> str:
    if user is None:
        return _("Någon")
    return user.get_full_name() or user.username


def _facts(classification) -> dict:
    asset = classification.asset
    return {"asset": asset.name, "unit": asset.unit.name, "number": classification.number}


def classification_submitted(*, actor, classification) -> list[int]:
    """Ask the unit's approvers (chief, coordinator), never the submitter, to approve."""
    unit = classification.asset.unit
    recipients = access.unit_holders(access.APPROVE, unit).exclude(pk=actor.pk)
    return notify(
        recipients=recipients, kind=NotificationKind.CLASSIFICATION_SUBMITTED, unit=unit,
        title=_("Klassning att fastställa: %(asset)s") % _facts(classification),
        body=_(
            "%(person)s har skickat in klassning %(number)s av informationsmängden %(asset)s "
            "(%(unit)s) för fastställande. Som förvaltnings-/bolagschef eller "
            "informationssäkerhetssamordnare i enheten kan du fastställa den eller skicka "
            "tillbaka den med en kommentar. Den som skickade in klassningen kan inte själv "
            "fastställa den."
        ) % {"person": _name(actor), **_facts(classification)},
        link=reverse("klassning:classification_detail", args=[classification.pk]),
        dedupe_key=f"klassning:{classification.pk}:v{classification.version}",
    )


def classification_approved(*, actor, classification) -> list[int]:
    """Tell the person who submitted the classification that it is approved."""
    submitter = classification.submitted_by
    if submitter is None or submitter.pk == actor.pk:
        return []
    review_due = (
        formats.date_format(classification.review_due, "Y-m-d")
        if classification.review_due else "–"
    )
    return notify(
        recipients=[submitter], kind=NotificationKind.CLASSIFICATION_APPROVED,
        unit=classification.asset.unit,
        title=_("Klassningen är fastställd: %(asset)s") % _facts(classification),
        body=_(
            "%(person)s har fastställt klassning %(number)s av informationsmängden %(asset)s "
            "(%(unit)s). Skyddsnivåer: %(profile)s. Klassningen ska ses över senast "
            "%(review_due)s. Kraven i åtgärdsplanen är uppdaterade."
        ) % {
            "person": _name(actor), "profile": classification.profile,
            "review_due": review_due, **_facts(classification),
        },
        link=reverse("klassning:classification_detail", args=[classification.pk]),
        dedupe_key=f"klassning:{classification.pk}:v{classification.version}",
    )


def classification_returned(*, actor, classification, submitter) -> list[int]:
    """Tell the submitter that the classification came back to draft, with the comment."""
    if submitter is None or submitter.pk == actor.pk:
        return []
    body = _(
        "%(person)s har skickat tillbaka klassning %(number)s av informationsmängden %(asset)s "
        "(%(unit)s). Den är ett utkast igen som du kan ändra och skicka in på nytt."
    ) % {"person": _name(actor), **_facts(classification)}
    if classification.comment.strip():
        body += "\n\n" + _("Kommentar: %(comment)s") % {"comment": classification.comment.strip()}
    return notify(
        recipients=[submitter], kind=NotificationKind.CLASSIFICATION_RETURNED,
        unit=classification.asset.unit,
        title=_("Klassningen har skickats tillbaka: %(asset)s") % _facts(classification),
        body=body,
        link=reverse("klassning:classification_edit", args=[classification.pk]),
        dedupe_key=f"klassning:{classification.pk}:v{classification.version}",
    )


def service_requirements_added(*, actor, service, items) -> list[int]:
    """Tell the IT service's owner (förvaltningsledare/systemägare in the portal) that new
    technical requirements wait for their acknowledgement (riktlinje point 8)."""
    owner = service.owner
    if owner is None or not items or (actor is not None and owner.pk == actor.pk):
        return []
    codes = sorted(item.requirement.code for item in items)
    # A requirement that applies again later is new again: the key names the items' versions.
    key = ",".join(sorted(f"{item.pk}.{item.version}" for item in items))
    if len(key) > 150:  # many items with city-scale ids: the key field holds 200 characters
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return notify(
        recipients=[owner], kind=NotificationKind.REQUIREMENT_ADDED, unit=service.unit,
        title=_("Nya säkerhetskrav på %(service)s") % {"service": service.name},
        body=_(
            "It-tjänsten %(service)s (%(unit)s), som du är förvaltningsledare eller systemägare "
            "för, har fått %(count)s nya tekniska säkerhetskrav från informationsklassningen: "
            "%(codes)s. Kvittera att du tagit emot dem och rapportera status per krav i portalen."
        ) % {
            "service": service.name, "unit": service.unit.name, "count": len(codes),
            "codes": ", ".join(codes),
        },
        link=reverse("klassning:service_detail", args=[service.pk]),
        dedupe_key=f"krav:{service.pk}:{key}",
    )
