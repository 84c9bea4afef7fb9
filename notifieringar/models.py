"""Notifications: what the portal tells a person, in the portal and (once) by e-mail.

Written only by ``notifieringar.services``; read only through ``notifieringar.selectors``.

No ``HistoricalRecords()`` here, by design: a notification is itself a log entry. Its content
never changes after it is created; the only later writes are the recipient's own read marker and
the time the e-mail went out, both stored on the row. History would double every row without
adding a "who" (the recipient or the system) or a "what" worth auditing. The audited act (a
classification submitted, approved, returned) is in the history of the record it concerns.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    CLASSIFICATION_SUBMITTED = "classification_submitted", _("Klassning att fastställa")
    CLASSIFICATION_APPROVED = "classification_approved", _("Klassning fastställd")
    CLASSIFICATION_RETURNED = "classification_returned", _("Klassning tillbakaskickad")
    REQUIREMENT_ADDED = "requirement_added", _("Nytt krav för it-tjänst")


# Kinds other apps add from their ``AppConfig.ready()`` (``register_kind``), so a new app needs
# no edit here and no migration: the field's choices are read through ``notification_kinds``.
_registered_kinds: dict[str, object] = {}


def register_kind(value: str, label) -> None:
    """Add a notification kind (e.g. ``("incident_reported", _("Incident rapporterad"))``)."""
    _registered_kinds.setdefault(value, label)


def notification_kinds() -> list[tuple[str, object]]:
    return [*NotificationKind.choices, *_registered_kinds.items()]


def validate_relative_link(value: str) -> None:
    """A path inside the portal (``/klassningar/1/``): never another site."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        raise ValidationError(_("Länken måste vara en sökväg i portalen, t.ex. /klassningar/1/."))


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mottagare"), on_delete=models.CASCADE,
        related_name="notifications",
    )
    unit = models.ForeignKey(
        "namnder.OrganisationUnit", verbose_name=_("enhet"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    kind = models.CharField(_("typ"), max_length=40, choices=notification_kinds)
    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"))
    link = models.CharField(
        _("länk"), max_length=500, blank=True, validators=[validate_relative_link]
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("e-post skickad"), null=True, blank=True)
    # What the notification is about, e.g. "klassning:12:v4": one per recipient, so a repeated
    # call (a retried task, a double submit) creates no second notification or e-mail.
    dedupe_key = models.CharField(_("unik nyckel"), max_length=200)

    class Meta:
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="unique_notification_per_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self):
        return f"{self.recipient} – {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
