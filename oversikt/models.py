"""Reference data of the dashboards: when a unit counts as falling behind.

The city-wide security function edits the rules in the admin (``register_catalogue``); a data
migration seeds the first ones. A rule names a key figure by its key (the figures are
registered by the register apps, ``isms.plugins.register_dashboard_source``), so it is checked
against the registered figures in the admin's form, not by a database constraint.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import ONE_LINE


class Comparison(models.TextChoices):
    BELOW = "below", _("under")
    ABOVE = "above", _("över")


class BehindRule(models.Model):
    """A unit falls behind when its value of ``figure`` is below/above ``threshold``."""

    figure = models.CharField(
        _("nyckeltal"), max_length=50,
        help_text=_("Nyckeltalets kod, t.ex. classified (klassad andel)."),
    )
    comparison = models.CharField(_("jämförelse"), max_length=10, choices=Comparison.choices)
    threshold = models.IntegerField(
        _("gräns"), help_text=_("Procent för andelar, antal för antal."),
    )
    label = models.CharField(
        _("text"), max_length=200, validators=ONE_LINE,
        help_text=_("Det som visas vid enheten, t.ex. “Klassad andel under 50 %”."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regel för enhet som ligger efter")
        verbose_name_plural = _("regler för enheter som ligger efter")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    def matches(self, value) -> bool:
        """Whether ``value`` breaks the rule (nothing to count, ``None``, never does)."""
        if value is None:
            return False
        if self.comparison == Comparison.BELOW:
            return value < self.threshold
        return value > self.threshold
