"""Incidents, their timeline, actions and legal reporting obligations.

Need-to-know (``confidential``) is enforced in ``incidenter.selectors.access``, never here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE
from nämnder.models import OrganisationUnit

from .reference import IncidentCategory, ReportingObligation, SeverityLevel


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("Rapporterad")
    INVESTIGATING = "investigating", _("Under utredning")
    RESOLVED = "resolved", _("Åtgärdad")
    CLOSED = "closed", _("Stängd")


CLOSED_STATUSES = (IncidentStatus.CLOSED,)


class Incident(models.Model):
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("nämnd/bolag"), on_delete=models.PROTECT,
        related_name="incidents",
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=ONE_LINE)
    description = models.TextField(_("vad hände"), validators=MULTI_LINE)
    occurred_at = models.DateTimeField(_("inträffade"), null=True, blank=True)
    discovered_at = models.DateTimeField(
        _("upptäcktes"),
        help_text=_("Fristerna för anmälan till myndigheter räknas från denna tidpunkt."),
    )
    category = models.ForeignKey(
        IncidentCategory, verbose_name=_("kategori"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="incidents",
    )
    affects_confidentiality = models.BooleanField(_("konfidentialitet (K)"), default=False)
    affects_integrity = models.BooleanField(_("riktighet (R)"), default=False)
    affects_availability = models.BooleanField(_("tillgänglighet (T)"), default=False)
    affects_traceability = models.BooleanField(_("spårbarhet (S)"), default=False)
    severity = models.ForeignKey(
        SeverityLevel, verbose_name=_("allvarlighetsgrad"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="incidents",
    )
    assets = models.ManyToManyField(
        "klassning.InformationAsset", verbose_name=_("berörda informationsmängder"), blank=True,
        related_name="incidents",
    )
    it_services = models.ManyToManyField(
        "klassning.ITService", verbose_name=_("berörda it-tjänster"), blank=True,
        related_name="incidents",
    )
    suppliers = models.ManyToManyField(
        "leverantorer.Supplier", verbose_name=_("berörda leverantörer"), blank=True,
        related_name="incidents",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rapporterad av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reported_incidents", editable=False,
    )
    contact = models.CharField(
        _("kontaktuppgifter"), max_length=200, blank=True, validators=ONE_LINE,
        help_text=_("Telefon eller e-post till den som rapporterade."),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handläggare av incidenten"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="handled_incidents",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=IncidentStatus.choices,
        default=IncidentStatus.REPORTED,
    )
    root_cause = models.TextField(_("grundorsak"), blank=True, validators=MULTI_LINE)
    lessons_learned = models.TextField(_("lärdomar"), blank=True, validators=MULTI_LINE)
    # Personal data affected: what IMY's form asks for (printed on the notification summary).
    data_subjects = models.CharField(
        _("kategorier och ungefärligt antal registrerade"), max_length=300, blank=True,
        validators=ONE_LINE,
    )
    records_affected = models.CharField(
        _("kategorier och ungefärligt antal personuppgiftsposter"), max_length=300, blank=True,
        validators=ONE_LINE,
    )
    consequences = models.TextField(_("sannolika konsekvenser"), blank=True, validators=MULTI_LINE)
    measures = models.TextField(
        _("vidtagna eller föreslagna åtgärder"), blank=True, validators=MULTI_LINE
    )
    confidential = models.BooleanField(
        _("konfidentiell"), default=False,
        help_text=_(
            "T.ex. när incidenten rör en namngiven medarbetare eller skyddade personuppgifter. "
            "Då ser bara handläggaren, enhetens samordnare och chef och de som fått behörighet "
            "innehållet; andra ser bara att incidenten finns, dess datum och anmälningsstatus."
        ),
    )
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True, editable=False)
    # Kept (``services.next_deadline``): the nearest deadline of the incident's open obligations
    # (``selectors.OPEN_OBLIGATION``: not sent, not "gäller inte"), None when none is open,
    # whatever the status. The list filters and sorts on it instead of a subquery per incident.
    next_deadline = models.DateTimeField(
        _("närmaste frist"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    # ``next_deadline`` is derived from the obligations (whose history has it): no record of
    # its own.
    history = HistoricalRecords(m2m_fields=["assets", "it_services", "suppliers"],
                                excluded_fields=["next_deadline"])

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidenter")
        ordering = ["-discovered_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="incident_unit_status_idx"),
            models.Index(fields=["discovered_at"], name="incident_discovered_idx"),
            # The list's "obligations left" and "overdue" filters (``selectors.incident_list``):
            # the incidents not closed with an open obligation, by its nearest deadline.
            models.Index(fields=["next_deadline"], name="incident_next_deadline_idx",
                         condition=models.Q(next_deadline__isnull=False)
                         & ~models.Q(status="closed")),
            # The incidents not closed, by id: the deadlines page's count (and the start page's
            # figures) join the open obligations with them from two indexes alone, instead of
            # reading every incident to leave the closed ones out (4 ms → 1 ms at city scale).
            models.Index(fields=["id"], name="incident_not_closed_idx",
                         condition=~models.Q(status="closed")),
        ]
        permissions = [("view_confidential_incident", _("Kan se en konfidentiell incident"))]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def aspect_codes(self) -> str:
        flags = (
            ("K", self.affects_confidentiality), ("R", self.affects_integrity),
            ("T", self.affects_availability), ("S", self.affects_traceability),
        )
        return " ".join(code for code, on in flags if on)


class TimelineEntry(models.Model):
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="timeline"
    )
    at = models.DateTimeField(_("tidpunkt"))
    text = models.TextField(_("vad"), validators=MULTI_LINE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vem"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("händelse i tidslinjen")
        verbose_name_plural = _("tidslinje")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:40]}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Klar")
    NOT_DONE = "not_done", _("Genomförs inte (motiverat)")
    MOVED_TO_RISK = "moved_to_risk", _("Flyttad till riskregistret")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class IncidentAction(models.Model):
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField(_("åtgärd"), validators=MULTI_LINE)
    responsible = models.CharField(_("ansvarig"), max_length=200, blank=True, validators=ONE_LINE)
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    motivation = models.TextField(
        _("motivering"), blank=True, validators=MULTI_LINE,
        help_text=_("Krävs när åtgärden inte genomförs eller flyttas till riskregistret."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["pk"]

    def __str__(self):
        return self.description[:60]


class Applicability(models.TextChoices):
    UNASSESSED = "unassessed", _("Inte bedömd än")
    APPLIES = "applies", _("Ja, ska anmälas")
    NOT_APPLICABLE = "not_applicable", _("Nej (motiverat)")


class IncidentObligation(models.Model):
    """Whether one reporting obligation applies to one incident, its deadline and the
    notification. ``deadline`` is kept by the services (``incidenter.deadlines``) so lists
    filter and sort on it; it runs also while the obligation is not yet assessed."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE,
        related_name="obligations",
    )
    obligation = models.ForeignKey(
        ReportingObligation, verbose_name=_("skyldighet"), on_delete=models.PROTECT,
        related_name="incident_obligations",
    )
    applies = models.CharField(
        _("gäller"), max_length=20, choices=Applicability.choices,
        default=Applicability.UNASSESSED,
    )
    motivation = models.TextField(
        _("motivering"), blank=True, validators=MULTI_LINE,
        help_text=_("Krävs när skyldigheten inte gäller."),
    )
    deadline = models.DateTimeField(_("senast"), editable=False)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    authority_reference = models.CharField(
        _("myndighetens diarienummer/referens"), max_length=200, blank=True, validators=ONE_LINE
    )
    late_reason = models.TextField(
        _("skäl till förseningen"), blank=True, validators=MULTI_LINE,
        help_text=_("Krävs när anmälan skickades efter fristen."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anmälningsskyldighet för incident")
        verbose_name_plural = _("anmälningsskyldigheter för incidenter")
        ordering = ["obligation__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "obligation"], name="unique_obligation_per_incident"
            ),
        ]
        indexes = [
            models.Index(fields=["sent_at", "deadline"], name="incobl_open_deadline_idx"),
            # The open obligations (``selectors.OPEN_OBLIGATION``) in deadline order: the
            # deadlines page reads its first 50 from here instead of sorting every open one.
            models.Index(
                fields=["deadline", "id"], name="incobl_open_by_deadline_idx",
                condition=models.Q(sent_at__isnull=True) & ~models.Q(applies="not_applicable"),
            ),
            # The open obligations by incident: joined with ``incident_not_closed_idx`` (above).
            models.Index(
                fields=["incident"], name="incobl_open_by_incident_idx",
                condition=models.Q(sent_at__isnull=True) & ~models.Q(applies="not_applicable"),
            ),
        ]

    def __str__(self):
        return f"{self.incident} – {self.obligation.name}"

    @property
    def is_open(self) -> bool:
        return self.sent_at is None and self.applies != Applicability.NOT_APPLICABLE

    @property
    def was_late(self) -> bool:
        return self.sent_at is not None and self.sent_at > self.deadline


class ReminderSent(models.Model):
    """A deadline reminder already sent, at most one per obligation, threshold and deadline.

    The unique constraint is what makes the beat task safe to rerun. No history: the row is
    itself a log entry and never changes (as ``notifieringar.Notification``)."""

    incident_obligation = models.ForeignKey(
        IncidentObligation, on_delete=models.CASCADE, related_name="reminders"
    )
    threshold = models.CharField(_("tröskel"), max_length=20, validators=ONE_LINE)  # "fore-24h"
    deadline = models.DateTimeField(_("fristen då"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["incident_obligation", "threshold", "deadline"],
                name="unique_reminder_per_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.incident_obligation_id} {self.threshold}"
