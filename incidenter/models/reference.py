"""Reference data the city-wide security function maintains in the admin (seeded by the data
migration ``0002_reference_data``): incident categories, the severity scale and the legal
reporting obligations with their authorities and durations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE
from nämnder.models import OrganisationUnit


class IncidentCategory(models.Model):
    code = models.SlugField(_("kod"), max_length=50, unique=True)
    name = models.CharField(_("namn"), max_length=150, validators=ONE_LINE)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("används"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("incidentkategori")
        verbose_name_plural = _("incidentkategorier")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class SeverityLevel(models.Model):
    value = models.PositiveSmallIntegerField(_("värde"), unique=True)
    name = models.CharField(_("benämning"), max_length=100, validators=ONE_LINE)
    description = models.TextField(_("beskrivning"), blank=True, validators=MULTI_LINE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allvarlighetsgrad")
        verbose_name_plural = _("allvarlighetsgrader")
        ordering = ["value"]

    def __str__(self):
        return f"{self.value} – {self.name}"


class ReportingObligation(models.Model):
    """A duty to notify an authority within a time: from the discovery of the incident, or
    (``follows``) from when an earlier notification was sent (its deadline while it is not)."""

    code = models.SlugField(_("kod"), max_length=50, unique=True)
    name = models.CharField(_("namn"), max_length=200, validators=ONE_LINE)
    law = models.CharField(_("lagrum"), max_length=200, validators=ONE_LINE)
    authority = models.CharField(_("mottagande myndighet"), max_length=200, validators=ONE_LINE)
    duration_hours = models.PositiveIntegerField(
        _("tidsfrist i timmar"), null=True, blank=True,
        help_text=_("Exakt antal timmar (räknas rätt över sommartidens början och slut)."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("tidsfrist i kalendermånader"), null=True, blank=True,
    )
    follows = models.ForeignKey(
        "self", verbose_name=_("räknas från när denna skickats"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="followed_by",
        help_text=_("Tom: fristen räknas från när incidenten upptäcktes."),
    )
    guidance = models.TextField(_("vägledning"), blank=True, validators=MULTI_LINE)
    cyber_security_act = models.BooleanField(
        _("enligt cybersäkerhetslagen"), default=False,
        help_text=_("Förinställs till \"gäller inte\" på incidenter i enheter som inte omfattas "
                    "av cybersäkerhetslagen."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("används"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapporteringsskyldighet")
        verbose_name_plural = _("rapporteringsskyldigheter")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.name} ({self.authority})"

    def clean(self):
        if not self.duration_hours and not self.duration_months:
            raise ValidationError(_("Ange en tidsfrist i timmar eller kalendermånader."))
        if self.follows_id and self.follows_id == self.pk:
            raise ValidationError({"follows": _("En skyldighet kan inte räknas från sig själv.")})


class UnitCyberLawScope(models.Model):
    """Whether cybersäkerhetslagen (2025:1506) covers a unit, recorded by the city-wide security
    function. Every kommunal nämnd is covered; a bolag is covered if it works in a NIS2 sector.
    A unit without a row is covered. Where it is not, the obligations under the act are preset
    to "gäller inte" on new incidents (the handler can still change them)."""

    unit = models.OneToOneField(
        OrganisationUnit, verbose_name=_("nämnd/bolag"), on_delete=models.CASCADE,
        related_name="cyber_law_scope",
    )
    applies = models.BooleanField(_("omfattas av cybersäkerhetslagen"), default=True)
    motivation = models.TextField(
        _("motivering"), blank=True, validators=MULTI_LINE,
        help_text=_("Till exempel vilken sektor bolaget verkar i, eller varför det inte omfattas."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("omfattning av cybersäkerhetslagen")
        verbose_name_plural = _("omfattning av cybersäkerhetslagen")
        ordering = ["unit__name"]

    def __str__(self):
        return str(self.unit)

    def clean(self):
        if not self.applies and not self.motivation.strip():
            raise ValidationError({"motivation": _(
                "Motivera varför enheten inte omfattas av cybersäkerhetslagen.")})

    @classmethod
    def covers(cls, unit) -> bool:
        """Covered unless the security function has recorded otherwise."""
        return not cls.objects.filter(unit=unit, applies=False).exists()
