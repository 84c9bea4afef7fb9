"""Two-factor login: what happened to a person's second factor, for the audit trail.

The devices themselves are django-otp's (``otp_totp.TOTPDevice``: the authenticator app's
secret; ``otp_static.StaticDevice`` with its ``StaticToken`` rows: the recovery codes). They
carry no ``HistoricalRecords``, so every enrolment, replacement, reset and lockout is written
here as an event, with who did it, and the event has its history like every domain model.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EventKind(models.TextChoices):
    ENROLLED = "enrolled", _("Tvåstegsverifiering aktiverad")
    REPLACED = "replaced", _("Ny app för engångskoder")
    RECOVERY_CODES = "recovery_codes", _("Nya reservkoder skapade")
    RECOVERY_CODE_USED = "recovery_code_used", _("Inloggning med reservkod")
    REMOVED = "removed", _("Tvåstegsverifiering avstängd")
    RESET = "reset", _("Tvåstegsverifiering återställd")
    LOCKED = "locked", _("Spärrad efter för många felaktiga koder")


class TwoFactorEvent(models.Model):
    """One event in a person's two-factor login. Written only by ``tvasteg.services``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="two_factor_events",
    )
    kind = models.CharField(_("händelse"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("utförd av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Tom: personen själv vid inloggning, eller systemet."),
    )
    created_at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("händelse i tvåstegsverifiering")
        verbose_name_plural = _("händelser i tvåstegsverifiering")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="tvasteg_event_user_time")]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()}"


class TwoFactorPerson(User):
    """A person seen from their two-factor login, for the admin's list (a proxy: no table)."""

    class Meta:
        proxy = True
        verbose_name = _("tvåstegsverifiering för person")
        verbose_name_plural = _("tvåstegsverifiering per person")
