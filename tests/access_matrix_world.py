"""The world the access matrix runs in: Farsta's records, seen by every persona.

Built once per test module through the same services the portal uses (as the demo seeders do),
inside a transaction the module rolls back at its end. Every persona gets a session of its own,
so a test only sets a cookie instead of logging in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from klassning import services as klassning_services
from klassning.models import ServiceRequirement, UnitRequirement
from notifieringar import services as notification_services
from notifieringar.models import NotificationKind
from nämnder import services as unit_services
from nämnder.models import Membership, Role, UnitKind
from rapporter import services as report_services
from rapporter.models import ReportKind, ReportStatus
from risk import services as risk_services
from tests.handover_helpers import PDF
from tests.klassning_helpers import approved, draft, make_asset, make_service
from tests.tvasteg_helpers import verify_session
from tvasteg import services as tvasteg_services
from tvasteg.models import EventKind

ANONYMOUS = "anonym"

# persona id -> (unit, role); the ids name the cells of the matrix.
PERSONAS: dict[str, tuple[str, str] | None] = {
    "farsta.handlaggare": ("farsta", Role.OFFICIAL),
    "farsta.samordnare": ("farsta", Role.COORDINATOR),
    "farsta.chef": ("farsta", Role.CHIEF),
    "farsta.revisor": ("farsta", Role.AUDITOR),
    "bromma.handlaggare": ("bromma", Role.OFFICIAL),
    "bromma.samordnare": ("bromma", Role.COORDINATOR),
    "bromma.chef": ("bromma", Role.CHIEF),
    "bromma.revisor": ("bromma", Role.AUDITOR),
    # A Bromma official who runs (ITService.owner) Farsta's own IT service "service".
    "bromma.agare": ("bromma", Role.OFFICIAL),
    # The chief of a deactivated unit: its records are read-only for them.
    "hagersten.chef": ("hagersten", Role.CHIEF),
    "stad.revisor": ("city", Role.AUDITOR),
    "stad.sakerhet": ("city", Role.SECURITY_FUNCTION),
    ANONYMOUS: None,
}


@dataclass
class World:
    objects: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)

    def pk(self, key: str):
        return self.objects[key].pk

    def client(self, persona: str) -> Client:
        """A fresh client carrying the persona's session (none for anonymous)."""
        client = Client()
        if persona != ANONYMOUS:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return client


def _unit(short_name, name, kind=UnitKind.DISTRICT_BOARD):
    return unit_services.unit_create(
        actor=None, short_name=short_name, name=name,
        administration_name=f"{name} förvaltning", kind=kind,
    )


def build_world() -> World:
    world = World()
    o = world.objects
    o["farsta"] = _unit("farsta", "Farsta stadsdelsnämnd")
    o["bromma"] = _unit("bromma", "Bromma stadsdelsnämnd")
    o["city"] = _unit("stad", "Stadsövergripande informationssäkerhetsfunktion", UnitKind.CITY)
    o["hagersten"] = _unit("hagersten", "Hägersten-Älvsjö stadsdelsnämnd")

    users = world.users
    for persona, membership in PERSONAS.items():
        if membership is None:
            continue
        unit, role = membership
        user = get_user_model().objects.create_user(username=persona, password=None)
        unit_services.membership_add(actor=None, user=user, unit=o[unit], role=role)
        users[persona] = user
        client = Client()
        client.force_login(user)
        verify_session(client, user)  # chefs, revisorer, the security function: second step
        world.sessions[persona] = client.session.session_key

    official, chief = users["farsta.handlaggare"], users["farsta.chef"]
    farsta = o["farsta"]
    o["membership"] = Membership.objects.get(user=official, unit=farsta)
    o["group"] = Group.objects.get(name=f"enhet-{farsta.pk}-{Role.OFFICIAL}")
    o["user"] = official

    # An IT service only Farsta uses, run by a Bromma official; one Bromma uses too (Bromma
    # may read it); and one only Farsta sees.
    o["service"] = make_service(
        farsta, official, name="Skolplattformen", owner=users["bromma.agare"]
    )
    o["shared_service"] = make_service(
        farsta, official, name="Procapita IFO", user_units=[o["bromma"]]
    )
    o["other_service"] = make_service(farsta, official, name="Lönesystemet")
    # A city-wide supplier delivering Farsta's "service" (leverantorer).
    from leverantorer import services as supplier_services

    o["supplier"] = supplier_services.supplier_create(
        actor=official, name="Tieto Evry Sverige AB", it_services=[o["service"]]
    )
    # An asset with an approved classification (creates the action-plan items) ...
    o["asset"] = make_asset(
        farsta, official, name="Elevregister", personal_data="sensitive",
        it_services=[o["service"], o["shared_service"], o["other_service"]],
    )
    o["approved"] = approved(o["asset"], official, chief, {"K": 3, "R": 2, "T": 2, "S": 2})
    # ... one with a draft and one with a classification waiting for approval.
    o["draft"] = draft(make_asset(farsta, official, name="Personalakter"), official, {"K": 2})
    submitted = draft(make_asset(farsta, official, name="Lokalbokning"), official, {"K": 1})
    o["submitted"] = klassning_services.classification_submit(
        actor=official, classification=submitted, expected_version=submitted.version
    )
    o["unit_item"] = UnitRequirement.objects.filter(unit=farsta, is_current=True).first()
    o["service_item"] = ServiceRequirement.objects.filter(
        it_service=o["service"], is_current=True
    ).first()
    o["shared_service_item"] = ServiceRequirement.objects.filter(
        it_service=o["shared_service"], is_current=True
    ).first()
    o["other_service_item"] = ServiceRequirement.objects.filter(
        it_service=o["other_service"], is_current=True
    ).first()
    assert o["unit_item"] and o["service_item"] and o["shared_service_item"]
    assert o["other_service_item"]
    # Evidence files, so their downloads have something to serve.
    for key in ("unit_item", "service_item", "shared_service_item", "other_service_item"):
        item = o[key]
        o[key] = klassning_services.plan_item_update(
            actor=official, item=item, expected_version=item.version,
            evidence_file=SimpleUploadedFile("rutin.pdf", PDF),
        )
    # A notification of farsta.handlaggare's own.
    [note] = notification_services.notify(
        recipients=[official], kind=NotificationKind.CLASSIFICATION_APPROVED,
        title="Klassning fastställd", body="Elevregister är fastställd.", unit=farsta, dedupe_key="matris",
    )
    o["notification"] = official.notifications.get(pk=note)

    # A deactivated unit with an asset (registered while it was active): read-only.
    hagersten = o["hagersten"]
    o["hagersten_asset"] = make_asset(hagersten, users["hagersten.chef"], name="Föreningsregister")
    o["hagersten"] = unit_services.unit_update(
        actor=None, unit=hagersten, expected_version=hagersten.version, is_active=False
    )
    # Incidents in Farsta: one open (with an obligation and an action), one confidential.
    from incidenter import services as incident_services

    o["incident"] = incident_services.incident_quick_report(
        actor=official, unit=farsta, description="Felskickad e-post.",
        discovered_at=timezone.now() - dt.timedelta(hours=2),
    )
    o["incident_obligation"] = o["incident"].obligations.get(obligation__code="gdpr-art33")
    o["incident_action"] = incident_services.action_create(
        actor=official, incident=o["incident"], description="Radera e-posten."
    )
    secret = incident_services.incident_quick_report(
        actor=chief, unit=farsta, description="Rör en namngiven medarbetare.",
        discovered_at=timezone.now() - dt.timedelta(hours=2),
    )
    o["confidential_incident"] = incident_services.incident_update(
        actor=chief, incident=secret, expected_version=secret.version, confidential=True,
    )
    # Someone outside every persona granted the confidential incident (to be revoked).
    o["granted_person"] = get_user_model().objects.create_user(username="beviljad", password=None)
    incident_services.incident_grant(
        actor=chief, incident=o["confidential_incident"], username="beviljad"
    )
    from incidenter.models import UnitCyberLawScope
    o["unit_cyber_law_scope"] = UnitCyberLawScope.objects.create(
        unit=o["hagersten"], applies=False, motivation="Omfattas inte (testvärld).")
    from tests.ledningssystem.world import add_to_world as ledningssystem_world
    ledningssystem_world(world)  # documents, training, audit, access review (ledningssystem)
    # A superuser: no one else may change or delete their account in the admin.
    o["superuser"] = get_user_model().objects.create_superuser(username="rot", password=None)

    # A finished report for Farsta (generated here: the order's on-commit task never runs inside
    # the module's transaction) and a city report that stays queued.
    report = report_services.report_order(
        actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
    )
    o["report"] = report_services.report_generate(report_id=report.pk, actor=official)
    assert o["report"].status == ReportStatus.DONE, o["report"].error
    o["city_report"] = report_services.report_order(
        actor=users["stad.sakerhet"], kind=ReportKind.CITY_YEARLY, year=2025
    )
    # A Farsta risk (above the acceptance criterion) with an action, in an analysis.
    o["risk_analysis"] = risk_services.analysis_create(
        actor=official, unit=farsta, title="Årlig riskanalys", analysed_on="2026-01-15",
        scope_kind="process",
    )
    o["risk"] = risk_services.risk_create(
        actor=official, unit=farsta, analysis=o["risk_analysis"], title="Obehörig åtkomst",
        inherent_likelihood=3, inherent_consequence=4,
    )
    o["risk_action"] = risk_services.action_create(
        actor=official, risk=o["risk"], description="Behörighetsuppföljning",
    )
    # Someone who has left Farsta (no memberships left): sparbarhet's pseudonymisation.
    o["former_member"] = get_user_model().objects.create_user(
        username="slutat.farsta", password=None
    )
    # A verification that found a break (sparbarhet's review page).
    from sparbarhet.models import Verification

    o["broken_verification"] = Verification.objects.create(
        started_at=timezone.now(), ok=False, first_broken_seq=1, fingerprint="f" * 64,
        message="Händelse nr 1 har ändrats efter att den skrevs.",
    )
    # One row in each of django-axes' logs, so their admin pages have an object to open.
    access = {"username": "okand", "ip_address": "127.0.0.1", "user_agent": "test",
              "http_accept": "*/*", "path_info": "/logga-in/"}
    o["axes_accessattempt"] = AccessAttempt.objects.create(
        **access, get_data="", post_data="", failures_since_start=1
    )
    o["axes_accesslog"] = AccessLog.objects.create(**access)
    o["axes_accessfailurelog"] = AccessFailureLog.objects.create(**access)
    # An event of farsta.handlaggare's two-factor login (its admin page's object).
    o["tvasteg_twofactorevent"] = tvasteg_services.record(
        user=official, kind=EventKind.ENROLLED, actor=official
    )
    # Reference data seeded by migrations has no history yet: one record per admin model, so
    # simple-history's admin page for a record has one to show.
    for model in admin.site._registry:
        if hasattr(model, "history") and not model.history.exists():
            model.objects.order_by("pk").first().save()
    return world


def url_patterns() -> list[tuple[str, object]]:
    """Every pattern of the URLconf as (name, pattern); the name is namespaced ("klassning:…")
    and only the namespace ("admin:") or "" for an unnamed pattern."""

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = ":".join(n for n in (namespace, p.namespace) if n)
                yield from walk(p.url_patterns, inner)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name or ''}" if namespace else (p.name or "")
                yield name, p

    return list(walk(get_resolver().url_patterns, ""))


# --- Filling admin URLs --------------------------------------------------------------------
# The world's object for each admin model page; other models use their first row.
ADMIN_OBJECTS = {
    "namnder_organisationunit": "farsta", "namnder_membership": "membership",
    "auth_user": "user", "auth_group": "group", "tvasteg_twofactorperson": "user",
}


def admin_model(name: str):
    """The registered model whose admin page ``name`` ("admin:<app>_<model>_<page>") is."""
    for model in admin.site._registry:
        if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def admin_url(world: World, name: str, object_key: str | None = None) -> str:
    """The URL of admin page ``name`` for the world's objects (Farsta's unit, a Farsta
    membership, farsta.handlaggare, the farsta.handlaggare group, ...) or for the world's
    object ``object_key``."""
    pattern = dict(url_patterns())[name].pattern
    o = world.objects
    model, obj = admin_model(name), None
    if object_key is not None:
        obj = o[object_key]
    elif model is not None:
        key = f"{model._meta.app_label}_{model._meta.model_name}"
        obj = o.get(ADMIN_OBJECTS.get(key, key)) or model.objects.order_by("pk").first()
    regex = pattern.regex
    if regex.groups and not regex.groupindex:  # simple-history: (object, history record)
        record = obj.history.order_by("-history_id").first()
        return reverse(name, args=[obj.pk, record.history_id])
    fill = {
        "object_id": lambda: (obj or o["farsta"]).pk,
        "object_pk": lambda: obj.pk,
        "id": lambda: obj.pk,
        "user_id": lambda: o["user"].pk,
        "group_id": lambda: o["group"].pk,
        "content_type_id": lambda: ContentType.objects.get_for_model(o["farsta"]).pk,
        "app_label": lambda: "namnder",
    }
    params = regex.groupindex or getattr(pattern, "converters", {})
    return reverse(name, kwargs={param: fill[param]() for param in params})
