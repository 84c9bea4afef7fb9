"""Follow-up (riktlinjen p. 10): internal reviews and external audits, their findings and the
actions that answer them; and the periodic access reviews (behörighetsuppföljning) of IT
services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE
from klassning.models import ITService
from nämnder.models import OrganisationUnit


class AuditKind(models.TextChoices):
    INTERNAL = "internal", _("Intern granskning")
    EXTERNAL = "external", _("Extern revision")


class Audit(models.Model):
    """A review or audit. ``unit`` is the unit that runs it (None: city-wide, by the security
    function); ``units`` the units it covers. Its findings each belong to one covered unit."""

    kind = models.CharField(_("typ"), max_length=10, choices=AuditKind.choices)
    title = models.CharField(_("rubrik"), max_length=300, validators=ONE_LINE)
    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("ansvarig enhet"), null=True,
                             blank=True, on_delete=models.CASCADE, related_name="audits_run",
                             help_text=_("Tom för en stadsövergripande granskning."))
    units = models.ManyToManyField(OrganisationUnit, verbose_name=_("granskade enheter"),
                                   related_name="audits")
    auditor = models.CharField(_("granskare"), max_length=200, validators=ONE_LINE,
                               help_text=_("Vem som granskar, t.ex. stadsrevisionen eller en konsult."))
    independent = models.BooleanField(_("oberoende granskare"), default=False)
    scope = models.TextField(_("omfattning"), validators=MULTI_LINE)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        verbose_name = _("granskning")
        verbose_name_plural = _("granskningar")
        ordering = ["-period_end", "title"]

    def __str__(self):
        return self.title


class Severity(models.TextChoices):
    LOW = "low", _("Låg")
    MEDIUM = "medium", _("Medel")
    HIGH = "high", _("Hög")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Åtgärdad")


class Finding(models.Model):
    audit = models.ForeignKey(Audit, verbose_name=_("granskning"), on_delete=models.CASCADE,
                              related_name="findings")
    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("enhet"), on_delete=models.CASCADE,
                             related_name="audit_findings")
    title = models.CharField(_("iakttagelse"), max_length=300, validators=ONE_LINE)
    description = models.TextField(_("beskrivning"), blank=True, validators=MULTI_LINE)
    severity = models.CharField(_("allvarlighet"), max_length=10, choices=Severity.choices)
    reference = models.CharField(
        _("krav som berörs"), max_length=100, blank=True, validators=ONE_LINE,
        help_text=_("Riktlinjens punkt eller ISO/IEC 27001-avsnitt, t.ex. p. 9 eller A.5.15."),
    )
    status = models.CharField(_("status"), max_length=10, choices=FindingStatus.choices,
                              default=FindingStatus.OPEN)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")
        ordering = ["audit", "-severity", "title"]

    def __str__(self):
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Ej påbörjad")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Genomförd")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class FindingAction(models.Model):
    finding = models.ForeignKey(Finding, verbose_name=_("iakttagelse"), on_delete=models.CASCADE,
                                related_name="actions")
    description = models.CharField(_("åtgärd"), max_length=300, validators=ONE_LINE)
    owner = models.CharField(_("ansvarig"), max_length=200, validators=ONE_LINE)
    due_date = models.DateField(_("klart senast"))
    status = models.CharField(_("status"), max_length=15, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    follow_up = models.TextField(_("uppföljning"), blank=True, validators=MULTI_LINE)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description


class FindingPlanItem(models.Model):
    """A finding handed to the unit's action plan: the requirement on the plan (a
    ``klassning.UnitRequirement`` of the finding's own unit) that the finding shows is not met.
    The requirement's status, responsible person and due date are then followed up on the plan,
    where the unit already reports every requirement; this row links the two both ways."""

    finding = models.ForeignKey(Finding, verbose_name=_("iakttagelse"), on_delete=models.CASCADE,
                                related_name="plan_links")
    plan_item = models.ForeignKey("klassning.UnitRequirement",
                                  verbose_name=_("krav i åtgärdsplanen"),
                                  on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("kopplad"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("iakttagelse i åtgärdsplanen")
        verbose_name_plural = _("iakttagelser i åtgärdsplanen")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["finding", "plan_item"],
                                               name="unique_finding_plan_item")]

    def __str__(self):
        return f"{self.finding}: {self.plan_item}"


class AccessReview(models.Model):
    """A behörighetsuppföljning of an IT service: who has access, and should they."""

    it_service = models.ForeignKey(ITService, verbose_name=_("it-tjänst"), on_delete=models.CASCADE,
                                   related_name="access_reviews")
    performed_on = models.DateField(_("genomförd"))
    performed_by = models.CharField(_("genomförd av"), max_length=200, validators=ONE_LINE)
    accounts_reviewed = models.PositiveIntegerField(_("granskade konton"), null=True, blank=True)
    deviations = models.PositiveIntegerField(_("avvikelser"), default=0)
    deviation_note = models.TextField(_("avvikelser och åtgärder"), blank=True, validators=MULTI_LINE)
    next_due = models.DateField(_("nästa uppföljning senast"))
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("behörighetsuppföljning")
        verbose_name_plural = _("behörighetsuppföljningar")
        ordering = ["-performed_on", "-pk"]
        indexes = [models.Index(fields=["it_service", "-performed_on"])]

    def __str__(self):
        return f"{self.it_service} {self.performed_on}"
