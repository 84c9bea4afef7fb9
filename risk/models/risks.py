"""Risk analyses, risks and their treatment actions (åtgärder). Every one belongs to a unit
(an action through its risk) and is read through ``nämnder.access``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE
from nämnder.models import OrganisationUnit


class ScopeKind(models.TextChoices):
    IT_SERVICE = "it_service", _("It-tjänst")
    INFORMATION_ASSET = "information_asset", _("Informationsmängd")
    PROCESS = "process", _("Process/verksamhet")
    PROCUREMENT = "procurement", _("Upphandling")
    CHANGE = "change", _("Förändring")


class RiskAnalysis(models.Model):
    """A dated analysis event of a unit (e.g. a workshop on an IT service before a change)."""

    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("enhet"), on_delete=models.PROTECT,
        related_name="risk_analyses",
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=ONE_LINE)
    analysed_on = models.DateField(_("datum för analysen"))
    scope_kind = models.CharField(_("omfattning"), max_length=30, choices=ScopeKind.choices)
    it_service = models.ForeignKey(
        "klassning.ITService", verbose_name=_("it-tjänst"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="risk_analyses",
    )
    information_asset = models.ForeignKey(
        "klassning.InformationAsset", verbose_name=_("informationsmängd"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="risk_analyses",
    )
    scope_description = models.TextField(
        _("beskrivning av omfattningen"), blank=True, validators=MULTI_LINE,
        help_text=_("T.ex. processen, upphandlingen eller förändringen som analyseras."),
    )
    method = models.CharField(
        _("metod"), max_length=200, blank=True, validators=ONE_LINE,
        help_text=_("T.ex. MSB:s metodstöd, workshop, intervjuer."),
    )
    participants = models.TextField(
        _("deltagare"), blank=True, validators=MULTI_LINE,
        help_text=_("Namn och roll, en per rad."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrerad av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("riskanalys")
        verbose_name_plural = _("riskanalyser")
        ordering = ["-analysed_on", "title"]
        indexes = [models.Index(fields=["unit", "analysed_on"], name="risk_analysis_unit_idx")]

    def __str__(self):
        return f"{self.title} ({self.analysed_on:%Y-%m-%d})"


class Treatment(models.TextChoices):
    ACCEPT = "accept", _("Acceptera")
    REDUCE = "reduce", _("Reducera")
    AVOID = "avoid", _("Undvika")
    TRANSFER = "transfer", _("Överföra")


# Treatments that need a written motivation (reducera is explained by its actions).
MOTIVATED_TREATMENTS = (Treatment.ACCEPT, Treatment.AVOID, Treatment.TRANSFER)


class RiskStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identifierad")
    IN_TREATMENT = "in_treatment", _("Under behandling")
    ACCEPTED = "accepted", _("Accepterad")
    CLOSED = "closed", _("Stängd")


OPEN_RISK_STATUSES = (RiskStatus.IDENTIFIED, RiskStatus.IN_TREATMENT)


class Risk(models.Model):
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("enhet"), on_delete=models.PROTECT,
        related_name="risks",
    )
    analysis = models.ForeignKey(
        RiskAnalysis, verbose_name=_("riskanalys"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="risks",
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=ONE_LINE)
    threat = models.TextField(_("hot/orsak"), blank=True, validators=MULTI_LINE)
    vulnerability = models.TextField(_("sårbarhet"), blank=True, validators=MULTI_LINE)
    consequence_description = models.TextField(
        _("konsekvens (beskrivning)"), blank=True, validators=MULTI_LINE
    )
    aspects = models.ManyToManyField(
        "klassning.Aspect", verbose_name=_("påverkade aspekter"), blank=True, related_name="+"
    )
    information_assets = models.ManyToManyField(
        "klassning.InformationAsset", verbose_name=_("berörda informationsmängder"), blank=True,
        related_name="risks",
    )
    it_services = models.ManyToManyField(
        "klassning.ITService", verbose_name=_("berörda it-tjänster"), blank=True,
        related_name="risks",
    )
    suppliers = models.ManyToManyField(
        "leverantorer.Supplier", verbose_name=_("berörda leverantörer"), blank=True,
        related_name="risks",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("riskägare"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="owned_risks",
    )
    existing_controls = models.TextField(
        _("befintliga skydd"), blank=True, validators=MULTI_LINE
    )
    inherent_likelihood = models.PositiveSmallIntegerField(_("sannolikhet"))
    inherent_consequence = models.PositiveSmallIntegerField(_("konsekvens"))
    treatment = models.CharField(
        _("beslut om riskbehandling"), max_length=20, choices=Treatment.choices, blank=True
    )
    treatment_motivation = models.TextField(
        _("motivering av riskbehandlingen"), blank=True, validators=MULTI_LINE
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        _("kvarstående sannolikhet"), null=True, blank=True
    )
    residual_consequence = models.PositiveSmallIntegerField(
        _("kvarstående konsekvens"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.IDENTIFIED
    )
    next_follow_up = models.DateField(_("nästa uppföljning"), null=True, blank=True)
    in_internal_control_plan = models.BooleanField(
        _("ingår i internkontrollplanen"), default=False
    )
    cited_unit_requirements = models.ManyToManyField(
        "klassning.UnitRequirement", verbose_name=_("krav i enhetens åtgärdsplan"), blank=True,
        related_name="risks",
        help_text=_("Krav i åtgärdsplanen som skulle minska risken."),
    )
    cited_service_requirements = models.ManyToManyField(
        "klassning.ServiceRequirement", verbose_name=_("krav på it-tjänster"), blank=True,
        related_name="risks",
        help_text=_("Krav på it-tjänsterna som skulle minska risken."),
    )
    # The acceptance decision (who, when, why, and at which level).
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepterad av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True, editable=False)
    acceptance_motivation = models.TextField(
        _("motivering av acceptansen"), blank=True, validators=MULTI_LINE, editable=False
    )
    accepted_level = models.CharField(
        _("accepterad nivå"), max_length=100, blank=True, editable=False
    )
    accepted_above_criterion = models.BooleanField(
        _("över acceptanskriteriet"), default=False, editable=False
    )
    closing_motivation = models.TextField(
        _("motivering vid stängning"), blank=True, validators=MULTI_LINE, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrerad av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[
        "aspects", "information_assets", "it_services", "suppliers",
        "cited_unit_requirements", "cited_service_requirements",
    ])

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risker")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["unit", "status"], name="risk_unit_status_idx"),
            models.Index(fields=["next_follow_up"], name="risk_follow_up_idx"),
            # A unit's register (``isms.counted_pages``: its page's keys, sorted by level, and
            # the total) and its owner list read from this index alone: a unit's ~250 risks
            # lie on ~250 pages of the table at city scale (270 buffers to 17, the owner
            # list's 294 to 52).
            models.Index(
                fields=["unit", "owner"], name="risk_unit_register_idx",
                include=["id", "title", "inherent_likelihood", "inherent_consequence",
                         "residual_likelihood", "residual_consequence", "status",
                         "next_follow_up", "in_internal_control_plan"],
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def inherent_value(self) -> int:
        return self.inherent_likelihood * self.inherent_consequence

    @property
    def residual_value(self) -> int | None:
        if self.residual_likelihood is None or self.residual_consequence is None:
            return None
        return self.residual_likelihood * self.residual_consequence

    @property
    def current_value(self) -> int:
        """The residual value when assessed, else the inherent one: what is decided on."""
        residual = self.residual_value
        return self.inherent_value if residual is None else residual

    def follow_up_overdue_on(self, day) -> bool:
        return bool(
            self.next_follow_up and self.next_follow_up < day
            and self.status != RiskStatus.CLOSED
        )


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Genomförd")
    CANCELLED = "cancelled", _("Avbruten")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class RiskAction(models.Model):
    """A treatment action (åtgärd) of a risk; may fulfil a requirement of the action plan."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField(_("åtgärd"), validators=MULTI_LINE)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ansvarig"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="risk_actions",
    )
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    fulfils_unit_requirement = models.ForeignKey(
        "klassning.UnitRequirement", verbose_name=_("uppfyller krav i enhetens åtgärdsplan"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="risk_actions",
    )
    fulfils_service_requirement = models.ForeignKey(
        "klassning.ServiceRequirement", verbose_name=_("uppfyller krav på it-tjänst"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="risk_actions",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("riskåtgärd")
        verbose_name_plural = _("riskåtgärder")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="risk_action_due_idx"),
        ]

    def __str__(self):
        return self.description[:80]

    def is_overdue_on(self, day) -> bool:
        return bool(self.due_date and self.due_date < day and self.status in OPEN_ACTION_STATUSES)
