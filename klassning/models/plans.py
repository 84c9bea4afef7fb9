"""Action plans: catalogue requirements that approved classifications put on a unit (organisational)
or on an IT service (technical), each with a self-assessed status."""

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
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    is_current = models.BooleanField(
        _("gäller"), default=True,
        help_text=_("Nej när ingen fastställd klassning längre kräver kravet (statusen sparas)."),
    )
    required_level = models.PositiveSmallIntegerField(_("nivå som kräver kravet"), default=0)
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
