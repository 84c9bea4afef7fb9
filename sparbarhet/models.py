"""The audit trail: every change (each historical record of every app) and every logged read of
protected information, one row each, chained by SHA-256 (``sparbarhet.chain``).

The table is append-only: the database refuses UPDATE and DELETE on it (triggers, migration
0002), so these models have no history of their own — they are the history. Rows hold ids, not
names: who a person is lives in the user table, so pseudonymising a person who has left changes
no event and the chain still verifies.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EventKind(models.TextChoices):
    CHANGE = "change", _("Ändring")
    READ = "read", _("Läsning")


class EventAction(models.TextChoices):
    CREATED = "+", _("Skapad")
    CHANGED = "~", _("Ändrad")
    DELETED = "-", _("Borttagen")
    VIEW = "view", _("Visad")
    EXPORT = "export", _("Exporterad")
    DOWNLOAD = "download", _("Nedladdad")


class AuditEvent(models.Model):
    """One link of the chain. ``hash`` = SHA-256 over the event's content and ``prev_hash``
    (``chain.event_hash``); ``seq`` numbers the chain without gaps from 1.

    An event written while another transaction holds the chain's head is *pending* (``seq``
    empty): written in its own transaction all the same, and linked into the chain right after
    that commits (``chain.link_pending``). The database allows exactly that one update: setting
    the link fields of a pending event."""

    seq = models.BigIntegerField(_("löpnummer"), unique=True, null=True, blank=True)
    occurred_at = models.DateTimeField(_("tidpunkt"))
    kind = models.CharField(_("slag"), max_length=10, choices=EventKind.choices)
    action = models.CharField(_("händelse"), max_length=10, choices=EventAction.choices)
    # Ids without database constraints: a user or a unit removed later leaves the trail as it was
    # (the table refuses the cascade anyway).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    unit = models.ForeignKey(
        "namnder.OrganisationUnit", verbose_name=_("enhet"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    object_type = models.CharField(_("objekttyp"), max_length=100)  # "app_label.modelname"
    object_id = models.BigIntegerField(_("objekt-id"), null=True, blank=True)
    # A change: the historical record (in the object's history table) it stands for.
    history_id = models.BigIntegerField(_("historikpost"), null=True, blank=True)
    client_address = models.GenericIPAddressField(_("klientadress"), null=True, blank=True)
    # A read of many objects (an export): {"ids": [...]}; otherwise empty.
    details = models.JSONField(_("detaljer"), default=dict, blank=True)
    prev_hash = models.CharField(_("föregående kontrollsumma"), max_length=64, blank=True)
    hash = models.CharField(_("kontrollsumma"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("granskningshändelse")
        verbose_name_plural = _("granskningshändelser")
        ordering = ["-seq"]
        # The audit log pages newest first by ``seq`` (keyset), filtered by one of these.
        indexes = [
            models.Index(fields=["unit", "seq"], name="auditevent_unit_seq_idx"),
            models.Index(fields=["actor", "seq"], name="auditevent_actor_seq_idx"),
            models.Index(fields=["object_type", "seq"], name="auditevent_type_seq_idx"),
            models.Index(fields=["kind", "seq"], name="auditevent_kind_seq_idx"),
            models.Index(fields=["occurred_at"], name="auditevent_occurred_idx"),
            models.Index(fields=["object_type", "object_id"], name="auditevent_object_idx"),
            # The events waiting to be linked (few, briefly): found without a scan.
            models.Index(fields=["id"], name="auditevent_pending_idx",
                         condition=models.Q(seq__isnull=True)),
            # The yearly report counts a unit's changes and reads in a year from the index alone.
            models.Index(fields=["unit", "occurred_at", "kind"], name="auditevent_unit_time_idx"),
            # A person's events counted per kind and action (their personal data page) from the
            # index alone: through (actor, seq) every event's row was read (~1.5 ms for 800).
            models.Index(fields=["actor", "kind", "action"], name="auditevent_actor_kind_idx"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.get_kind_display()} {self.object_type}:{self.object_id}"


class ChainHead(models.Model):
    """The chain's last link (one row): a writer locks it to append, so links never fork. A
    writer never waits for it (``chain.append``), so holding it can never close a deadlock.
    Also a witness: events removed from the end (or the table emptied by TRUNCATE, which the
    row triggers do not see) leave the head pointing past the last event, and verification says
    so."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kedjans huvud")
        verbose_name_plural = _("kedjans huvud")

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}"


class Verification(models.Model):
    """One run of ``verify_audit_trail`` (nightly by beat, or by hand): what it found."""

    started_at = models.DateTimeField(_("startad"))
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    ok = models.BooleanField(_("kedjan är hel"), default=False)
    events_checked = models.BigIntegerField(_("kontrollerade händelser"), default=0)
    head_seq = models.BigIntegerField(_("kedjans sista löpnummer"), default=0)
    head_hash = models.CharField(_("kedjans sista kontrollsumma"), max_length=64, blank=True)
    first_broken_seq = models.BigIntegerField(_("första brutna länk"), null=True, blank=True)
    message = models.TextField(_("resultat"), blank=True)
    # What the break looked like (``chain.Result.fingerprint``): a review of it names this.
    fingerprint = models.CharField(_("brottets fingeravtryck"), max_length=64, blank=True)
    # Reviewed breaks this run passed (their event numbers).
    passed_breaks = models.JSONField(_("passerade utredda brott"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontroll av granskningsloggen")
        verbose_name_plural = _("kontroller av granskningsloggen")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {'OK' if self.ok else 'BRUTEN'}"


class BreakReview(models.Model):
    """A break in the chain investigated by the city-wide security function: who, when and
    what they concluded. Later verifications pass that break — exactly as it was found
    (``fingerprint``) — and go on checking the rest of the chain, so one old break does not
    hide later changes. The break itself stays in the verification that found it."""

    verification = models.ForeignKey(
        Verification, on_delete=models.PROTECT, related_name="reviews",
        verbose_name=_("kontroll som fann brottet"),
    )
    seq = models.BigIntegerField(_("bruten länk (händelse nr)"))
    fingerprint = models.CharField(_("brottets fingeravtryck"), max_length=64, unique=True)
    conclusion = models.TextField(
        _("utredningens slutsats"),
        help_text=_("Vad hände, vem hade skrivåtkomst, vad gjordes (t.ex. incident, "
                    "återställning från säkerhetskopia)."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("utredd av"),
    )
    reviewed_at = models.DateTimeField(_("utredd"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utredning av bruten kedja")
        verbose_name_plural = _("utredningar av bruten kedja")
        ordering = ["-reviewed_at", "-id"]

    def __str__(self):
        return f"nr {self.seq} {self.reviewed_at:%Y-%m-%d}"


class Pseudonymisation(models.Model):
    """A person who has left, pseudonymised by the city-wide security function
    (``services_people.person_pseudonymise``): who did it, when, and the pseudonym the person
    now carries. Never the old name: that is what was removed. The user row keeps its id, so
    every historical record and audit event still points at the same person, now shown by the
    pseudonym, and no event changes."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT,
        related_name="pseudonymisation",
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=150, unique=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("utförd av"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    performed_at = models.DateTimeField(_("utförd"))
    sessions_ended = models.PositiveIntegerField(_("avslutade inloggningar"), default=0)
    notifications_deleted = models.PositiveIntegerField(_("borttagna notiser"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pseudonymisering")
        verbose_name_plural = _("pseudonymiseringar")
        ordering = ["-performed_at", "-id"]

    def __str__(self):
        return self.pseudonym
