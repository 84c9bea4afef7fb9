"""Steering documents (styrdokument): city-wide ones (unit None, kept by the security function)
and each unit's local ones. A document's decisions and files are versions: a new version
keeps the old ones readable."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE
from nämnder.models import OrganisationUnit

from .reference import DocumentKind


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    DECIDED = "decided", _("Beslutad")
    REPEALED = "repealed", _("Upphävd")


def document_upload_to(instance, filename: str) -> str:
    """``styrdokument/<year>/<random>.<ext>`` under MEDIA_ROOT, never a public URL: served only
    by the download view, which asks the access rules."""
    from django.utils import timezone

    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"styrdokument/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class SteeringDocument(models.Model):
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("enhet"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="steering_documents",
        help_text=_("Tom för stadsövergripande dokument."),
    )
    kind = models.ForeignKey(DocumentKind, verbose_name=_("typ"), on_delete=models.PROTECT,
                             related_name="documents")
    title = models.CharField(_("titel"), max_length=300, validators=ONE_LINE)
    owner = models.CharField(_("dokumentägare"), max_length=200, validators=ONE_LINE,
                             help_text=_("Roll eller namn, t.ex. förvaltningschef."))
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices,
                              default=DocumentStatus.DRAFT)
    next_review = models.DateField(_("nästa översyn"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("styrdokument")
        verbose_name_plural = _("styrdokument")
        ordering = ["kind__order", "title"]
        indexes = [models.Index(fields=["unit", "kind", "status"])]

    def __str__(self):
        return self.title


class DocumentVersion(models.Model):
    """One version of a document: its decision (who, when, diarienummer) and its file or link."""

    document = models.ForeignKey(SteeringDocument, verbose_name=_("styrdokument"),
                                 on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    decided_by = models.CharField(_("beslutat av"), max_length=200, blank=True, validators=ONE_LINE,
                                  help_text=_("T.ex. Farsta stadsdelsnämnd eller förvaltningschef."))
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    reference = models.CharField(_("diarienummer"), max_length=100, blank=True, validators=ONE_LINE)
    link = models.URLField(_("länk"), max_length=500, blank=True, validators=ONE_LINE,
                           help_text=_("Länk till dokumentet, t.ex. i dokumenthanteringssystemet."))
    file = models.FileField(_("fil"), upload_to=document_upload_to, max_length=200, blank=True)
    file_name = models.CharField(_("filnamn"), max_length=200, blank=True, editable=False,
                                 validators=ONE_LINE)
    note = models.TextField(_("ändringar i versionen"), blank=True, validators=MULTI_LINE)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registrerad av"),
                                   null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("version av styrdokument")
        verbose_name_plural = _("versioner av styrdokument")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"],
                                               name="unique_document_version")]

    def __str__(self):
        return f"{self.document} v{self.number}"
