"""Reference data of the management system, maintained by the city-wide security function in
the admin and seeded by data migrations: kinds of steering document, the mandatory courses
and the ISO/IEC 27001:2022 Annex A control ids."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import ONE_LINE


class DocumentScope(models.TextChoices):
    CITY = "city", _("Stadsövergripande")
    LOCAL = "local", _("Lokal (per nämnd/bolag)")


class DocumentKind(models.Model):
    code = models.SlugField(_("kod"), max_length=50, unique=True)
    name = models.CharField(_("namn"), max_length=200, validators=ONE_LINE)
    scope = models.CharField(_("omfattning"), max_length=10, choices=DocumentScope.choices)
    required_for_every_unit = models.BooleanField(
        _("varje enhet ska ha ett"), default=False,
        help_text=_("En enhet utan beslutat dokument av denna typ flaggas."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("översyn (månader)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Förslag på nästa översyn när ett dokument beslutas."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("används"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dokumenttyp")
        verbose_name_plural = _("dokumenttyper")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Course(models.Model):
    code = models.SlugField(_("kod"), max_length=50, unique=True,
                            help_text=_("Kursens kod i lärplattformens export (kolumnen kurs)."))
    name = models.CharField(_("namn"), max_length=200, validators=ONE_LINE)
    is_mandatory = models.BooleanField(
        _("obligatorisk varje år"), default=True,
        help_text=_("Räknas i andelen medarbetare som genomfört årets utbildning."),
    )
    is_active = models.BooleanField(_("används"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utbildning (kurs)")
        verbose_name_plural = _("utbildningar (kurser)")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ControlTheme(models.TextChoices):
    ORGANISATIONAL = "organisational", _("Organisatoriska (5)")
    PEOPLE = "people", _("Personella (6)")
    PHYSICAL = "physical", _("Fysiska (7)")
    TECHNOLOGICAL = "technological", _("Tekniska (8)")


class AnnexAControl(models.Model):
    """An ISO/IEC 27001:2022 Annex A control: its id and theme. The title is ISO's text: the
    city loads its licensed titles here (blank by default)."""

    control_id = models.CharField(_("id"), max_length=10, unique=True, validators=ONE_LINE)
    theme = models.CharField(_("tema"), max_length=20, choices=ControlTheme.choices)
    title = models.CharField(_("rubrik"), max_length=300, blank=True, validators=ONE_LINE,
                             help_text=_("Standardens rubrik, om staden har licens att visa den."))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontroll i ISO/IEC 27001 bilaga A")
        verbose_name_plural = _("kontroller i ISO/IEC 27001 bilaga A")
        ordering = ["order"]

    def __str__(self):
        return f"{self.control_id} {self.title}".strip()


__all__ = ["AnnexAControl", "ControlTheme", "Course", "DocumentKind", "DocumentScope"]
