"""Shared fixtures: the organisation, personas (healthchecks style) and service gates.

Tests that need PostgreSQL, Redis or Chromium skip with a clear reason on a bare machine.
With ``ISMS_REQUIRE_SERVICES=1`` (set by CI) every skip becomes a failure, so there they run.
"""

import os
import shutil
import socket

import pytest
from django.db import connection

from nämnder import services
from nämnder.models import OrganisationUnit, Role, UnitKind

REQUIRE_SERVICES = os.environ.get("ISMS_REQUIRE_SERVICES", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_report_header(config):
    db = connection.settings_dict
    return [
        f"database: {connection.vendor} ({db['ENGINE']}, name {db.get('NAME')!s}, "
        f"host {db.get('HOST') or 'local file'})",
        f"services required (skips fail): {'yes' if REQUIRE_SERVICES else 'no'}",
    ]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skip turned into failure (ISMS_REQUIRE_SERVICES is set): {reason}"


def redis_url() -> str:
    return os.environ.get("ISMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def need_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/isms")


@pytest.fixture
def need_redis():
    from urllib.parse import urlparse

    url = urlparse(redis_url())
    if not _port_open(url.hostname or "127.0.0.1", url.port or 6379):
        pytest.skip(f"needs Redis at {redis_url()} for a real Celery worker")
    return redis_url()


@pytest.fixture
def need_chromium():
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_unit(db):
    def make(short_name, name=None, kind=UnitKind.DISTRICT_BOARD, **fields):
        return services.unit_create(
            actor=None, short_name=short_name, name=name or f"{short_name.title()} stadsdelsnämnd",
            administration_name=fields.pop("administration_name", f"{short_name.title()} förvaltning"),
            kind=kind, **fields,
        )

    return make


@pytest.fixture
def farsta(make_unit):
    return make_unit("farsta", "Farsta stadsdelsnämnd")


@pytest.fixture
def bromma(make_unit):
    return make_unit("bromma", "Bromma stadsdelsnämnd")


@pytest.fixture
def city(make_unit):
    return make_unit(
        "stad", "Stadsövergripande informationssäkerhetsfunktion", kind=UnitKind.CITY
    )


@pytest.fixture
def make_person(db, django_user_model):
    """A person with a role in a unit, created through the same services the portal uses."""

    def make(username, unit: OrganisationUnit | None = None, role: str = Role.OFFICIAL):
        user = django_user_model.objects.create_user(
            username=username, password="test-password-123", first_name=username.split(".")[0].title(),
            last_name=username.split(".")[-1].title(),
        )
        if unit is not None:
            services.membership_add(actor=None, user=user, unit=unit, role=role)
        return user

    return make


@pytest.fixture
def official(make_person, farsta):
    return make_person("handlaggare.farsta", farsta, Role.OFFICIAL)


@pytest.fixture
def coordinator(make_person, farsta):
    return make_person("samordnare.farsta", farsta, Role.COORDINATOR)


@pytest.fixture
def chief(make_person, farsta):
    return make_person("chef.farsta", farsta, Role.CHIEF)


@pytest.fixture
def unit_auditor(make_person, farsta):
    return make_person("revisor.farsta", farsta, Role.AUDITOR)


@pytest.fixture
def city_auditor(make_person, city):
    return make_person("revisor.stad", city, Role.AUDITOR)


@pytest.fixture
def security_function(make_person, city):
    return make_person("sakerhet.stad", city, Role.SECURITY_FUNCTION)


@pytest.fixture
def outsider(make_person, bromma):
    """Works in Bromma: must not see that anything in Farsta exists."""
    return make_person("handlaggare.bromma", bromma, Role.OFFICIAL)


@pytest.fixture
def client_for(client):
    """Log ``client`` in as a persona: ``client_for(official).get(...)``. A persona who must
    use two-factor login (chef, revisor, security function, superuser) gets an app and a
    session that has passed the second step (``tests/tvasteg_helpers.py``)."""
    from tests.tvasteg_helpers import verify_session

    def login(user):
        client.force_login(user)
        verify_session(client, user)
        return client

    return login


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's superuser client, past the second step (superusers must use it)."""
    from tests.tvasteg_helpers import verify_session

    client.force_login(admin_user)
    verify_session(client, admin_user)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is right for production and far too slow for hundreds of test logins.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _closed_months_kept_at_once(settings):
    """A closed month's trend values are kept an hour after its end in production
    (``oversikt.trend_cache.settle``). In the tests at once: else, from 23:00 to 24:00 UTC on a
    month's last day (already the next month in Stockholm), the month just closed is computed
    on every view, and the tests that count the dashboards' queries or the kept months fail in
    that hour. ``test_trend_cache_b`` tests the hour itself."""
    settings.OVERSIKT_TREND_SETTLE_MINUTES = 0


@pytest.fixture
def without_object_panels(monkeypatch):
    """An app's own page cost, without the sections other apps add to it through
    ``isms.plugins.register_object_panel`` (their cost is tested in
    ``tests/isms/test_object_panel_queries.py``)."""
    from isms import plugins

    monkeypatch.setattr(plugins, "_object_panels", [])


@pytest.fixture
def browser(need_chromium):
    """A headless Debian Chromium driven by Playwright (no downloaded browsers here)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    executable = "/usr/lib/chromium/chromium" if os.path.exists("/usr/lib/chromium/chromium") else need_chromium
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def login_page(browser, live_server):
    """``login_page(user)``: a new browser page logged in as ``user`` through the login form;
    a persona who must use two-factor login gets an app and types its code on the
    verification page (``tests/tvasteg_helpers.py``)."""
    from tests.tvasteg_helpers import app_for, pass_second_step
    from tvasteg.selectors import requires_two_factor

    contexts = []

    def login(user, password="test-password-123"):
        second_step = requires_two_factor(user)
        if second_step:
            app_for(user)
        context = browser.new_context(locale="sv-SE", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.goto("/logga-in/")
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        if second_step:
            page.wait_for_url("**/tvastegsverifiering/verifiera/**")
            pass_second_step(page, user)
        page.wait_for_url(live_server.url + "/")
        return page

    yield login
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file (not in memory), so a real Celery worker started
    by a test (``tests/test_rapporter_worker.py``) can open the same database."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3" and not db.get("TEST", {}).get("NAME"):
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test_isms.sqlite3")


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests (browser, real worker) flush the database after each test, and with
    it the reference data the data migrations seeded: run their idempotent seed functions."""
    from importlib import import_module

    from django.apps import apps

    for name in (
        "0002_reference_data", "0003_requirement_catalogue",
        "0012_seed_level_criteria_and_personal_data_minimums",
    ):
        import_module(f"klassning.migrations.{name}").seed(apps, None)


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Threads of the live server (browser tests) can leave a PostgreSQL session open on the
    test database, which then cannot be dropped at the end: close those before teardown."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for conn in connections.all():
            if conn.vendor == "postgresql":
                with conn.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )


@pytest.fixture(scope="session", autouse=True)
def _audit_trail_flushable():
    """Tests that run outside a transaction (browser tests, the real worker) end with Django's
    flush, which empties every table. The audit trail refuses DELETE on SQLite
    (``sparbarhet.guard``): let the flush, and only the flush, through. (PostgreSQL's flush is a
    TRUNCATE, which the row triggers do not see.)"""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from sparbarhet import guard

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        guard.PURGE_ALLOWED = True
        try:
            return original(self, sql_list)
        finally:
            guard.PURGE_ALLOWED = False

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original
