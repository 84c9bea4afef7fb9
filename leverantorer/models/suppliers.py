"""Suppliers: one city-wide record per company or authority that delivers IT services to the
city's units (a supplier serves many units; the risks about it belong to units)."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE

from ..orgnr import validate_org_number


class Supplier(models.Model):
    name = models.CharField(_("namn"), max_length=200, validators=ONE_LINE)
    # Stored normalised as "NNNNNN-NNNN" (``leverantorer.orgnr``: the services normalise the
    # input, the validator refuses anything else, with the Luhn check digit).
    org_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True,
        validators=[*ONE_LINE, validate_org_number],
    )
    it_services = models.ManyToManyField(
        "klassning.ITService", verbose_name=_("levererar it-tjänster"), blank=True,
        related_name="suppliers",
    )
    contact = models.CharField(_("kontaktuppgifter"), max_length=200, blank=True,
                               validators=ONE_LINE)
    # Personuppgiftsbiträdesavtal (GDPR art. 28).
    dpa_in_place = models.BooleanField(_("personuppgiftsbiträdesavtal finns"), default=False)
    dpa_signed_on = models.DateField(_("avtalet tecknat"), null=True, blank=True)
    dpa_location = models.CharField(
        _("var avtalet förvaras"), max_length=200, blank=True, validators=ONE_LINE,
        help_text=_("Till exempel diarienummer eller avtalsdatabas."),
    )
    notes = models.TextField(_("anteckningar"), blank=True, validators=MULTI_LINE)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=["it_services"])

    class Meta:
        verbose_name = _("leverantör")
        verbose_name_plural = _("leverantörer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="leverantorer_supplier_name_ci_unique",
                violation_error_message=_("Det finns redan en leverantör med det namnet."),
            ),
            models.UniqueConstraint(
                fields=["org_number"], condition=~models.Q(org_number=""),
                name="leverantorer_supplier_org_number_unique",
                violation_error_message=_(
                    "Det finns redan en leverantör med det organisationsnumret."
                ),
            ),
        ]

    def __str__(self):
        return self.name
