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


class ClosedMonthTrend(models.Model):
    """The trend values of one unit, one register and one closed month, as the register's
    ``trends`` computed them from the history (``oversikt.trend_cache``).

    Derived data, not a record: it is a copy of what the history tables say (a closed month's
    history does not change), recomputed whenever it is missing or of an older ``version``, and
    deleted when history dated in that month or earlier is written or deleted. No history of
    its own (nothing is decided here; the history it is computed from is the record)."""

    unit = models.ForeignKey(
        "namnder.OrganisationUnit", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("enhet"),
    )
    source = models.CharField(_("register"), max_length=50)
    version = models.PositiveIntegerField(_("version"))
    month = models.DateField(_("månad"))  # its first day
    values = models.JSONField(_("värden"))  # {series key: value or null}
    computed_at = models.DateTimeField(_("beräknad"), auto_now=True)

    class Meta:
        verbose_name = _("sparat månadsvärde för trend")
        verbose_name_plural = _("sparade månadsvärden för trender")
        constraints = [
            models.UniqueConstraint(fields=["unit", "source", "month"],
                                    name="oversikt_closedmonth_unique"),
        ]
        indexes = [models.Index(fields=["month"], name="oversikt_closedmonth_month")]

    def __str__(self):
        return f"{self.source} {self.month:%Y-%m}"


class KeptFigures(models.Model):
    """Every registered key figure of the city's active units for one day, as the registers
    computed them (``oversikt.figure_cache``): the city median and the city table read them
    instead of counting every register on each view.

    Derived data, not a record: used only while ``version`` is the current data version (raised
    after every domain write, :func:`oversikt.figure_cache.data_changed`) and before
    ``valid_until``; otherwise computed again and replaced. No history of its own (nothing is
    decided here; the registers are the record)."""

    day = models.DateField(_("dag"), unique=True)
    version = models.BigIntegerField(_("dataversion"))
    computed_at = models.DateTimeField(_("beräknad"))
    valid_until = models.DateTimeField(_("giltig till"))
    values = models.JSONField(_("värden"))  # {"units": [ids], "figures": {key: {...}}}

    class Meta:
        verbose_name = _("sparade nyckeltal")
        verbose_name_plural = _("sparade nyckeltal")

    def __str__(self):
        return f"{self.day:%Y-%m-%d} v{self.version}"


class DataVersion(models.Model):
    """The data version where the database has no sequence (SQLite): one row, raised after
    every domain write (``oversikt.figure_cache``). On PostgreSQL the version is the sequence
    ``oversikt_data_version`` instead (no row lock between writers)."""

    value = models.BigIntegerField(_("värde"), default=0)

    class Meta:
        verbose_name = _("dataversion")
        verbose_name_plural = _("dataversioner")

    def __str__(self):
        return str(self.value)
