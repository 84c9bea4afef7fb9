"""The classification workflow: utkast → inskickad → fastställd → ersatt.

The aspect's level is the highest consequence over the categories: it is always computed here,
whatever the browser showed while filling in.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from isms.audit import bulk_create_with_history, bulk_update_with_history
from isms.dates import add_months
from isms.integrity import unique_violation_as_validation_error
from isms.locking import check_version
from isms.validators import reject_control_characters_multiline
from nämnder import access

from .. import notifications
from ..guidance import suggested_minimums
from ..levels import aspect_levels, profile_for
from ..models import (
    OPEN_STATUSES,
    Aspect,
    Classification,
    ClassificationAssessment,
    ClassificationLevel,
    ClassificationSettings,
    ClassificationStatus,
    ConsequenceCategory,
    InformationAsset,
)
from .classification_levels import classification_levels_refresh
from .classification_rules import Problem, classification_problems
from .classification_state import classification_state_refresh
from .plans import plans_recompute_for_service, plans_recompute_for_unit
from .service_profile import service_profile_refresh


def _active(classification: Classification):
    """Judgements in active categories only: the ones ``aspect_levels`` may count."""
    return classification.assessments.filter(category__is_active=True)


def _refuse_security_protection(asset: InformationAsset) -> None:
    if asset.security_protection:
        raise ValidationError(
            _(
                "Informationsmängden hanteras enligt säkerhetsskyddslagen utanför portalen. "
                "Klassningsuppgifter registreras inte här."
            ),
            code="security_protection",
        )


def _locked(classification: Classification, expected_version, actor) -> Classification:
    obj = Classification.objects.select_for_update().select_related("asset__unit").get(
        pk=classification.pk
    )
    access.require_unit_writable(actor, obj.asset.unit)
    check_version(obj, expected_version)
    _refuse_security_protection(obj.asset)
    return obj


def _save(obj: Classification, actor) -> None:
    obj.full_clean()
    obj.version += 1
    obj._history_user = actor
    obj.save()


@transaction.atomic
def classification_start(*, actor, asset: InformationAsset) -> Classification:
    """A new draft. A reclassification starts from the approved classification's judgements."""
    asset = InformationAsset.objects.select_for_update().select_related("unit").get(pk=asset.pk)
    access.require_unit_writable(actor, asset.unit)
    _refuse_security_protection(asset)
    open_exists = ValidationError(
        _("Det finns redan en klassning under arbete för informationsmängden."),
        code="open_exists",
    )
    if asset.classifications.filter(status__in=OPEN_STATUSES).exists():
        raise open_exists
    number = (asset.classifications.aggregate(n=Max("number"))["n"] or 0) + 1
    previous = (
        asset.classifications.filter(status=ClassificationStatus.APPROVED).first()
    )
    classification = Classification(
        asset=asset, number=number, created_by=actor,
        profile=profile_for(aspect_levels(_active(previous))) if previous else "",
        below_minimum_motivation=previous.below_minimum_motivation if previous else "",
    )
    classification.full_clean()
    classification._history_user = actor
    # Two starts at once (a double-click) both pass the check above where the row lock is
    # not serialising them: the second one's number is taken.
    with unique_violation_as_validation_error(error=open_exists):
        classification.save()
    if previous is not None:
        copies = [
            ClassificationAssessment(
                classification=classification, aspect_id=a.aspect_id, category_id=a.category_id,
                level=a.level, motivation=a.motivation,
            )
            for a in _active(previous)
        ]
        bulk_create_with_history(copies, ClassificationAssessment, default_user=actor)
    classification_levels_refresh(classification_id=classification.pk)
    classification_state_refresh(asset_id=asset.pk)
    return classification


@transaction.atomic
def classification_save(
    *, actor, classification: Classification, expected_version: int | None,
    assessments: dict[tuple[int, int], tuple[int | None, str]], comment: str | None = None,
    below_minimum_motivation: str | None = None, submit: bool = False,
) -> Classification:
    """Store the judgements of a draft: ``{(aspect_id, category_id): (level, motivation)}``,
    and the reason for a level below what the personal data suggests (None: unchanged).

    A cell without a level is left out (a draft may be incomplete). With ``submit`` the draft
    is also sent for approval, all or nothing: if it is incomplete nothing is saved.
    """
    obj = _locked(classification, expected_version, actor)
    if obj.status != ClassificationStatus.DRAFT:
        raise ValidationError(_("Bara ett utkast kan ändras."), code="not_draft")
    valid_levels = set(ClassificationLevel.objects.values_list("value", flat=True))
    aspects = list(Aspect.objects.all())
    aspect_ids = {a.pk for a in aspects}
    category_ids = set(ConsequenceCategory.objects.filter(is_active=True).values_list("pk", flat=True))
    existing = {(a.aspect_id, a.category_id): a for a in obj.assessments.all()}
    to_create, to_update, to_delete = [], [], []
    for (aspect_id, category_id), (level, motivation) in assessments.items():
        if aspect_id not in aspect_ids or category_id not in category_ids:
            raise ValidationError(_("Okänd aspekt eller konsekvenskategori."), code="unknown_cell")
        if level is not None and level not in valid_levels:
            raise ValidationError(_("Ogiltig nivå: %(level)s.") % {"level": level}, code="level")
        motivation = (motivation or "").strip()
        # Bulk writes skip full_clean(): check the motivation's rule here.
        reject_control_characters_multiline(motivation)
        current = existing.get((aspect_id, category_id))
        if level is None:
            if current is not None:
                to_delete.append(current.pk)
            continue
        if current is None:
            to_create.append(ClassificationAssessment(
                classification=obj, aspect_id=aspect_id, category_id=category_id,
                level=level, motivation=motivation,
            ))
        elif (current.level, current.motivation) != (level, motivation):
            current.level, current.motivation = level, motivation
            to_update.append(current)
    if to_delete:
        for a in ClassificationAssessment.objects.filter(pk__in=to_delete):
            a._history_user = actor
            a.delete()
    if to_create:
        bulk_create_with_history(to_create, ClassificationAssessment, default_user=actor)
    if to_update:
        bulk_update_with_history(
            to_update, ClassificationAssessment, ["level", "motivation"], default_user=actor
        )
    if comment is not None:
        obj.comment = comment
    if below_minimum_motivation is not None:
        obj.below_minimum_motivation = below_minimum_motivation.strip()
    obj.profile = profile_for(aspect_levels(_active(obj)), aspects)
    _save(obj, actor)
    classification_levels_refresh(classification_id=obj.pk)
    if submit:
        return classification_submit(actor=actor, classification=obj, expected_version=obj.version)
    return obj


def submit_problems(classification: Classification) -> list[Problem]:
    """What keeps the stored classification from being sent for approval (see
    ``classification_rules``): missing levels, missing motivations, a level below the
    personal data's suggested minimum without a reason."""
    return classification_problems(
        cells={
            (a.aspect_id, a.category_id): (a.level, a.motivation)
            for a in _active(classification)
        },
        aspects=list(Aspect.objects.all()),
        categories=list(ConsequenceCategory.objects.filter(is_active=True)),
        minimums=suggested_minimums(asset=classification.asset),
        below_minimum_motivation=classification.below_minimum_motivation,
    )


@transaction.atomic
def classification_submit(
    *, actor, classification: Classification, expected_version: int | None
) -> Classification:
    obj = _locked(classification, expected_version, actor)
    if obj.status != ClassificationStatus.DRAFT:
        raise ValidationError(_("Bara ett utkast kan skickas in."), code="not_draft")
    problems = submit_problems(obj)
    if problems:
        raise ValidationError(
            ngettext(
                "Klassningen är inte komplett: %(n)s uppgift saknas. %(first)s",
                "Klassningen är inte komplett: %(n)s uppgifter saknas. Den första: %(first)s",
                len(problems),
            ) % {"n": len(problems), "first": problems[0].describe()},
            code="incomplete",
        )
    obj.status = ClassificationStatus.SUBMITTED
    obj.submitted_by = actor
    obj.submitted_at = timezone.now()
    _save(obj, actor)
    classification_state_refresh(asset_id=obj.asset_id)
    notifications.classification_submitted(actor=actor, classification=obj)
    return obj


@transaction.atomic
def classification_return(
    *, actor, classification: Classification, expected_version: int | None, comment: str = ""
) -> Classification:
    """The approver sends a submitted classification back to draft, with a comment."""
    obj = _locked(classification, expected_version, actor)
    if obj.status != ClassificationStatus.SUBMITTED:
        raise ValidationError(_("Bara en inskickad klassning kan skickas tillbaka."))
    if not access.can(actor, access.APPROVE, obj.asset.unit):
        raise PermissionDenied
    submitter = obj.submitted_by
    obj.status = ClassificationStatus.DRAFT
    obj.comment = comment
    obj.submitted_by, obj.submitted_at = None, None
    _save(obj, actor)
    classification_state_refresh(asset_id=obj.asset_id)
    notifications.classification_returned(actor=actor, classification=obj, submitter=submitter)
    return obj


@transaction.atomic
def classification_approve(
    *, actor, classification: Classification, expected_version: int | None, today=None
) -> Classification:
    """Fastställ: by the unit's chief or coordinator, never by the person who submitted it.

    The approved classification before it becomes *ersatt*; the unit's and the IT services'
    plans are recomputed.
    """
    obj = _locked(classification, expected_version, actor)
    if obj.status != ClassificationStatus.SUBMITTED:
        raise ValidationError(_("Bara en inskickad klassning kan fastställas."), code="not_submitted")
    asset = obj.asset
    if not access.can(actor, access.APPROVE, asset.unit):
        raise PermissionDenied
    if obj.submitted_by_id == actor.pk:
        raise ValidationError(
            _(
                "Du kan inte fastställa en klassning som du själv har skickat in. "
                "En annan chef eller samordnare i enheten behöver fastställa den."
            ),
            code="self_approval",
        )
    now = timezone.now()
    for previous in asset.classifications.filter(status=ClassificationStatus.APPROVED):
        previous.status = ClassificationStatus.SUPERSEDED
        previous.superseded_at = now
        _save(previous, actor)
    interval = ClassificationSettings.current().review_interval_months
    obj.status = ClassificationStatus.APPROVED
    obj.approved_by = actor
    obj.approved_at = now
    obj.review_due = add_months(today or timezone.localdate(), interval)
    obj.profile = profile_for(aspect_levels(_active(obj)))
    _save(obj, actor)
    # The judgements do not change here; the levels are written once more all the same, so
    # what the plans below read is this classification's as it is approved.
    classification_levels_refresh(classification_id=obj.pk)
    classification_state_refresh(asset_id=asset.pk)
    it_services = list(asset.it_services.all())
    # The levels the asset's IT services need (the superseded classification's no longer count).
    service_profile_refresh(service_ids=[s.pk for s in it_services])
    plans_recompute_for_unit(actor=actor, unit=asset.unit)
    for service in it_services:
        plans_recompute_for_service(actor=actor, service=service)
    notifications.classification_approved(actor=actor, classification=obj)
    return obj
