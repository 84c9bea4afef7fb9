"""Stockholm stad's organisation: units (nämnder, bolag, the city-wide level) and memberships.

Access rules do not live here: see ``nämnder/access.py`` (reads) and ``nämnder/services.py``
(writes, which also grant and revoke the object permissions).
"""

import functools

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from isms.validators import ONE_LINE


class UnitKind(models.TextChoices):
    DISTRICT_BOARD = "district_board", _("Stadsdelsnämnd")
    SPECIALIST_BOARD = "specialist_board", _("Facknämnd")
    COMPANY = "company", _("Bolag")
    CITY = "city", _("Stadsövergripande")


class OrganisationUnitQuerySet(models.QuerySet):
    def operational(self):
        """The active nämnder and bolag: what the riktlinje's "majority" and every yearly
        follow-up count (the city-wide level itself is not one of them)."""
        return self.filter(is_active=True).exclude(kind=UnitKind.CITY)


class OrganisationUnit(models.Model):
    """A nämnd or bolag (its styrelse) with its förvaltning or company, or the city-wide level."""

    name = models.CharField(_("nämnd/styrelse"), max_length=200, unique=True, validators=ONE_LINE)
    administration_name = models.CharField(
        _("förvaltning/bolag"), max_length=200,
        help_text=_("Förvaltningens eller bolagets namn, t.ex. Farsta stadsdelsförvaltning."),
        validators=ONE_LINE,
    )
    short_name = models.SlugField(_("kortnamn"), max_length=50, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("moderbolag/överordnad"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    chief_name = models.CharField(
        _("förvaltnings-/bolagschef"), max_length=200, blank=True, validators=ONE_LINE
    )
    chief_email = models.EmailField(_("e-post, chef"), blank=True)
    coordinator_name = models.CharField(
        _("informationssäkerhetssamordnare"), max_length=200, blank=True,
        validators=ONE_LINE,
    )
    coordinator_email = models.EmailField(_("e-post, samordnare"), blank=True)
    dpo_name = models.CharField(
        _("dataskyddsombud (kontakt)"), max_length=200, blank=True, validators=ONE_LINE
    )
    dpo_email = models.EmailField(_("e-post, dataskyddsombud"), blank=True)

    # Optimistic locking: every edit through the services bumps it; a stale form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    objects = OrganisationUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisationsenhet")
        verbose_name_plural = _("organisationsenheter")
        ordering = ["kind", "name"]
        permissions = [
            ("edit_records", _("Får registrera och ändra uppgifter i enheten")),
            ("approve_records", _("Får fastställa klassningar och acceptera risker")),
            ("manage_members", _("Får hantera enhetens medlemmar")),
        ]

    def __str__(self):
        return self.name

    @property
    def chief_title(self) -> str:
        """What the unit's chief is called: bolagschef in a bolag, förvaltningschef otherwise."""
        return role_label(Role.CHIEF, self.kind)


class Role(models.TextChoices):
    OFFICIAL = "official", _("Handläggare")
    COORDINATOR = "coordinator", _("Informationssäkerhetssamordnare")
    # The generic name; in a given unit the role is shown with ``role_label``.
    CHIEF = "chief", _("Förvaltnings-/bolagschef")
    AUDITOR = "auditor", _("Revisor")
    SECURITY_FUNCTION = "security_function", _("Stadsövergripande säkerhetsfunktion")


def role_label(role: str, kind: str) -> str:
    """A role's name in a unit of the given kind: the chief of a bolag is its bolagschef, of a
    nämnd (and of the city-wide level) its förvaltningschef."""
    if role == Role.CHIEF:
        return str(_("Bolagschef") if kind == UnitKind.COMPANY else _("Förvaltningschef"))
    return str(_role_labels().get(role, role))


@functools.cache
def _role_labels() -> dict:
    """{role: its (lazy) label}, built once per process (the header shows them on every page)."""
    return dict(Role.choices)


class Membership(models.Model):
    """A person works in a unit in a role. Created and removed only through the services."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("enhet"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["unit__name", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} – {self.role_label} – {self.unit}"

    @property
    def role_label(self) -> str:
        """The role as it is called in this unit (förvaltningschef or bolagschef)."""
        return role_label(self.role, self.unit.kind)
