"""Settings for the Stockholm ISMS portal, all read from the environment.

Embedded default (nothing set): SQLite file in the project, Celery tasks run eagerly, DEBUG on.
Production: set DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and
CELERY_BROKER_URL (Redis). See README.md for the table of variables.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY måste sättas när DEBUG är avstängt.")
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "nämnder.apps.NamnderConfig",
    "klassning.apps.KlassningConfig",
    "leverantorer.apps.LeverantorerConfig",
    "risk.apps.RiskConfig",
    "incidenter.apps.IncidenterConfig",
    "rapporter.apps.RapporterConfig",
    "notifieringar.apps.NotifieringarConfig",
    "drift.apps.DriftConfig",
    "ledningssystem.apps.LedningssystemConfig",
    "sparbarhet.apps.SparbarhetConfig",
    "tvasteg.apps.TvastegConfig",
    "oversikt.apps.OversiktConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "isms.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor (if any) verified this session: ``request.user.is_verified()``
    # (django-otp's, checking the session's device in the query that loads the person).
    "tvasteg.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Two-factor login: a person who must use it (or has turned it on) reaches nothing but the
    # verification and enrolment pages, logout and the health probes until the session is
    # verified (tvasteg/middleware.py, docs/tvasteg.md).
    "tvasteg.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database connection lost during a request: a Swedish 503 page, not a 500.
    "isms.middleware.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "isms.urls"
WSGI_APPLICATION = "isms.wsgi.application"
ASGI_APPLICATION = "isms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "nämnder.context_processors.current_roles",
                "isms.context_processors.navigation",
            ],
            # Kernel template tags (``isms`` is not an app): any app's template may load them.
            # ``|date`` with a quick path for the ISO formats of the tables, and ``{% url %}``
            # reversing each pattern once per process (the same output: isms/templatetags/).
            "builtins": ["isms.templatetags.fast_date", "isms.templatetags.fast_url"],
            "libraries": {
                # Django's i18n tags; {% translate "…" %} looked up once per language.
                "i18n": "isms.templatetags.fast_i18n",
                "report_tags": "isms.templatetags.report_tags",
                "plugin_tags": "isms.templatetags.plugin_tags",
                "field_tags": "isms.templatetags.field_tags",
                "history_tags": "isms.templatetags.history_tags",
            },
        },
    },
]

# ``i18n`` is loaded from isms.templatetags.fast_i18n (Django's library, one tag faster): the
# intended duplicate of Django's name. tests/isms/test_fast_i18n_f.py fails on any other one.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]

# Django's form renderer with the common widgets (select, input, textarea) written in Python:
# the same HTML, without a template include per <option> (isms/form_renderer.py).
FORM_RENDERER = "isms.form_renderer.FastTemplates"

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (seconds; 0 = one per request), checked before reuse: a connection
# the database dropped (restart, failover, pg_terminate_backend) is replaced when the next
# request starts instead of failing it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The queries of every signed-in request run as server-side prepared statements on PostgreSQL
# (isms/prepared.py), planned once per connection. Off ("false") behind a pooler that hands
# connections over per transaction (PgBouncer's transaction mode), where they do not last.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
# On PostgreSQL the test database is copied from this template, so a template created with
# ICU Swedish collation (see .ci/run) gives tests Swedish sort order (å, ä, ö).
_test_template = env.str("DATABASE_TEST_TEMPLATE", default="")
if _test_template:
    DATABASES["default"]["TEST"] = {"TEMPLATE": _test_template}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under a (threaded) web server: readers never block the writer (WAL),
    # a transaction takes the write lock when it starts (IMMEDIATE: no deadlock when two
    # read-then-write transactions meet), and a writer waits for the lock instead of failing
    # with "database is locked" (a 500).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_TIMEOUT", default=20),  # seconds
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    })
    # The asset list's covering indexes (INCLUDE columns) are for PostgreSQL at city scale;
    # SQLite builds them without the extra columns, which is all the embedded default needs.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # No JIT: this workload is many short queries, and PostgreSQL's JIT (on by default in 15)
    # compiles any query whose estimate passes jit_above_cost. Measured on 20,000 assets: the
    # asset list's old last-page query 270-300 ms without JIT, 310-470 ms with; the full asset
    # export query 73-82 ms without, 79-140 ms with; the lists' queries on the assets' state
    # columns equal either way. JIT pays off only for long analytical queries.
    #
    # random_page_cost: the planner's price of reading a page out of order (default 4, from
    # spinning disks). On SSD or a database held in memory, 1.1 makes it use the indexes where a
    # few hundred lookups beat scanning a whole table (the assets' approved classifications behind
    # the action plan and the IT service pages). PG_RANDOM_PAGE_COST="" leaves the server's value.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg = ["-c jit=off"]
    if _random_page_cost := env.str("PG_RANDOM_PAGE_COST", default="1.1"):
        _pg.append(f"-c random_page_cost={float(_random_page_cost)}")
    _options["options"] = " ".join([_options.get("options", ""), *_pg]).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses further attempts after repeated failed logins (django-axes).
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend; it loads the signed-in person with what two-factor login needs
    # (tvasteg/backends.py), in the same query.
    "tvasteg.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
# Guardian: anonymous users get no object permissions at all.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Brute-force protection: after LOGIN_FAILURE_LIMIT failed logins for one username from one
# address, further attempts are refused for LOGIN_LOCKOUT_MINUTES (failed attempts are logged).
AXES_ENABLED = env.bool("LOGIN_THROTTLING", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
# The address the lockout counts is REMOTE_ADDR unless TRUSTED_PROXY_COUNT reverse proxies of
# ours stand in front of gunicorn (then the address they put in X-Forwarded-For; see
# isms/client_ip.py). Never set it while gunicorn's port is reachable directly: anyone could
# then choose their address and lock out someone else or dodge the lockout.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT kan inte vara negativt.")
AXES_CLIENT_IP_CALLABLE = "isms.client_ip.client_ip_address"
# A wrong one-time code counts as a failed login (tvasteg): never store the code it posted.
AXES_SENSITIVE_PARAMETERS = ["code"]

# Two-factor login (django-otp, TOTP; tvasteg/, docs/tvasteg.md). The issuer names the portal
# in the authenticator app; a failed code makes the next attempt wait 1, 2, 4, … seconds.
OTP_TOTP_ISSUER = "LIS Stockholms stad"
OTP_TOTP_THROTTLE_FACTOR = 1
# A code is accepted one time step (30 s) either side of the clock, and never learned as a new
# drift: a code from the step ahead must not move the window for the next login.
OTP_TOTP_SYNC = False
OTP_STATIC_THROTTLE_FACTOR = 1
# Changing one's app, renewing recovery codes or turning two-factor login off needs a code
# entered within this many seconds (at login or on the confirmation page): a session left open
# is not enough to take over or remove someone's second factor.
TVASTEG_REAUTH_SECONDS = env.int("TVASTEG_REAUTH_SECONDS", default=10 * 60)

# Django's database sessions, read with SQL built once per process (isms/sessions.py).
SESSION_ENGINE = "isms.sessions"
# Session ends after this much inactivity (seconds); activity renews it (within a minute).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# Idle timeout: the session is re-saved (its expiry moved on) when it was last saved more than
# SESSION_REFRESH_INTERVAL seconds ago, not on every request (isms.sessions).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_INTERVAL = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska"))]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Evidence files of the action plans (klassning): stored under MEDIA_ROOT, served only through
# the portal's access checks, never as /media/ URLs.
EVIDENCE_MAX_UPLOAD_MB = env.int("EVIDENCE_MAX_UPLOAD_MB", default=10)
EVIDENCE_FILE_TYPES = env.list(
    "EVIDENCE_FILE_TYPES",
    default=["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv"],
)
# Request bodies: form fields (not files) up to 2.5 MB in memory, more is refused (400); an
# uploaded file over 2.5 MB is spooled to a temporary file rather than held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env.bool("ISMS_TESTING", default=False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default=""))
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
# No broker configured: run tasks in-process (embedded default, no Redis needed).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
# A task is acknowledged only when it has run, and a task whose worker process died is put
# back on the queue: a killed worker loses nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a task not acknowledged within this many seconds: longer than the longest
# report render, or a slow render would be started a second time.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
}
CELERY_BEAT_SCHEDULE: dict = {}

# --- Background work that survives a broker or worker failure (isms/outbox.py) ----------------
# A request publishes with this connect timeout (seconds) and no retries; the database row is
# the record, so a failed publish loses nothing.
OUTBOX_PUBLISH_TIMEOUT = env.float("OUTBOX_PUBLISH_TIMEOUT", default=2.0)
# Work recorded but still not sent after this many seconds is sent again by the sweep.
OUTBOX_REQUEUE_AFTER = env.int("OUTBOX_REQUEUE_AFTER", default=120)
# How often beat runs the sweep and records the worker's heartbeat (seconds).
OUTBOX_SWEEP_INTERVAL = env.int("OUTBOX_SWEEP_INTERVAL", default=60)
WORKER_HEARTBEAT_INTERVAL = env.int("WORKER_HEARTBEAT_INTERVAL", default=60)
# /readyz and the report page call the background service unavailable when no worker has been
# seen for this many minutes.
WORKER_HEARTBEAT_MAX_AGE_MINUTES = env.int("WORKER_HEARTBEAT_MAX_AGE_MINUTES", default=5)

# --- Yearly follow-up reports (rapporter) ------------------------------------------------------
# Celery beat orders every unit's and the city's report for the previous year on this date
# (default 15 January); a daily task checks the date, with a catch-up window if beat was down.
REPORT_SCHEDULE_MONTH = env.int("REPORT_SCHEDULE_MONTH", default=1)
REPORT_SCHEDULE_DAY = env.int("REPORT_SCHEDULE_DAY", default=15)
REPORT_SCHEDULE_HOUR = env.int("REPORT_SCHEDULE_HOUR", default=3)
REPORT_SCHEDULE_CATCHUP_DAYS = env.int("REPORT_SCHEDULE_CATCHUP_DAYS", default=7)
REPORT_MAX_RETRIES = env.int("REPORT_MAX_RETRIES", default=3)
REPORT_RETRY_BACKOFF = env.int("REPORT_RETRY_BACKOFF", default=30)  # seconds, doubled per retry
# A report still "genereras" after this many seconds lost its worker (killed, out of memory):
# the sweep orders it again. Longer than the longest render, shorter than the visibility timeout.
REPORT_STALE_AFTER = env.int("REPORT_STALE_AFTER", default=30 * 60)
# Attempts (renders started) after which a report is marked misslyckad instead of sent again.
REPORT_MAX_ATTEMPTS = env.int("REPORT_MAX_ATTEMPTS", default=REPORT_MAX_RETRIES + 1)
# The verify form refuses files larger than this (a report from the archive is far smaller).
REPORT_VERIFY_MAX_SIZE = env.int("REPORT_VERIFY_MAX_MB", default=50) * 1024 * 1024
# Orders per person and rolling hour (each one renders a PDF); 0 turns the limit off.
REPORT_ORDER_LIMIT_PER_HOUR = env.int("REPORT_ORDER_LIMIT_PER_HOUR", default=10)
# The earliest year a report may be ordered for: the portal has no data before it.
REPORT_FIRST_YEAR = env.int("REPORT_FIRST_YEAR", default=2024)
if not (1 <= REPORT_SCHEDULE_MONTH <= 12 and 1 <= REPORT_SCHEDULE_DAY <= 31):
    raise ImproperlyConfigured("REPORT_SCHEDULE_MONTH/REPORT_SCHEDULE_DAY är inte ett giltigt datum.")
CELERY_BEAT_SCHEDULE["rapporter-arliga-uppfoljningar"] = {
    "task": "rapporter.order_scheduled_reports",
    "schedule": crontab(hour=REPORT_SCHEDULE_HOUR, minute=0),
}

# --- Operations (drift): the outbox sweep and the worker's heartbeat, run by beat -------------
CELERY_BEAT_SCHEDULE["drift-skicka-igen"] = {
    "task": "drift.sweep_background_queues", "schedule": OUTBOX_SWEEP_INTERVAL,
}
CELERY_BEAT_SCHEDULE["drift-hjartslag"] = {
    "task": "drift.worker_heartbeat", "schedule": WORKER_HEARTBEAT_INTERVAL,
}

# --- Spårbarhet: the audit trail's hash chain is verified every night (sparbarhet/chain.py) ----
AUDIT_VERIFY_HOUR = env.int("AUDIT_VERIFY_HOUR", default=2)
CELERY_BEAT_SCHEDULE["sparbarhet-kontrollera-kedjan"] = {
    "task": "sparbarhet.verify_audit_trail",
    "schedule": crontab(hour=AUDIT_VERIFY_HOUR, minute=30),
}

# --- Översikt: the city's key figures are kept between requests (oversikt/figure_cache.py) until
# the data changes, the day turns, a register's next deadline, or this many seconds at most.
OVERSIKT_FIGURES_MAX_AGE = env.int("OVERSIKT_FIGURES_MAX_AGE", default=300)
# A closed month's trend values are kept only this many minutes after its end (a transaction
# open at midnight has committed by then): ``oversikt.trend_cache.settle``.
OVERSIKT_TREND_SETTLE_MINUTES = env.int("OVERSIKT_TREND_SETTLE_MINUTES", default=60)

# --- Översikt: the trends' closed months are computed and kept each night (oversikt/trend_cache.py)
CELERY_BEAT_SCHEDULE["oversikt-spara-manadsvarden"] = {
    "task": "oversikt.fill_closed_months", "schedule": crontab(hour=1, minute=45),
}

# --- Incidents: reminders before each legal reporting deadline (incidenter/services/reminders.py)
# Hours before a deadline at which the handler and the unit's samordnare are reminded (and once
# more when it has passed), and how often beat looks (seconds).
INCIDENT_REMINDER_LEAD_HOURS = env.list("INCIDENT_REMINDER_LEAD_HOURS", cast=int, default=[24, 4])
INCIDENT_REMINDER_INTERVAL = env.int("INCIDENT_REMINDER_INTERVAL", default=600)
CELERY_BEAT_SCHEDULE["incidenter-paminnelser"] = {
    "task": "incidenter.send_deadline_reminders", "schedule": INCIDENT_REMINDER_INTERVAL,
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="isms@stockholm.se")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)  # seconds; a hung mail server frees the worker
# The portal's address as people reach it: links in e-mails (notifieringar) start with it.
PORTAL_URL = env.str("PORTAL_URL", default="http://localhost:8000")

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): only the portal's own static files run or style a page;
# no inline script or style (keep JS and CSS in static/), no framing, no plugins, and forms
# post only to the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer's and the containers' health probes speak plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO: keep report generation logs readable.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

ISMS_VERSION = "0.1.0"
