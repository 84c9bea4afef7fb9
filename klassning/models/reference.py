"""Reference data the city-wide security function maintains in the admin.

Seeded by data migrations (``0002_reference_data``, ``0003_requirement_catalogue``); never
hard-coded in views. Levels are referred to by their numeric ``value`` so renaming a level or
changing the scale does not rewrite classifications.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE


class ClassificationLevel(models.Model):
    value = models.PositiveSmallIntegerField(_("värde"), unique=True)
    name = models.CharField(_("benämning"), max_length=100, validators=ONE_LINE)
    description = models.TextField(_("beskrivning"), blank=True, validators=MULTI_LINE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klassningsnivå")
        verbose_name_plural = _("klassningsnivåer")
        ordering = ["value"]

    def __str__(self):
        return f"{self.value} – {self.name}"


class Aspect(models.Model):
    """K, R, T, S: the protected properties of information."""

    code = models.CharField(_("kod"), max_length=2, unique=True, validators=ONE_LINE)
    name = models.CharField(_("namn"), max_length=100, validators=ONE_LINE)
    guidance = models.TextField(_("vägledning"), blank=True, validators=MULTI_LINE)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aspekt")
        verbose_name_plural = _("aspekter")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


class ConsequenceCategory(models.Model):
    code = models.SlugField(_("kod"), max_length=50, unique=True)
    name = models.CharField(_("namn"), max_length=150, validators=ONE_LINE)
    guidance = models.TextField(_("vägledning"), blank=True, validators=MULTI_LINE)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("används"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("konsekvenskategori")
        verbose_name_plural = _("konsekvenskategorier")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class RequirementKind(models.TextChoices):
    TECHNICAL = "technical", _("Teknisk")
    ORGANISATIONAL = "organisational", _("Organisatorisk")


class Requirement(models.Model):
    """A security requirement of the catalogue, applying from ``min_level`` of its aspect."""

    code = models.CharField(_("id"), max_length=30, unique=True, validators=ONE_LINE)
    title = models.CharField(_("krav"), max_length=300, validators=ONE_LINE)
    guidance = models.TextField(_("vägledning"), blank=True, validators=MULTI_LINE)
    aspect = models.ForeignKey(
        Aspect, verbose_name=_("aspekt"), on_delete=models.PROTECT, related_name="requirements"
    )
    min_level = models.PositiveSmallIntegerField(
        _("gäller från nivå"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    kind = models.CharField(_("typ"), max_length=20, choices=RequirementKind.choices)
    iso_controls = models.CharField(
        _("ISO/IEC 27002:2022"), max_length=100, blank=True,
        help_text=_("Kontrollernas id, kommaseparerade, t.ex. 5.15, 8.5."),
        validators=ONE_LINE,
    )
    is_active = models.BooleanField(_("används"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("säkerhetskrav")
        verbose_name_plural = _("säkerhetskrav")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class ClassificationSettings(models.Model):
    """One row: settings of the classification work (review interval, read-log thresholds)."""

    review_interval_months = models.PositiveSmallIntegerField(
        _("granskningsintervall (månader)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Hur länge en fastställd klassning gäller innan den ska ses över."),
    )
    # The read-access log (``klassning.reads``, issue 14): reads of an asset whose approved or
    # latest classification reaches either level are written to the audit trail.
    read_log_confidentiality_level = models.PositiveSmallIntegerField(
        _("läslogg från konfidentialitetsnivå (K)"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_(
            "Varje visning och export av en informationsmängd vars fastställda eller senaste "
            "klassning har minst denna nivå för konfidentialitet loggas i granskningsloggen "
            "(vem, när, vad och varifrån)."
        ),
    )
    read_log_traceability_level = models.PositiveSmallIntegerField(
        _("läslogg från spårbarhetsnivå (S)"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_(
            "Varje visning och export av en informationsmängd vars fastställda eller senaste "
            "klassning har minst denna nivå för spårbarhet loggas i granskningsloggen."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inställning för klassning")
        verbose_name_plural = _("inställningar för klassning")

    def __str__(self):
        return str(_("Inställningar för klassning"))

    @classmethod
    def current(cls) -> "ClassificationSettings":
        obj = cls.objects.order_by("pk").first()
        return obj if obj is not None else cls()
