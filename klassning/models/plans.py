"""Action plans: catalogue requirements that approved classifications put on a unit (organisational)
or on an IT service (technical), each with a self-assessed status."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE
from nämnder.models import OrganisationUnit

from .assets import ITService
from .reference import Requirement


class PlanStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ej påbörjad")
    IN_PROGRESS = "in_progress", _("Pågår")
    FULFILLED = "fulfilled", _("Uppfylld")
    NOT_APPLICABLE = "not_applicable", _("Ej tillämplig")


# Open statuses: a requirement with a passed due date in one of these is overdue.
OPEN_PLAN_STATUSES = (PlanStatus.NOT_STARTED, PlanStatus.IN_PROGRESS)


def evidence_upload_to(instance, filename: str) -> str:
    """``bevis/<year>/<random>.<ext>`` under MEDIA_ROOT: the name says nothing and is never
    a public URL; the file is served only by the evidence view, which asks the access rules."""
    from django.utils import timezone

    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"bevis/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class PlanItem(models.Model):
    requirement = models.ForeignKey(
        Requirement, verbose_name=_("krav"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.NOT_STARTED
    )
    motivation = models.TextField(
        _("motivering"), blank=True,
        help_text=_("Krävs när kravet bedöms som ej tillämpligt."),
        validators=MULTI_LINE,
    )
    responsible = models.CharField(_("ansvarig"), max_length=200, blank=True, validators=ONE_LINE)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ansvarig i portalen"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("En portalanvändare som ansvarar för kravet (i stället för eller utöver namnet)."),
    )
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    is_current = models.BooleanField(
        _("gäller"), default=True,
        help_text=_("Nej när ingen fastställd klassning längre kräver kravet (statusen sparas)."),
    )
    required_level = models.PositiveSmallIntegerField(_("nivå som kräver kravet"), default=0)
    evidence_note = models.TextField(
        _("underlag (anteckning)"), blank=True,
        help_text=_("Hur kravet är uppfyllt, t.ex. var rutinen finns eller vad som är gjort."),
        validators=MULTI_LINE,
    )
    evidence_link = models.URLField(
        _("underlag (länk)"), max_length=500, blank=True,
        help_text=_("Länk till dokumentation, t.ex. i ärende- eller dokumenthanteringssystemet."),
        validators=ONE_LINE,
    )
    evidence_file = models.FileField(
        _("underlag (fil)"), upload_to=evidence_upload_to, max_length=200, blank=True,
    )
    evidence_file_name = models.CharField(
        _("filnamn"), max_length=200, blank=True, editable=False, validators=ONE_LINE,
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def clean(self):
        if self.status == PlanStatus.NOT_APPLICABLE and not self.motivation.strip():
            raise ValidationError(
                {"motivation": _("Motivera varför kravet inte är tillämpligt.")}
            )
        if self.status == PlanStatus.FULFILLED and not self.has_evidence:
            raise ValidationError({
                "evidence_note": _(
                    "Ange underlag för att kravet är uppfyllt: en anteckning, en länk eller "
                    "en fil."
                )
            })

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_note.strip() or self.evidence_link or self.evidence_file)

    def is_overdue_on(self, day) -> bool:
        """A due date in the past on a requirement not yet fulfilled (nor ruled out)."""
        return bool(self.due_date and self.due_date < day and self.status in OPEN_PLAN_STATUSES)


class UnitRequirement(PlanItem):
    """An organisational requirement on a unit's action plan."""

    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("enhet"), on_delete=models.CASCADE,
        related_name="plan_items",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("krav i åtgärdsplan")
        verbose_name_plural = _("krav i åtgärdsplaner")
        ordering = ["requirement__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "requirement"], name="unique_unit_requirement"),
        ]

    def __str__(self):
        return f"{self.unit}: {self.requirement.code}"


class ServiceRequirement(PlanItem):
    """A technical requirement on an IT service (what the förvaltningsledare receives)."""

    it_service = models.ForeignKey(
        ITService, verbose_name=_("it-tjänst"), on_delete=models.CASCADE,
        related_name="requirement_items",
    )
    # Receipt by the IT service's owner ("Kvittera mottagna krav"); cleared when the
    # requirement is new or applies again, so it shows as not yet acknowledged.
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("kvitterad av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("kvitterad"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("krav på it-tjänst")
        verbose_name_plural = _("krav på it-tjänster")
        ordering = ["requirement__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["it_service", "requirement"], name="unique_service_requirement"
            ),
        ]

    def __str__(self):
        return f"{self.it_service}: {self.requirement.code}"
