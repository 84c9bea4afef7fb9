"""The unit's own part of its Statement of Applicability: a control excluded (with why) or a
note on how it is met. The rest is derived from the action plan (``selectors.soa``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE
from nämnder.models import OrganisationUnit

from .reference import AnnexAControl


class Applicability(models.TextChoices):
    DERIVED = "derived", _("Enligt åtgärdsplanen")
    APPLIES = "applies", _("Tillämplig")
    EXCLUDED = "excluded", _("Ej tillämplig")


class ApplicabilityStatement(models.Model):
    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("enhet"), on_delete=models.CASCADE,
                             related_name="applicability_statements")
    control = models.ForeignKey(AnnexAControl, verbose_name=_("kontroll"), on_delete=models.PROTECT,
                                related_name="+")
    applicability = models.CharField(_("tillämplighet"), max_length=10,
                                     choices=Applicability.choices, default=Applicability.DERIVED)
    justification = models.TextField(_("motivering"), blank=True, validators=MULTI_LINE)
    how_met = models.TextField(_("hur kontrollen uppfylls"), blank=True, validators=MULTI_LINE)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tillämplighetsförklaring")
        verbose_name_plural = _("tillämplighetsförklaringar")
        constraints = [models.UniqueConstraint(fields=["unit", "control"],
                                               name="unique_applicability_statement")]

    def __str__(self):
        return f"{self.unit}: {self.control.control_id}"
