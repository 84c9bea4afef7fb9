"""Versioned classifications of an information asset and their assessments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE

from .assets import InformationAsset
from .reference import Aspect, ConsequenceCategory


class ClassificationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")
    APPROVED = "approved", _("Fastställd")
    SUPERSEDED = "superseded", _("Ersatt")


OPEN_STATUSES = (ClassificationStatus.DRAFT, ClassificationStatus.SUBMITTED)


class Classification(models.Model):
    asset = models.ForeignKey(
        InformationAsset, verbose_name=_("informationsmängd"), on_delete=models.CASCADE,
        related_name="classifications",
    )
    number = models.PositiveIntegerField(_("versionsnummer"))
    status = models.CharField(
        _("status"), max_length=20, choices=ClassificationStatus.choices,
        default=ClassificationStatus.DRAFT,
    )
    profile = models.CharField(_("profil"), max_length=60, blank=True, validators=ONE_LINE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("påbörjad av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inskickad av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("fastställd av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    review_due = models.DateField(_("ska ses över senast"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("ersatt"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True, validators=MULTI_LINE)
    below_minimum_motivation = models.TextField(
        _("motivering till lägre nivå än föreslagen"), blank=True, validators=MULTI_LINE,
        help_text=_("Krävs när en aspekt får lägre nivå än personuppgifterna föreslår."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klassning")
        verbose_name_plural = _("klassningar")
        ordering = ["asset", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "number"], name="unique_classification_number"),
        ]

    def __str__(self):
        return f"{self.asset} v{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ClassificationAssessment(models.Model):
    """The consequence for one aspect in one category: a level and its motivation."""

    classification = models.ForeignKey(
        Classification, verbose_name=_("klassning"), on_delete=models.CASCADE,
        related_name="assessments",
    )
    aspect = models.ForeignKey(Aspect, verbose_name=_("aspekt"), on_delete=models.PROTECT)
    category = models.ForeignKey(
        ConsequenceCategory, verbose_name=_("konsekvenskategori"), on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField(_("nivå"))
    motivation = models.TextField(_("motivering"), blank=True, validators=MULTI_LINE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("konsekvensbedömning")
        verbose_name_plural = _("konsekvensbedömningar")
        ordering = ["aspect__order", "category__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "aspect", "category"], name="unique_assessment_cell"
            ),
        ]

    def __str__(self):
        return f"{self.aspect.code}/{self.category}: {self.level}"


class ClassificationAspectLevel(models.Model):
    """One aspect's level of a classification: the highest level of its assessments in the
    *active* consequence categories (``levels.aspect_levels``); no row when the aspect has no
    such assessment.

    Derived from the assessments and the categories' ``is_active``, so not in any history: kept
    in the same transaction by every service that writes assessments or retires or reactivates a
    category (``services.classification_levels_refresh``). The IT-service list and page and the
    action plans take their maximum over a unit's or a service's approved classifications here
    instead of over every assessment (one row per aspect instead of one per category)."""

    classification = models.ForeignKey(
        Classification, verbose_name=_("klassning"), on_delete=models.CASCADE,
        related_name="aspect_levels",
    )
    aspect = models.ForeignKey(
        Aspect, verbose_name=_("aspekt"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("nivå"))

    class Meta:
        verbose_name = _("aspektnivå")
        verbose_name_plural = _("aspektnivåer")
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "aspect"], name="unique_classification_aspect_level"
            ),
        ]

    def __str__(self):
        return f"{self.classification} {self.aspect_id}: {self.level}"
