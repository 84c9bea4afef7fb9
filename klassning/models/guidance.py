"""Guidance reference data for the classification form, maintained by the city-wide security
function in the admin (seeded with defaults by a data migration, editable afterwards):

* ``LevelCriterion``: what each level means in one consequence category (as KLASSA shows per
  category), shown next to the level choices;
* ``PersonalDataMinimum``: the lowest level an aspect should get when an asset holds personal
  data of a kind (defaults: sensitive → K3, protected → K4). A suggestion, not a block: a lower
  level is allowed with a motivation (``Classification.below_minimum_motivation``).
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE

from .assets import PersonalData
from .reference import Aspect, ConsequenceCategory


class LevelCriterion(models.Model):
    category = models.ForeignKey(
        ConsequenceCategory, verbose_name=_("konsekvenskategori"), on_delete=models.CASCADE,
        related_name="criteria",
    )
    level = models.PositiveSmallIntegerField(
        _("nivå"), validators=[MaxValueValidator(9)],
        help_text=_("Nivåns värde (0–4 med standardskalan)."),
    )
    text = models.TextField(
        _("kriterium"), help_text=_("Vad nivån betyder i kategorin."), validators=MULTI_LINE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nivåkriterium")
        verbose_name_plural = _("nivåkriterier")
        ordering = ["category__order", "category__name", "level"]
        constraints = [
            models.UniqueConstraint(fields=["category", "level"], name="unique_level_criterion"),
        ]

    def __str__(self):
        return f"{self.category}: {self.level}"


class PersonalDataMinimum(models.Model):
    personal_data = models.CharField(
        _("personuppgifter"), max_length=20, choices=PersonalData.choices
    )
    aspect = models.ForeignKey(Aspect, verbose_name=_("aspekt"), on_delete=models.PROTECT)
    min_level = models.PositiveSmallIntegerField(
        _("föreslagen lägsta nivå"), validators=[MaxValueValidator(9)],
        help_text=_(
            "Formuläret visar förslaget. Väljer handläggaren en lägre nivå krävs en motivering."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lägsta nivå för personuppgifter")
        verbose_name_plural = _("lägsta nivåer för personuppgifter")
        ordering = ["aspect__order", "personal_data"]
        constraints = [
            models.UniqueConstraint(
                fields=["personal_data", "aspect"], name="unique_personal_data_minimum"
            ),
        ]

    def __str__(self):
        return f"{self.get_personal_data_display()}: {self.aspect.code}{self.min_level}"
