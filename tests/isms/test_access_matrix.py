"""Access matrix: every URL of the portal, for every persona, for GET and for POST.

Each row of ``TABLE`` names a URL pattern, the world objects that fill it (Farsta's, see
``tests/access_matrix_world.py``; also a deactivated unit's, and a Farsta IT service run by a
Bromma official, ``OWNER``) and who may GET and POST it. Everyone else's status follows
from docs/permissions.md:

- anonymous: redirected to the login page;
- signed in but not allowed to know the object exists (another unit): 404;
- may see the object (or the page has none) but not do this: 403.

"Allowed" is what the page answers an allowed person's request (POST with an empty body unless
the row gives one) with: 200 (the page, or the form again with its errors), 302 (done, or sent
on with a message), 400 (the form's errors as 400) or 405 (the view takes only the other
method). The point is the access decision, not the form.

The Django admin's patterns are generated from the URLconf and covered by a rule (``ADMIN_*``):
anonymous and the other non-staff personas are sent to a login page, and the city-wide security
function (the only staff persona) gets the status given per kind of page.

``test_every_url_pattern_has_an_access_decision`` fails when the URLconf holds a pattern the
table does not name (or the table names one that is gone): a new view without an access
decision fails CI. Cells the portal answers wrongly today are stated correctly here and listed
in ``KNOWN_HOLES``, which xfails them (strictly: a fixed hole fails until it is removed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from nämnder.models import Role
from tests.access_matrix_world import (
    ANONYMOUS,
    PERSONAS,
    admin_model,
    admin_url,
    build_world,
    url_patterns,
)

pytestmark = pytest.mark.django_db

LOGIN = "302 to login"  # a redirect to the portal's login page
ADMIN_LOGIN = "302 to admin login"  # a redirect to the admin's login page
REFUSED_BY_FORM = 200  # the form again: the unit posted is not one of its choices

# --- Who is who (docs/permissions.md); every URL below points at Farsta's objects ---------
EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {ANONYMOUS}
FARSTA = frozenset(p for p in PERSONAS if p.startswith("farsta."))
BROMMA = frozenset(p for p in PERSONAS if p.startswith("bromma."))
OWNER = "bromma.agare"  # a Bromma official who runs Farsta's IT service "service"
INACTIVE_CHIEF = "hagersten.chef"  # the chief of a deactivated unit
SECURITY = "stad.sakerhet"
CITY_WIDE = frozenset({"stad.revisor", SECURITY})
AUDITORS = frozenset({"farsta.revisor", "bromma.revisor", "stad.revisor"})
# Farsta's unit permissions: view, edit records, approve and change the unit, manage members.
VIEW = FARSTA | CITY_WIDE
EDIT = VIEW - AUDITORS
APPROVE = EDIT - {"farsta.handlaggare"}
MANAGE = frozenset({"farsta.chef", SECURITY})
# May open the create forms (for their own, active, units).
EDIT_SOMEWHERE = SIGNED_IN - AUDITORS - {INACTIVE_CHIEF}
# Who may see Farsta's IT service "service": Farsta, the city-wide roles and its owner.
SERVICE_VIEW = VIEW | {OWNER}
# The deactivated Hägersten: its chief and the city-wide roles see it, only the security
# function changes it.
HAGERSTEN_VIEW = frozenset({INACTIVE_CHIEF}) | CITY_WIDE
NOBODY = frozenset()
# The audit log (sparbarhet): chiefs and auditors read their units' events, the city-wide roles
# all of them (``access.audit_log_unit_ids``); everyone else is refused.
AUDIT_LOG = frozenset({"farsta.chef", "farsta.revisor", "bromma.chef", "bromma.revisor",
                       INACTIVE_CHIEF}) | CITY_WIDE
# Must use two-factor login: chefs and revisorer anywhere, the security function.
TWO_FACTOR_REQUIRED = frozenset(
    p for p, membership in PERSONAS.items()
    if membership and membership[1] in (Role.CHIEF, Role.AUDITOR, Role.SECURITY_FUNCTION)
)

SAME = "same as GET"
METHOD_NOT_ALLOWED = (SIGNED_IN, 405)  # require_GET/require_POST refuse before any lookup


@dataclass(frozen=True)
class Case:
    """One URL (name, objects, query, POST body) and the expected status per persona."""

    name: str
    objects: tuple[str, ...] = ()
    get: tuple | dict | None = None  # (who may, status) or {personas: status}; None: not tried
    post: tuple | dict | str | None = None
    seen_by: frozenset = SIGNED_IN  # who may know the objects exist; others get 404
    query: str = ""  # "{farsta}" stands for Farsta's pk
    data: dict = field(default_factory=dict)  # the POST body, same placeholders
    personas: frozenset = EVERYONE
    admin: bool = False  # objects: at most one, the admin page's object (default: a rule's)

    @property
    def id(self) -> str:
        objects = f"({','.join(self.objects)})" if self.objects else ""
        query = f"?{self.query}" if self.query else ""
        # A POST body is named by its kind and the objects it points at.
        data = [f"{k}={v}" for k, v in self.data.items()
                if k == "kind" or ("{" in v and not k.endswith("version"))]
        data = f" with {','.join(data)}" if data else ""
        return f"{self.name}{objects}{query}{data}"

    def expected(self, method: str) -> dict[str, int | str] | None:
        spec = self.get if method == "GET" or self.post == SAME else self.post
        if spec is None:
            return None
        if isinstance(spec, dict):
            codes = {p: code for who, code in spec.items() for p in _personas(who)}
            assert set(codes) == self.personas, f"{self.id} {method}: personas not covered"
            return codes
        allowed, code = spec
        codes = {}
        for persona in self.personas:
            if persona in allowed:
                codes[persona] = code
            elif persona == ANONYMOUS:
                codes[persona] = LOGIN
            else:
                codes[persona] = 403 if persona in self.seen_by else 404
        return codes


def _personas(who) -> frozenset:
    return frozenset({who}) if isinstance(who, str) else who


def row(name, *objects, get, post, seen=None, query="", data=None):
    if seen is None:
        seen = VIEW if objects or "{" in query else SIGNED_IN
    return Case(name, objects, get, post, frozenset(seen), query, data or {})


ORDER_FARSTA = {"kind": "unit_yearly", "unit": "{farsta}", "year": "2025"}
APPROVE_DATA = {"approve-version": "{submitted.version}", "approve-confirmed": "on"}
RETURN_DATA = {"return-version": "{submitted.version}", "return-comment": "Komplettera K."}
INCIDENT_FARSTA = {"unit": "{farsta}", "description": "Nätfiske", "discovered_at": "2026-03-28T10:00"}
INCIDENT_CONTENT = frozenset({"farsta.samordnare", "farsta.chef"})

# fmt: off
TABLE = [
    # Signing in and out: no login needed.
    row("login", get={ANONYMOUS: 200, SIGNED_IN: 302}, post=SAME),
    row("healthz", get={EVERYONE: 200}, post={EVERYONE: 405}),
    row("readyz", get={EVERYONE: 200}, post={EVERYONE: 405}),  # tests run eagerly: ready
    row("drift:overview", get=({SECURITY}, 200), post=METHOD_NOT_ALLOWED),
    # sparbarhet: the chain's checks (city-wide roles) and the audit log; a unit that is not
    # the person's is an error in the filter form (200), not a 404.
    row("sparbarhet:verification_list",                get=(CITY_WIDE, 200), post=METHOD_NOT_ALLOWED),
    # A break's review: the security function only (the form again on an empty POST).
    row("sparbarhet:break_review", "broken_verification", get=({SECURITY}, 200), post=SAME,
        seen=SIGNED_IN),
    row("sparbarhet:audit_log",                        get=(AUDIT_LOG, 200), post=METHOD_NOT_ALLOWED),
    row("sparbarhet:audit_log", query="format=csv",    get=(AUDIT_LOG, 200), post=METHOD_NOT_ALLOWED),
    row("sparbarhet:audit_log", query="unit={farsta}&format=xlsx", get=(AUDIT_LOG, 200),
        post=METHOD_NOT_ALLOWED, seen=SIGNED_IN),
    row("logout", get={ANONYMOUS: LOGIN, SIGNED_IN: 405}, post={EVERYONE: LOGIN}),

    # tvasteg: two-factor login. Each person's own pages (every persona here has passed the
    # second step or need not); the security function's page for another person ("user").
    row("tvasteg:overview",                            get=(SIGNED_IN, 200), post=METHOD_NOT_ALLOWED),
    row("tvasteg:enrol",                               get=(SIGNED_IN, 200), post=SAME),
    row("tvasteg:verify",                              get=(SIGNED_IN, 302), post=SAME),
    # "Bekräfta att det är du": a session that just passed the second step goes straight on.
    row("tvasteg:confirm",                             get=(SIGNED_IN, 302), post=SAME),
    row("tvasteg:recovery_codes",                      get=(SIGNED_IN, 302), post=METHOD_NOT_ALLOWED),
    row("tvasteg:recovery_codes_renew",                get=METHOD_NOT_ALLOWED, post=(SIGNED_IN, 302)),
    # Turning it off: refused where the role requires it.
    row("tvasteg:remove",                              get=METHOD_NOT_ALLOWED,
        post={SIGNED_IN - TWO_FACTOR_REQUIRED: 302, TWO_FACTOR_REQUIRED: 403, ANONYMOUS: LOGIN}),
    row("tvasteg:person", "user",                      get=({SECURITY}, 200), post=METHOD_NOT_ALLOWED,
        seen={SECURITY}),
    row("tvasteg:person_reset", "user",                get=METHOD_NOT_ALLOWED, post=({SECURITY}, 302),
        seen={SECURITY}),

    # nämnder: units and their members.
    row("start",                                       get=(SIGNED_IN, 200), post=SAME),
    # oversikt: a unit's dashboard (whoever views the unit) and the city's (city-wide roles).
    row("oversikt:unit", "farsta",                     get=(VIEW, 200), post=METHOD_NOT_ALLOWED),
    row("oversikt:unit", "hagersten",                  get=(HAGERSTEN_VIEW, 200),
        post=METHOD_NOT_ALLOWED, seen=HAGERSTEN_VIEW),
    row("oversikt:city",                               get=(CITY_WIDE, 200), post=METHOD_NOT_ALLOWED),
    row("oversikt:city", query="format=csv",           get=(CITY_WIDE, 200), post=METHOD_NOT_ALLOWED),
    row("unit_list",                                   get=(SIGNED_IN, 200), post=SAME),
    row("unit_detail", "farsta",                       get=(VIEW, 200),      post=SAME),
    row("unit_history", "farsta",                      get=(VIEW, 200),      post=SAME),
    row("unit_edit", "farsta",                         get=(APPROVE, 200),   post=SAME),
    row("membership_add", "farsta",                    get=(MANAGE, 200),    post=SAME),
    row("membership_remove", "farsta", "membership",   get=METHOD_NOT_ALLOWED, post=(MANAGE, 302)),
    # A deactivated unit: read-only for its own chief.
    row("unit_detail", "hagersten",                    get=(HAGERSTEN_VIEW, 200), post=SAME,
        seen=HAGERSTEN_VIEW),
    row("unit_edit", "hagersten",                      get=({SECURITY}, 200), post=SAME,
        seen=HAGERSTEN_VIEW),
    row("membership_add", "hagersten",                 get=({SECURITY}, 200), post=SAME,
        seen=HAGERSTEN_VIEW),

    # klassning: information assets and classifications.
    row("klassning:asset_list",                        get=(SIGNED_IN, 200), post=SAME),
    row("klassning:asset_list", query="format=csv",    get=(SIGNED_IN, 200), post=SAME),
    row("klassning:asset_create",                      get=(EDIT_SOMEWHERE, 200), post=SAME),
    row("klassning:asset_create", get=None,
        data={"unit": "{farsta}", "name": "Ny mängd", "personal_data": "none"},
        post={EDIT: 302, BROMMA - AUDITORS: REFUSED_BY_FORM, AUDITORS | {INACTIVE_CHIEF}: 403,
              ANONYMOUS: LOGIN}),
    row("klassning:asset_detail", "asset",             get=(VIEW, 200),      post=SAME),
    row("klassning:asset_compare", "asset",            get=(VIEW, 200),      post=SAME),
    row("klassning:asset_history", "asset",            get=(VIEW, 200),      post=SAME),
    row("klassning:asset_edit", "asset",               get=(EDIT, 200),      post=SAME),
    row("klassning:classification_start", "asset",     get=METHOD_NOT_ALLOWED, post=(EDIT, 302)),
    row("klassning:classification_detail", "approved", get=(VIEW, 200),      post=SAME),
    row("klassning:classification_edit", "draft",      get=(EDIT, 200),      post=SAME),
    row("klassning:classification_preview", "draft",   get=(EDIT, 200),      post=SAME),
    row("klassning:classification_submit", "draft",    get=METHOD_NOT_ALLOWED, post=(EDIT, 302),
        data={"version": "{draft.version}"}),
    # Allowed: approved (confirmed) or returned (with a comment), and sent to the detail page.
    row("klassning:classification_approve", "submitted", get=METHOD_NOT_ALLOWED,
        post=(APPROVE, 302), data=APPROVE_DATA),
    row("klassning:classification_return", "submitted", get=METHOD_NOT_ALLOWED,
        post=(APPROVE, 302), data=RETURN_DATA),

    # klassning: a deactivated unit's records are read-only, but for the security function.
    row("klassning:asset_detail", "hagersten_asset",   get=(HAGERSTEN_VIEW, 200), post=SAME,
        seen=HAGERSTEN_VIEW),
    row("klassning:asset_edit", "hagersten_asset",     get=({SECURITY}, 200), post=SAME,
        seen=HAGERSTEN_VIEW),
    row("klassning:classification_start", "hagersten_asset", get=METHOD_NOT_ALLOWED,
        post=({SECURITY}, 302), seen=HAGERSTEN_VIEW),

    # klassning: IT services (one only Farsta uses, one Bromma uses too) and action plans.
    row("klassning:service_list",                      get=(SIGNED_IN, 200), post=SAME),
    row("klassning:service_list", query="format=xlsx", get=(SIGNED_IN, 200), post=SAME),
    row("klassning:service_create",                    get=(EDIT_SOMEWHERE, 200), post=SAME),
    row("klassning:service_create", get=None,
        data={"unit": "{farsta}", "name": "Ny tjänst", "kind": "system"},
        post={EDIT: 302, BROMMA - AUDITORS: REFUSED_BY_FORM, AUDITORS | {INACTIVE_CHIEF}: 403,
              ANONYMOUS: LOGIN}),
    row("klassning:service_detail", "service",         get=(SERVICE_VIEW, 200), post=SAME,
        seen=SERVICE_VIEW),
    row("klassning:service_detail", "service", query="format=csv", get=(SERVICE_VIEW, 200),
        post=SAME, seen=SERVICE_VIEW),
    row("klassning:service_detail", "other_service",   get=(VIEW, 200),      post=SAME),
    row("klassning:service_detail", "shared_service",  get=(VIEW | BROMMA, 200), post=SAME,
        seen=VIEW | BROMMA),
    row("klassning:service_history", "service",        get=(SERVICE_VIEW, 200), post=SAME,
        seen=SERVICE_VIEW),
    row("klassning:service_history", "shared_service", get=(VIEW | BROMMA, 200), post=SAME,
        seen=VIEW | BROMMA),
    row("klassning:service_edit", "service",           get=(EDIT, 200),      post=SAME,
        seen=SERVICE_VIEW),
    row("klassning:service_edit", "shared_service",    get=(EDIT, 200),      post=SAME,
        seen=VIEW | BROMMA),
    # The owner reports on their service's requirements, not on another service's.
    row("klassning:service_item_edit", "service_item", get=(EDIT | {OWNER}, 200), post=SAME,
        seen=SERVICE_VIEW),
    row("klassning:service_item_edit", "other_service_item", get=(EDIT, 200), post=SAME),
    row("klassning:service_item_edit", "shared_service_item", get=(EDIT, 200), post=SAME,
        seen=VIEW | BROMMA),
    row("klassning:unit_plan", "farsta",               get=(VIEW, 200),      post=SAME),
    row("klassning:unit_plan", "farsta", query="format=csv", get=(VIEW, 200), post=SAME),
    row("klassning:unit_item_edit", "unit_item",       get=(EDIT, 200),      post=SAME),

    # klassning: the handover to IT-service owners and the city-wide prioritised services.
    row("klassning:my_services",                       get=(SIGNED_IN, 200), post=SAME),
    row("klassning:prioritised_services",              get=(CITY_WIDE, 200), post=SAME),
    row("klassning:service_acknowledge", "service",    get=METHOD_NOT_ALLOWED,
        post=({OWNER}, 302), seen=SERVICE_VIEW),
    row("klassning:service_acknowledge", "shared_service", get=METHOD_NOT_ALLOWED,
        post=(NOBODY, 302), seen=VIEW | BROMMA),
    # Evidence files: for whoever may see the requirement (a unit's plan: the unit and the
    # city-wide roles; an IT service's: also its users and its owner).
    row("klassning:evidence_download", "enhet", "unit_item", get=(VIEW, 200), post=SAME),
    row("klassning:evidence_download", "it-tjanst", "service_item", get=(SERVICE_VIEW, 200),
        post=SAME, seen=SERVICE_VIEW),
    row("klassning:evidence_download", "it-tjanst", "shared_service_item",
        get=(VIEW | BROMMA, 200), post=SAME, seen=VIEW | BROMMA),
    row("klassning:evidence_download", "it-tjanst", "other_service_item", get=(VIEW, 200),
        post=SAME),
    row("klassning:evidence_download", "okand", "unit_item", get=(NOBODY, 200), post=SAME,
        seen=NOBODY),

    # leverantorer: city-wide suppliers ("supplier" delivers Farsta's "service"): everyone with a
    # role reads them; Farsta's editors change it; links follow the IT service's edit right.
    row("leverantorer:supplier_list",                  get=(SIGNED_IN, 200), post=SAME),
    row("leverantorer:supplier_list", query="format=csv", get=(SIGNED_IN, 200), post=SAME),
    row("leverantorer:supplier_create",                get=(EDIT_SOMEWHERE, 200), post=SAME),
    row("leverantorer:supplier_detail", "supplier",    get=(SIGNED_IN, 200), post=SAME,
        seen=SIGNED_IN),
    row("leverantorer:supplier_edit", "supplier",      get=(EDIT, 200),      post=SAME,
        seen=SIGNED_IN),
    row("leverantorer:supplier_link", "supplier",      get=(EDIT_SOMEWHERE, 200), post=SAME,
        seen=SIGNED_IN),
    row("leverantorer:supplier_link", "supplier", get=None, data={"it_service": "{other_service}"},
        post={EDIT: 302, EDIT_SOMEWHERE - EDIT: REFUSED_BY_FORM,
              SIGNED_IN - EDIT_SOMEWHERE: 403, ANONYMOUS: LOGIN}, seen=SIGNED_IN),
    row("leverantorer:supplier_unlink", "supplier", "service", get=METHOD_NOT_ALLOWED,
        post=(EDIT, 302), seen=SERVICE_VIEW),

    # notifieringar: each person's own notifications (farsta.handlaggare's "notification").
    row("notifieringar:notification_list",             get=(SIGNED_IN, 200), post=METHOD_NOT_ALLOWED),
    row("notifieringar:notification_mark_read", "notification", get=METHOD_NOT_ALLOWED,
        post=({"farsta.handlaggare"}, 302), seen={"farsta.handlaggare"}),
    row("notifieringar:notifications_mark_all_read",   get=METHOD_NOT_ALLOWED, post=(SIGNED_IN, 302)),

    # sparbarhet: the chain's verifications (city-wide roles); Personuppgifter i portalen: one's
    # own page, anyone's for the security function (404 for everyone else: "user" is
    # farsta.handlaggare); pseudonymising the security function's (403 on oneself, 404 on
    # another), refused (200) while the person still has memberships, done (302) for one who
    # has left.
    row("sparbarhet:verification_list",                get=(CITY_WIDE, 200), post=METHOD_NOT_ALLOWED),
    row("sparbarhet:my_personal_data",                 get=(SIGNED_IN, 200), post=METHOD_NOT_ALLOWED),
    row("sparbarhet:my_personal_data", query="format=csv", get=(SIGNED_IN, 200),
        post=METHOD_NOT_ALLOWED),
    row("sparbarhet:people",                           get=({SECURITY}, 200), post=METHOD_NOT_ALLOWED),
    row("sparbarhet:personal_data", "user",            get=({"farsta.handlaggare", SECURITY}, 200),
        post=METHOD_NOT_ALLOWED, seen={"farsta.handlaggare", SECURITY}),
    row("sparbarhet:personal_data", "user", query="format=json",
        get=({"farsta.handlaggare", SECURITY}, 200), post=METHOD_NOT_ALLOWED,
        seen={"farsta.handlaggare", SECURITY}),
    row("sparbarhet:pseudonymise", "user",             get=({SECURITY}, 200), post=SAME,
        seen={"farsta.handlaggare", SECURITY}, data={"confirmed": "on"}),
    row("sparbarhet:pseudonymise", "former_member",    get=({SECURITY}, 200),
        post=({SECURITY}, 302), seen={SECURITY}, data={"confirmed": "on"}),

    # incidenter: any member reports; a confidential incident's content only for its handler,
    # the unit's samordnare and chef (others who see the unit: that it exists).
    row("incidenter:incident_list",                    get=(SIGNED_IN, 200), post=SAME),
    row("incidenter:incident_list", query="format=csv", get=(SIGNED_IN, 200), post=SAME),
    row("incidenter:deadlines",                        get=(SIGNED_IN, 200), post=SAME),
    row("incidenter:quick_report",                     get=(SIGNED_IN - {INACTIVE_CHIEF}, 200),
        post=SAME),
    row("incidenter:quick_report", get=None, data=INCIDENT_FARSTA,
        post={FARSTA | {SECURITY}: 302, BROMMA | {"stad.revisor"}: REFUSED_BY_FORM,
              INACTIVE_CHIEF: 403, ANONYMOUS: LOGIN}),
    row("incidenter:incident_detail", "incident",      get=(VIEW, 200),      post=SAME),
    row("incidenter:incident_detail", "confidential_incident", get=(VIEW, 200), post=SAME),
    row("incidenter:incident_edit", "incident",        get=(EDIT, 200),      post=SAME),
    row("incidenter:incident_edit", "confidential_incident", get=(INCIDENT_CONTENT, 200),
        post=SAME),
    row("incidenter:incident_close", "incident",       get=METHOD_NOT_ALLOWED, post=(EDIT, 302)),
    row("incidenter:incident_reopen", "incident",      get=METHOD_NOT_ALLOWED, post=(EDIT, 302)),
    row("incidenter:timeline_add", "incident",         get=METHOD_NOT_ALLOWED, post=(EDIT, 302)),
    row("incidenter:incident_grant", "confidential_incident", get=METHOD_NOT_ALLOWED,
        post=(INCIDENT_CONTENT, 302)),
    row("incidenter:incident_revoke", "confidential_incident", "granted_person",
        get=METHOD_NOT_ALLOWED, post=(INCIDENT_CONTENT, 302)),
    row("incidenter:action_create", "incident",        get=(EDIT, 200),      post=SAME),
    row("incidenter:action_edit", "incident_action",   get=(EDIT, 200),      post=SAME),
    row("incidenter:obligation_edit", "incident_obligation", get=(EDIT, 200), post=SAME),
    row("incidenter:obligation_summary", "incident_obligation", get=(EDIT, 200), post=SAME),
    # risk: the register, the heatmap, a risk with its decisions and actions, analyses.
    row("risk:risk_list",                              get=(SIGNED_IN, 200), post=SAME),
    row("risk:risk_list", query="format=xlsx",         get=(SIGNED_IN, 200), post=SAME),
    row("risk:risk_heatmap",                           get=(SIGNED_IN, 200), post=SAME),
    row("risk:level_css",                              get=(SIGNED_IN, 200), post=METHOD_NOT_ALLOWED),
    row("risk:risk_create",                            get=(EDIT_SOMEWHERE, 200), post=SAME),
    row("risk:risk_create", get=None,
        data={"unit": "{farsta}", "title": "Ny risk", "inherent_likelihood": "2",
              "inherent_consequence": "2", "status": "identified"},
        post={EDIT: 302, BROMMA - AUDITORS: REFUSED_BY_FORM, AUDITORS | {INACTIVE_CHIEF}: 403,
              ANONYMOUS: LOGIN}),
    row("risk:risk_detail", "risk",                    get=(VIEW, 200),      post=SAME),
    row("risk:risk_edit", "risk",                      get=(EDIT, 200),      post=SAME),
    row("risk:risk_accept", "risk",                    get=(APPROVE, 200),   post=SAME),
    row("risk:risk_close", "risk",                     get=(EDIT, 200),      post=SAME),
    row("risk:action_create", "risk",                  get=(EDIT, 200),      post=SAME),
    row("risk:action_edit", "risk_action",             get=(EDIT, 200),      post=SAME),
    row("risk:analysis_list",                          get=(SIGNED_IN, 200), post=SAME),
    row("risk:analysis_create",                        get=(EDIT_SOMEWHERE, 200), post=SAME),
    row("risk:analysis_detail", "risk_analysis",       get=(VIEW, 200),      post=SAME),
    row("risk:analysis_edit", "risk_analysis",         get=(EDIT, 200),      post=SAME),

    # rapporter: the archive. Whoever sees a unit may order its report (auditors too); an
    # empty POST is the order form again.
    row("report_list",                                 get=(SIGNED_IN, 200), post=SAME),
    row("report_list", query="format=csv",             get=(SIGNED_IN, 200), post=SAME),
    row("report_list", query="enhet={farsta}",         get=(VIEW, 200),      post=SAME),
    row("report_list", get=None, data=ORDER_FARSTA,
        post={VIEW: 302, BROMMA | {INACTIVE_CHIEF}: 400, ANONYMOUS: LOGIN}),
    row("report_list", get=None, data={"kind": "city_yearly", "year": "2025"},
        post={CITY_WIDE: 302, SIGNED_IN - CITY_WIDE: 400, ANONYMOUS: LOGIN}),
    row("report_detail", "report",                     get=(VIEW, 200),      post=METHOD_NOT_ALLOWED),
    row("report_detail", "city_report",                get=(CITY_WIDE, 200), post=METHOD_NOT_ALLOWED,
        seen=CITY_WIDE),
    row("report_status", "report",                     get=(VIEW, 200),      post=METHOD_NOT_ALLOWED),
    row("report_download", "report",                   get=(VIEW, 200),      post=METHOD_NOT_ALLOWED),
    row("report_attachment", "report", "informationsmangder-farsta-2025.xlsx",
        get=(VIEW, 200), post=METHOD_NOT_ALLOWED),
    row("report_verify", "report",                     get=METHOD_NOT_ALLOWED, post=(VIEW, 400)),
    row("report_reorder", "report",                    get=METHOD_NOT_ALLOWED, post=(VIEW, 302)),
    row("report_reorder", "city_report",               get=METHOD_NOT_ALLOWED, post=(CITY_WIDE, 302),
        seen=CITY_WIDE),

    # ledningssystem: steering documents (Farsta's "document", the city-wide "city_document").
    row("ledningssystem:document_list",                get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:document_list", query="format=csv", get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:document_create",              get=(EDIT_SOMEWHERE, 200), post=SAME),
    row("ledningssystem:document_detail", "document",  get=(VIEW, 200),      post=SAME),
    row("ledningssystem:document_detail", "city_document", get=(SIGNED_IN, 200), post=SAME,
        seen=SIGNED_IN),
    row("ledningssystem:document_edit", "document",    get=(EDIT, 200),      post=SAME),
    row("ledningssystem:document_edit", "city_document", get=({SECURITY}, 200), post=SAME,
        seen=SIGNED_IN),
    row("ledningssystem:document_new_version", "document", get=(EDIT, 200), post=SAME),
    row("ledningssystem:version_file", "document", "1", get=(VIEW, 200),   post=SAME),
    row("ledningssystem:version_file", "city_document", "1", get=(SIGNED_IN, 200), post=SAME,
        seen=SIGNED_IN),
    # ledningssystem: training (completions, the CSV import, staff counts).
    row("ledningssystem:completion_list",              get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:completion_list", query="format=xlsx", get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:completion_create",            get=(EDIT_SOMEWHERE, 200), post=SAME),
    row("ledningssystem:completion_delete", "completion", get=METHOD_NOT_ALLOWED, post=(EDIT, 302)),
    row("ledningssystem:training_import",              get=(EDIT_SOMEWHERE, 200), post=SAME),
    row("ledningssystem:import_detail", "training_import", get=(VIEW, 200),  post=SAME),
    row("ledningssystem:import_confirm", "training_import", get=METHOD_NOT_ALLOWED,
        post=(EDIT, 302)),
    row("ledningssystem:staff_counts",                 get=(SIGNED_IN, 200),
        post={EDIT_SOMEWHERE: 200, SIGNED_IN - EDIT_SOMEWHERE: 403, ANONYMOUS: LOGIN}),
    # ledningssystem: reviews and audits, findings, actions, access reviews, SoA.
    row("ledningssystem:audit_list",                   get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:audit_list", query="format=csv", get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:audit_create",                 get=(EDIT_SOMEWHERE, 200), post=SAME),
    row("ledningssystem:audit_detail", "audit",        get=(VIEW, 200),      post=SAME),
    row("ledningssystem:audit_edit", "audit",          get=(EDIT, 200),      post=SAME),
    row("ledningssystem:finding_create", "audit",      get=(EDIT, 200),      post=SAME),
    row("ledningssystem:finding_list",                 get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:finding_list", query="format=csv", get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:finding_detail", "finding",    get=(VIEW, 200),      post=SAME),
    row("ledningssystem:finding_edit", "finding",      get=(EDIT, 200),      post=SAME),
    row("ledningssystem:action_create", "finding",     get=(EDIT, 200),      post=SAME),
    row("ledningssystem:finding_plan_item", "finding", get=(EDIT, 200),      post=SAME),
    row("ledningssystem:finding_plan_item", "finding", query="krav={unit_item}", get=(EDIT, 200),
        post=SAME),
    row("ledningssystem:action_edit", "finding_action", get=(EDIT, 200),     post=SAME),
    row("ledningssystem:access_review_list",           get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:access_review_list", query="format=csv", get=(SIGNED_IN, 200), post=SAME),
    row("ledningssystem:access_review_create", "service", get=(EDIT, 200),   post=SAME,
        seen=SERVICE_VIEW),
    row("ledningssystem:access_review_edit", "access_review", get=(EDIT, 200), post=SAME),
    row("ledningssystem:soa", "farsta",                get=(VIEW, 200),      post=SAME),
    row("ledningssystem:soa", "farsta", query="format=csv", get=(VIEW, 200), post=SAME),
    row("ledningssystem:soa_edit", "farsta", "5.1",    get=(EDIT, 200),      post=SAME),
]
# fmt: on

# --- The Django admin: a rule --------------------------------------------------------------
# Every admin page is tried as anonymous, the most trusted non-staff personas and the security
# function; the admin's index, login and logout as everyone.
ADMIN_PERSONAS = frozenset({ANONYMOUS, "farsta.chef", "stad.revisor", SECURITY})
NOT_STAFF = SIGNED_IN - {SECURITY}
# The security function's status (GET, empty POST) on each kind of model page ...
ADMIN_MODEL_PAGES = {
    "changelist": (200, 200),
    "add": (200, 200),
    "change": (200, 200),
    "history": (200, 200),
    "delete": (200, 200),  # an empty POST shows the confirmation again
    "simple_history": (200, 403),  # simple-history's revert: nobody reverts (read-only)
}
NO_MODEL_PERMISSIONS = dict.fromkeys(ADMIN_MODEL_PAGES, (403, 403))
# ... except on these models.
ADMIN_MODEL_OVERRIDES = {
    "auth_group": NO_MODEL_PERMISSIONS,  # groups follow memberships
    "auth_user": {"delete": (403, 403)},  # people are deactivated, not deleted
    "axes_accessattempt": NO_MODEL_PERMISSIONS,
    "axes_accesslog": NO_MODEL_PERMISSIONS,
    "axes_accessfailurelog": NO_MODEL_PERMISSIONS,
    "namnder_membership": {"change": (200, 403)},  # added and removed, never edited
    "namnder_organisationunit": {"delete": (403, 403)},  # deactivated; superusers only
    "klassning_classificationsettings": {"add": (403, 403), "delete": (403, 403)},  # one row
    # Two-factor login: seen, never edited (a reset is the people list's action).
    "tvasteg_twofactorperson": {"add": (403, 403), "change": (200, 403), "delete": (403, 403)},
    "tvasteg_twofactorevent": {"add": (403, 403), "change": (200, 403), "delete": (403, 403)},
}
# The admin's own pages and custom model pages, one by one.
ADMIN_PAGES = {
    "admin:index": (200, 200),
    "admin:app_list": (200, 200),
    "admin:password_change": (200, 200),
    "admin:password_change_done": (200, 405),
    "admin:autocomplete": (403, 405),
    "admin:jsi18n": (200, 405),
    "admin:view_on_site": (404, 404),
    # guardian's object permissions: read-only unless superuser.
    "admin:namnder_organisationunit_permissions": (200, 403),
    "admin:namnder_organisationunit_permissions_manage_user": (200, 403),
    "admin:namnder_organisationunit_permissions_manage_group": (200, 403),
    # Another person's password: only a superuser may set it (issue 8, item 1).
    "admin:auth_user_password_change": (403, 403),
}
ADMIN_SIGN_IN = {
    "admin:login": (
        {ANONYMOUS: 200, NOT_STAFF: 200, SECURITY: 302},
        {ANONYMOUS: 200, NOT_STAFF: 200, SECURITY: 200},
    ),
    "admin:logout": (
        {ANONYMOUS: ADMIN_LOGIN, NOT_STAFF: 302, SECURITY: 405},
        {ANONYMOUS: ADMIN_LOGIN, NOT_STAFF: 302, SECURITY: LOGIN},
    ),
}


def admin_codes(name) -> tuple | None:
    """The security function's (GET, POST) status on admin page ``name``; None: undecided."""
    if name in ADMIN_PAGES:
        return ADMIN_PAGES[name]
    model = admin_model(name)
    if model is None:
        return None
    key = f"{model._meta.app_label}_{model._meta.model_name}"
    page = name.removeprefix(f"admin:{key}_")
    if page not in ADMIN_MODEL_PAGES:
        return None
    return ADMIN_MODEL_OVERRIDES.get(key, {}).get(page, ADMIN_MODEL_PAGES[page])


def admin_case(name, *objects, codes=None, data=None) -> Case:
    """``codes``: the security function's (GET, POST) status on the page of ``objects``."""
    if codes is not None:
        get, post = (None if code is None else {ANONYMOUS: LOGIN, NOT_STAFF: ADMIN_LOGIN,
                                                SECURITY: code} for code in codes)
    elif name in ADMIN_SIGN_IN:
        get, post = ADMIN_SIGN_IN[name]
    else:
        # The admin site's own pages are exempt from LoginRequiredMiddleware and send anonymous
        # to the admin's login; the model pages are not and send to the portal's.
        anonymous = LOGIN if admin_model(name) else ADMIN_LOGIN
        get, post = (
            {ANONYMOUS: anonymous, NOT_STAFF: ADMIN_LOGIN, SECURITY: code}
            for code in admin_codes(name) or (None, None)
        )
    personas = EVERYONE if name in ("admin:index", *ADMIN_SIGN_IN) else ADMIN_PERSONAS
    get, post = ({p: c for who, c in s.items() for p in _personas(who) if p in personas}
                 if s is not None else None for s in (get, post))
    return Case(name, objects, get=get, post=post, personas=personas, admin=True,
                data=data or {})


ADMIN_CASES = [
    admin_case(name) for name, _p in url_patterns() if name.startswith("admin:") and name != "admin:"
] + [
    # A superuser's account: the security function may look at it, not change (e.g. deactivate)
    # or delete it (issue 8, item 1).
    admin_case("admin:auth_user_change", "superuser", codes=(200, 403),
               data={"username": "rot", "is_active": ""}),
    admin_case("admin:auth_user_delete", "superuser", codes=(403, 403), data={"post": "yes"}),
]

# --- Cells the portal gets wrong today (stated correctly above) ----------------------------
KNOWN_HOLES: dict[tuple[str, str, str], str] = {}


# --- Running a cell ------------------------------------------------------------------------
class _Ref:
    """A world object in a placeholder: "{draft}" is its pk, "{draft.version}" its field."""

    def __init__(self, obj):
        self.obj = obj

    def __format__(self, spec):
        return format(self.obj.pk, spec)

    def __getattr__(self, name):
        return getattr(self.obj, name)


class _Pks(dict):
    def __init__(self, world):
        super().__init__()
        self.world = world

    def __missing__(self, key):
        return _Ref(self.world.objects[key])


def url_for(world, case) -> str:
    if case.admin:
        url = admin_url(world, case.name, *case.objects)
    else:
        # A name that is no world object is the URL's own word (evidence_download's kind).
        url = reverse(case.name, args=[world.pk(key) if key in world.objects else key
                                       for key in case.objects])
    if case.query:
        url += "?" + case.query.format_map(_Pks(world))
    return url


def observed(response) -> int | str:
    if response.status_code in (301, 302):
        path = urlsplit(response["Location"]).path
        if path == reverse("login"):
            return LOGIN
        if path == reverse("admin:login"):
            return ADMIN_LOGIN
    return response.status_code


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(media_root):
    """Replaces conftest's per-test media folder: the world's report file lives for the module."""


@pytest.fixture(scope="module")
def long_sessions():
    """The personas' sessions are made once, when the world is built; each test's own refresh
    of a session (``isms.sessions``) is rolled back with its savepoint. So on a runner slow
    enough for the module to outlast the idle timeout (30 min) or the second step's "just
    verified" window (``TVASTEG_REAUTH_SECONDS``, 10 min), every later cell would answer as
    for a logged-out or unverified person. The matrix asks who may do what, not how long a
    session lasts (``tests/isms/test_session_idle_timeout.py``,
    ``tests/tvasteg/test_reauthentication.py``): both are a day here, whatever the
    environment sets."""
    with override_settings(SESSION_COOKIE_AGE=24 * 3600, TVASTEG_REAUTH_SECONDS=24 * 3600):
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root, long_sessions):
    """Built once and rolled back at the end of the module. Each test runs in a savepoint of
    its own (the django_db mark), so a POST that succeeds changes nothing for the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


def _cells():
    for case in (*TABLE, *ADMIN_CASES):
        for method in ("GET", "POST"):
            expected = case.expected(method)
            for persona in sorted(expected or (), key=list(PERSONAS).index):
                hole = KNOWN_HOLES.get((case.id, persona, method))
                marks = [pytest.mark.xfail(reason=hole, strict=True)] if hole else []
                yield pytest.param(case, persona, method, expected[persona],
                                   id=f"{case.id} {persona} {method}", marks=marks)


@pytest.mark.parametrize(("case", "persona", "method", "expected"), list(_cells()))
def test_access(world, case, persona, method, expected):
    url = url_for(world, case)
    client = world.client(persona)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, {k: v.format_map(_Pks(world)) for k, v in case.data.items()})
    if response.streaming:  # read to the end, which closes it as a server would
        b"".join(response.streaming_content)
    assert observed(response) == expected, (
        f"{method} {url} as {persona}: expected {expected}, got {observed(response)}"
    )


def test_every_url_pattern_has_an_access_decision():
    patterns = url_patterns()
    # The admin's unnamed patterns (the old object URL redirect, the catch-all) are left out.
    unnamed = [str(p.pattern) for name, p in patterns if name == "" or
               (name.endswith(":") and name != "admin:")]
    assert not unnamed, f"URL patterns without a name cannot be in the access table: {unnamed}"
    named = {name for name, _p in patterns if name and not name.startswith("admin:")}
    in_table = {case.name for case in TABLE}
    assert sorted(named - in_table) == [], "URL patterns missing from the access matrix's TABLE"
    assert sorted(in_table - named) == [], "TABLE names URL patterns that no longer exist"
    undecided = {
        name for name, _p in patterns
        if name.startswith("admin:") and name != "admin:" and name not in ADMIN_SIGN_IN
        and admin_codes(name) is None
    }
    assert sorted(undecided) == [], "admin pages without a decision in ADMIN_PAGES"


def test_known_holes_name_real_cells():
    cells = {(case.id, persona, method) for case in (*TABLE, *ADMIN_CASES)
             for method in ("GET", "POST") for persona in (case.expected(method) or ())}
    assert set(KNOWN_HOLES) <= cells
