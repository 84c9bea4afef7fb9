"""The mandatory yearly training: completions per person, course and year, each unit's staff
count per year (the denominator of the completion share) and the imports from the learning
platform."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import ONE_LINE
from nämnder.models import OrganisationUnit

from .reference import Course

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class CompletionSource(models.TextChoices):
    MANUAL = "manual", _("Registrerad för hand")
    IMPORT = "import", _("Importerad")


class TrainingCompletion(models.Model):
    """A person (e-post or användarnamn, in lower case) completed a course in a year, in a unit.
    One row per unit, person, course and year: an import of the same file adds nothing."""

    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("enhet"), on_delete=models.CASCADE,
                             related_name="training_completions")
    person = models.CharField(_("e-post/användarnamn"), max_length=254, validators=ONE_LINE)
    person_name = models.CharField(_("namn"), max_length=200, blank=True, validators=ONE_LINE)
    course = models.ForeignKey(Course, verbose_name=_("kurs"), on_delete=models.PROTECT,
                               related_name="completions")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    completed_on = models.DateField(_("genomförd"))
    source = models.CharField(_("källa"), max_length=10, choices=CompletionSource.choices,
                              default=CompletionSource.MANUAL)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("genomförd utbildning")
        verbose_name_plural = _("genomförda utbildningar")
        ordering = ["-year", "person"]
        constraints = [models.UniqueConstraint(fields=["unit", "person", "course", "year"],
                                               name="unique_training_completion")]
        indexes = [models.Index(fields=["unit", "year", "course"])]

    def __str__(self):
        return f"{self.person} {self.course} {self.year}"


class StaffCount(models.Model):
    """How many work in a unit in a year: the completion share's denominator."""

    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("enhet"), on_delete=models.CASCADE,
                             related_name="staff_counts")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    count = models.PositiveIntegerField(_("antal medarbetare"), validators=[MaxValueValidator(100_000)])
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("antal medarbetare")
        verbose_name_plural = _("antal medarbetare")
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_staff_count")]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.count}"


def import_upload_to(instance, filename: str) -> str:
    from django.utils import timezone

    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"utbildningsimport/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Förhandsgranskad")
    DONE = "done", _("Importerad")


class TrainingImport(models.Model):
    """An uploaded export from the learning platform: previewed first, imported on confirmation
    (all rows or none)."""

    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("enhet"), on_delete=models.CASCADE,
                             related_name="training_imports")
    file = models.FileField(_("fil"), upload_to=import_upload_to, max_length=200)
    file_name = models.CharField(_("filnamn"), max_length=200, blank=True, validators=ONE_LINE)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.PREVIEW)
    rows = models.PositiveIntegerField(_("rader"), default=0)
    created = models.PositiveIntegerField(_("nya"), default=0)
    existing = models.PositiveIntegerField(_("fanns redan"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uppladdad av"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("import av utbildningar")
        verbose_name_plural = _("importer av utbildningar")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"
