"""The risk matrix: reference data the city-wide security function maintains in the admin.

One matrix is active city-wide. Its likelihood and consequence scales (``RiskScaleStep``, values
1..n with labels) and its risk levels (``RiskLevel``: a range of risk values, likelihood ×
consequence, with colours) are rows, so a 5×5 matrix is configured without code. The
acceptance criterion is the highest level a unit may accept without its chief's decision.
Seeded with MSB's 4×4 example by ``0002_msb_matrix``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE

from ..colours import MIN_CONTRAST, contrast_ratio

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Ange färgen som #rrggbb, t.ex. #b71c1c."))


class RiskMatrix(models.Model):
    name = models.CharField(_("namn"), max_length=100, validators=ONE_LINE)
    description = models.TextField(_("beskrivning"), blank=True, validators=MULTI_LINE)
    is_active = models.BooleanField(
        _("aktiv"), default=False,
        help_text=_("En matris i taget används i hela staden."),
    )
    acceptance_level = models.ForeignKey(
        "risk.RiskLevel", verbose_name=_("acceptanskriterium"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_(
            "Den högsta risknivå en enhet får acceptera utan beslut av förvaltnings- eller "
            "bolagschefen. Risker över nivån accepteras bara av chefen."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("riskmatris")
        verbose_name_plural = _("riskmatriser")
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="risk_one_active_matrix"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.acceptance_level_id and self.pk and self.acceptance_level.matrix_id != self.pk:
            raise ValidationError(
                {"acceptance_level": _("Välj en nivå i den här matrisen.")}
            )


class Axis(models.TextChoices):
    LIKELIHOOD = "likelihood", _("Sannolikhet")
    CONSEQUENCE = "consequence", _("Konsekvens")


class RiskScaleStep(models.Model):
    matrix = models.ForeignKey(
        RiskMatrix, verbose_name=_("matris"), on_delete=models.CASCADE, related_name="steps"
    )
    axis = models.CharField(_("skala"), max_length=20, choices=Axis.choices)
    value = models.PositiveSmallIntegerField(
        _("värde"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    name = models.CharField(_("benämning"), max_length=100, validators=ONE_LINE)
    description = models.TextField(_("beskrivning"), blank=True, validators=MULTI_LINE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steg i riskskala")
        verbose_name_plural = _("steg i riskskalor")
        ordering = ["matrix", "axis", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["matrix", "axis", "value"], name="risk_unique_scale_step"
            ),
        ]

    def __str__(self):
        return f"{self.get_axis_display()} {self.value} – {self.name}"


class RiskLevel(models.Model):
    """A range of risk values (likelihood × consequence) with its name and colours. The cells of
    the matrix carry the name as text, so the colour is never the only sign."""

    matrix = models.ForeignKey(
        RiskMatrix, verbose_name=_("matris"), on_delete=models.CASCADE, related_name="levels"
    )
    name = models.CharField(_("benämning"), max_length=100, validators=ONE_LINE)
    min_value = models.PositiveSmallIntegerField(
        _("från riskvärde"), validators=[MinValueValidator(1)]
    )
    max_value = models.PositiveSmallIntegerField(
        _("till riskvärde"), validators=[MinValueValidator(1)]
    )
    colour = models.CharField(
        _("bakgrundsfärg"), max_length=7, default="#ffffff", validators=[*ONE_LINE, HEX_COLOUR]
    )
    text_colour = models.CharField(
        _("textfärg"), max_length=7, default="#1b1b1b", validators=[*ONE_LINE, HEX_COLOUR]
    )
    description = models.TextField(_("beskrivning"), blank=True, validators=MULTI_LINE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risknivå")
        verbose_name_plural = _("risknivåer")
        ordering = ["matrix", "min_value"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "name"], name="risk_unique_level_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.min_value}–{self.max_value})"

    def clean(self):
        errors = {}
        if self.min_value and self.max_value and self.min_value > self.max_value:
            errors["max_value"] = _("Slutvärdet får inte vara lägre än startvärdet.")
        try:
            ratio = contrast_ratio(self.colour, self.text_colour)
        except ValueError:
            ratio = None
        if ratio is not None and ratio < MIN_CONTRAST:
            errors["text_colour"] = _(
                "Kontrasten mellan text- och bakgrundsfärg är %(ratio).1f:1. Den ska vara minst "
                "4,5:1 (WCAG 2.1 AA)."
            ) % {"ratio": ratio}
        if not errors and self.matrix_id:
            overlapping = RiskLevel.objects.filter(
                matrix_id=self.matrix_id, min_value__lte=self.max_value,
                max_value__gte=self.min_value,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                errors["min_value"] = _("Intervallet överlappar en annan nivå i matrisen.")
        if errors:
            raise ValidationError(errors)
