"""Information assets (informationsmängder) and IT services (it-tjänster)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import MULTI_LINE, ONE_LINE
from nämnder.models import OrganisationUnit


class PersonalData(models.TextChoices):
    NONE = "none", _("Inga personuppgifter")
    PERSONAL = "personal", _("Personuppgifter")
    SENSITIVE = "sensitive", _("Känsliga personuppgifter (art. 9 GDPR)")
    PROTECTED = "protected", _("Skyddade personuppgifter")


# The fields of InformationAsset that mirror its classifications (see below).
CLASSIFICATION_STATE_FIELDS = [
    "latest_classification", "latest_status", "current_classification", "approved_profile",
    "review_due",
]


class InformationAsset(models.Model):
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("informationsägare (nämnd/bolag)"),
        on_delete=models.PROTECT, related_name="information_assets",
    )
    name = models.CharField(_("namn"), max_length=200, validators=ONE_LINE)
    description = models.TextField(_("beskrivning"), blank=True, validators=MULTI_LINE)
    process = models.CharField(
        _("process/verksamhet"), max_length=200, blank=True, validators=ONE_LINE
    )
    responsible = models.CharField(
        _("ansvarig person"), max_length=200, blank=True, validators=ONE_LINE
    )
    personal_data = models.CharField(
        _("personuppgifter"), max_length=20, choices=PersonalData.choices, default=PersonalData.NONE
    )
    osl_secrecy = models.BooleanField(_("sekretess enligt OSL"), default=False)
    osl_provision = models.CharField(
        _("sekretessbestämmelse"), max_length=200, blank=True,
        help_text=_("Kapitel och paragraf i offentlighets- och sekretesslagen, t.ex. 26 kap. 1 §."),
        validators=ONE_LINE,
    )
    archive_rule = models.CharField(
        _("bevarande/gallring"), max_length=200, blank=True,
        help_text=_("Hänvisning till informationshanteringsplan eller gallringsbeslut."),
        validators=ONE_LINE,
    )
    security_protection = models.BooleanField(
        _("säkerhetsskydd"), default=False,
        help_text=_(
            "Hanteras enligt säkerhetsskyddslagen utanför portalen. Då registreras bara namn, "
            "enhet och en notering – inga detaljer och ingen klassning."
        ),
    )
    security_protection_note = models.TextField(
        _("notering om säkerhetsskydd"), blank=True, validators=MULTI_LINE
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    # The classification state the lists filter and sort on, kept here by the classification
    # services in the same transaction (``services.classification_state_refresh``) so a list's
    # last page costs what its first does. Derived from the classifications, so not in the
    # asset's history: the year-end report rebuilds it from the classifications' history.
    latest_classification = models.ForeignKey(
        "klassning.Classification", verbose_name=_("senaste klassning"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    latest_status = models.CharField(
        _("senaste klassningens status"), max_length=20, blank=True, editable=False,
    )  # a ClassificationStatus; empty: never classified
    current_classification = models.ForeignKey(
        "klassning.Classification", verbose_name=_("fastställd klassning"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    approved_profile = models.CharField(
        _("fastställd profil"), max_length=60, blank=True, editable=False
    )
    review_due = models.DateField(
        _("ska ses över senast"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=CLASSIFICATION_STATE_FIELDS)

    class Meta:
        verbose_name = _("informationsmängd")
        verbose_name_plural = _("informationsmängder")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="unique_asset_name_per_unit"),
        ]
        # The list's sorts, each ending in the key (``selectors.ASSET_SORTS``), covering the
        # columns the list filters on: a page's keys are read from the index alone
        # (``isms.views.KeysFirstPaginator``), whatever the page number.
        indexes = [
            models.Index(
                fields=[*sort, "id"], name=name,
                include=["unit", "latest_status", "review_due", "approved_profile",
                         "security_protection", "personal_data"],
            )
            for sort, name in (
                (["name"], "asset_name_idx"),
                (["latest_status", "name"], "asset_latest_status_idx"),
                (["approved_profile", "name"], "asset_approved_profile_idx"),
                (["review_due", "name"], "asset_review_due_idx"),
            )
        ] + [
            # The start page's and the report's figures per unit (``selectors.unit_coverage``):
            # one grouped pass over this index alone.
            models.Index(
                fields=["unit"], name="asset_unit_state_idx",
                include=["id", "security_protection", "current_classification", "latest_status",
                         "review_due"],
            ),
            # An IT service's page reads its hundreds of assets by key through the links
            # (``selectors.it_service_asset_summary``): from this index alone, where the table's
            # rows made PostgreSQL read the whole table instead.
            models.Index(
                fields=["id"], name="asset_key_listed_idx",
                include=["name", "unit", "approved_profile", "security_protection",
                         "current_classification"],
            ),
        ]

    def __str__(self):
        return self.name


# Fields that must stay empty for a säkerhetsskydd asset.
ASSET_DETAIL_FIELDS = (
    "description", "process", "responsible", "osl_provision", "archive_rule",
)


class ITServiceKind(models.TextChoices):
    SYSTEM = "system", _("It-system")
    CLOUD = "cloud", _("Molntjänst")
    PLATFORM = "platform", _("Plattform")
    INFRASTRUCTURE = "infrastructure", _("Infrastruktur")
    IOT = "iot", _("IoT")
    OT = "ot", _("OT/styrsystem")
    SENSOR = "sensor", _("Sensor")
    COMMUNICATION = "communication", _("Datakommunikation")


class ITService(models.Model):
    name = models.CharField(_("namn"), max_length=200, validators=ONE_LINE)
    kind = models.CharField(_("typ"), max_length=20, choices=ITServiceKind.choices)
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("systemägare (nämnd/bolag)"),
        on_delete=models.PROTECT, related_name="owned_it_services",
    )
    manager = models.CharField(
        _("förvaltningsledare"), max_length=200, blank=True, validators=ONE_LINE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("förvaltningsledare/systemägare i portalen"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="run_it_services",
        help_text=_(
            "Portalanvändaren som tar emot de tekniska kraven, kvitterar dem och rapporterar "
            "status, även om hen arbetar i en annan enhet eller hos en leverantör."
        ),
    )
    supplier = models.CharField(_("leverantör"), max_length=200, blank=True, validators=ONE_LINE)
    description = models.TextField(_("beskrivning"), blank=True, validators=MULTI_LINE)
    user_units = models.ManyToManyField(
        OrganisationUnit, verbose_name=_("används av"), blank=True, related_name="used_it_services"
    )
    assets = models.ManyToManyField(
        InformationAsset, verbose_name=_("informationsmängder"), blank=True,
        related_name="it_services",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    # The level per aspect the service needs (``K3 R2 T2 S3``): the highest over its assets'
    # approved classifications, kept here by the classification and link services in the same
    # transaction (``services.service_profile_refresh``) so the list and its export read a
    # column instead of grouping every listed service's asset links. Derived from the
    # classifications, so not in the service's history.
    required_profile = models.CharField(
        _("nivå som krävs"), max_length=60, blank=True, editable=False
    )

    # The links are snapshotted on every historical record (also one per link change), so the
    # asset and IT service pages can show who linked what (``klassning.history``).
    history = HistoricalRecords(
        m2m_fields=["assets", "user_units"], excluded_fields=["required_profile"]
    )

    class Meta:
        verbose_name = _("it-tjänst")
        verbose_name_plural = _("it-tjänster")
        ordering = ["name"]
        # The list's pages in name order: read from the index, not by sorting every service.
        indexes = [models.Index(fields=["name", "id"], name="itservice_name_idx")]

    def __str__(self):
        return self.name
