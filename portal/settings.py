"""Settings for Một cửa số, every value read from the environment.

The embedded default (no DATABASE_URL, no REDIS_URL) runs on a bare machine:
SQLite, a file-system message broker with a local worker, a file cache. The
same code runs on the full stack (PostgreSQL, Redis, Celery workers).
`PORTAL_ENV=production` turns on every deployment safeguard; see .env.example.
"""

import os
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import drf_spectacular_sidecar
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


PORTAL_ENV = env_str("PORTAL_ENV", "development")
PRODUCTION = PORTAL_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
_DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-used-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEVELOPMENT_SECRET_KEY)
if PRODUCTION and len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SECRET_KEY must be set to 50 or more random characters in production."
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # catalog search lookups; inert on SQLite
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "bootstrap",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "portal.accounts.vneid_provider",
    "portal.accounts",
    "portal.audit",
    "portal.notifications",
    "portal.dashboards",
    "portal.core",
    "procedures",
    "dossiers",
    "dossiers.api_access",
    "datasources",
    "datasources.vneid",
    "datasources.gateway",
    "payments",
    "payments.platform",
    "complaints",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.core.middleware.NulCharacterRefusalMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.accounts.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.core.middleware.ReturnAfterLoginMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last: answers a password login refused for repeated failures.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]

# Database: SQLite unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# PostgreSQL: parameters bound by the server, and a statement a connection has
# run five times prepared (Django leaves psycopg's preparing off), so the
# statements of every request (session, user, the dossier's reads and writes)
# are parsed once per connection. Off behind a pooler that cannot keep prepared
# statements (PgBouncer in transaction mode before 1.21).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": 5,
        # Planned again at each run, for its values: a plan made once for any
        # unit would read a large ward's queue as it would a small one's.
        "options": "-c plan_cache_mode=force_custom_plan",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker) share the file: wait for locks instead of failing.
    # WAL lets readers go on while the worker writes; NORMAL sync is safe with WAL.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too, not memory: the live server's threads (the mock
    # gateway and VNeID answering in parallel) then each have their own connection.
    # One file per test run, so that two runs on one checkout never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Reverse proxies in front of the portal that append the client's address to
# X-Forwarded-For (a TLS proxy: 1). With 0 the header is ignored and the
# address is the connection's: a client could write anything in it.
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# Redis, when configured, carries the Celery broker and the shared cache.
REDIS_URL = env_str("REDIS_URL")

# The cache lives in its own Redis database, next to the broker's: clearing
# the cache must never drop queued tasks.
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL")


def _next_redis_database(url: str) -> str:
    head, _, database = url.rstrip("/").rpartition("/")
    if database.isdigit() and head.count("/") >= 2:
        return f"{head}/{int(database) + 1}"
    return f"{url.rstrip('/')}/1"


if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL or _next_redis_database(REDIS_URL),
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
        }
    }
else:
    # A file cache is shared by the web process and the local worker.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Celery: Redis on the full stack; otherwise a file-system broker that the
# local worker started by `make run` consumes (real background work, no services).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    "vneid-purge-expired-grants": {"task": "vneid.purge_expired_grants", "schedule": 3600.0},
    "dossiers-purge-stale-drafts": {"task": "dossiers.drafts_purge", "schedule": 3600.0},
    # Evidence kept for a complaint form sent back, never claimed.
    "complaints-purge-held-evidence": {
        "task": "complaints.held_evidence_purge",
        "schedule": 3600.0,
    },
    # Dossiers that have taken three times their processing time go to the leaders.
    "dossiers-escalations": {"task": "dossiers.escalations_run", "schedule": 3600.0},
    # Dossiers awaiting a signature after their unit's last leader left go to the
    # service centre, and to the unit's new leader once there is one.
    "dossiers-signer-gaps": {"task": "dossiers.signer_gaps_run", "schedule": 3600.0},
    # Complaints whose routing task a broker outage lost are routed again.
    "complaints-route-pending": {"task": "complaints.route_pending", "schedule": 120.0},
    # E-mails whose task a broker outage lost are sent again.
    "notifications-email-pending": {"task": "notifications.email_pending", "schedule": 300.0},
    "complaints-reporter-notices-email-pending": {
        "task": "complaints.reporter_notices_email_pending",
        "schedule": 300.0,
    },
    "dashboards-report-emails-pending": {
        "task": "dashboards.report_emails_pending",
        "schedule": 300.0,
    },
    # Reminders before a complaint's deadline; escalation after it, and at three times it.
    "complaints-follow-up": {"task": "complaints.follow_up", "schedule": 3600.0},
    # Leaders' dashboards read figures per unit and day: today's and yesterday's are rebuilt.
    "dashboards-figures-refresh": {"task": "dashboards.figures_refresh", "schedule": 600.0},
    # Every night, the last weeks recounted: records that changed a past day's figures.
    "dashboards-figures-settle": {
        "task": "dashboards.figures_settle",
        "schedule": crontab(minute=30, hour=1),
    },
    # Plan 145/KH-UBND: the weekly report every Thursday morning (CELERY_TIMEZONE),
    # of the week that ended on Wednesday evening, to each unit's leaders.
    "dashboards-reports-weekly": {
        "task": "dashboards.reports_weekly",
        "schedule": crontab(minute=0, hour=7, day_of_week=4),
    },
    # Each database owner's data-sharing report of last month, on the 1st.
    "dashboards-reports-monthly": {
        "task": "dashboards.reports_monthly",
        "schedule": crontab(minute=30, hour=7, day_of_month=1),
    },
}
# Complaints one client (an account, or an address when not logged in) may
# file per hour; more is refused with a 429 until the hour turns.
COMPLAINT_FILINGS_PER_HOUR = env_int("COMPLAINT_FILINGS_PER_HOUR", 10)
# Wrong public dossier look-ups (code and look-up key, no login) allowed per
# address, e.g. "10/15m"; past it, a 429 until the window ends. "off" for no limit.
DOSSIER_LOOKUP_FAILURES = env_str("DOSSIER_LOOKUP_FAILURES", "10/15m")
# Days an unsubmitted draft (and the data prefilled into it) is kept.
DOSSIER_DRAFT_RETENTION_DAYS = env_int("DOSSIER_DRAFT_RETENTION_DAYS", 30)
# Files an applicant uploads for the components data does not replace: at most
# this many megabytes each and this many per dossier, of these types, decided
# by the file's content, never by its name (known: application/pdf,
# image/jpeg, image/png, image/webp, image/heic).
DOSSIER_UPLOAD_MAX_MB = env_int("DOSSIER_UPLOAD_MAX_MB", 10)
DOSSIER_UPLOAD_MAX_FILES = env_int("DOSSIER_UPLOAD_MAX_FILES", 20)
DOSSIER_UPLOAD_TYPES = env_list(
    "DOSSIER_UPLOAD_TYPES", ["application/pdf", "image/jpeg", "image/png"]
)

# Data sources, read through the national data gateway (see datasources/).
# Adapters per source by dotted path ("population=datasources.adapters.GatewayAdapter,…");
# every source not named uses the gateway adapter.
DATASOURCE_ADAPTERS = dict(
    item.split("=", 1) for item in env_list("DATASOURCE_ADAPTERS") if "=" in item
)
# Seconds to open a connection to the gateway, and to wait for its answer.
GATEWAY_CONNECT_TIMEOUT = env_float("GATEWAY_CONNECT_TIMEOUT", 1.0)
GATEWAY_READ_TIMEOUT = env_float("GATEWAY_READ_TIMEOUT", 3.0)
# Retries of an idempotent read after a refused connection or a 502/503/504,
# waiting GATEWAY_RETRY_BACKOFF seconds, doubled each time.
GATEWAY_RETRIES = env_int("GATEWAY_RETRIES", 2)
GATEWAY_RETRY_BACKOFF = env_float("GATEWAY_RETRY_BACKOFF", 0.1)
# A source's circuit opens after this many consecutive failures, and lets one
# probe through after BREAKER_RESET_SECONDS.
BREAKER_FAILURE_THRESHOLD = env_int("BREAKER_FAILURE_THRESHOLD", 3)
BREAKER_RESET_SECONDS = env_float("BREAKER_RESET_SECONDS", 30.0)
# A source a draft's prefill asked this many seconds ago and still not heard
# from (the worker down, the task lost) is shown as not answering, and the
# citizen goes on without it: well past a read's worst case through the
# gateway ((connect + read timeout) x (1 + retries), about 12 s), with a
# margin for the task's wait in the queue.
PREFILL_NO_ANSWER_SECONDS = env_float("PREFILL_NO_ANSWER_SECONDS", 45.0)
# A correction request still open this many days after it was opened is
# overdue (quá hạn xử lý): one rule for the owner's queue, the leaders'
# dashboard and the reports (datasources.selectors.corrections_aged_since).
CORRECTION_AGED_DAYS = env_int("CORRECTION_AGED_DAYS", 15)

AUTHENTICATION_BACKENDS = [
    # First: refuses any password while the username is locked from that address.
    "axes.backends.AxesStandaloneBackend",
    # Password login exists only for administrators; everyone else uses VNeID.
    "portal.accounts.backends.AdministratorPasswordBackend",
    "portal.accounts.backends.VNeIDSessionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password login (administrators, /admin/) is locked for LOGIN_LOCKOUT_MINUTES
# after LOGIN_FAILURE_LIMIT wrong passwords in a row for one username from one
# address (django-axes; the attempts are listed in the admin). Meanwhile the
# login answers a 429 page with Retry-After, whatever the password.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.core.rate_limits.client_address"
AXES_LOCKOUT_CALLABLE = "portal.accounts.lockout.login_locked_out"
# The portal logs a lockout itself (portal/accounts/lockout.py); axes would
# otherwise announce its version on every command and process start.
AXES_VERBOSE = False

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public-home"

# django-allauth: social login only, through the VNeID OpenID Connect provider.
SOCIALACCOUNT_ONLY = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*"]
ACCOUNT_LOGOUT_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_ADAPTER = "portal.accounts.adapters.VNeIDSocialAccountAdapter"
ACCOUNT_ADAPTER = "portal.accounts.adapters.PortalAccountAdapter"
# allauth's own rate limits (its defaults, in the shared cache) count by the
# address the trusted proxies report, as the portal's do.
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES

# The VNeID identity provider. The embedded default mounts the mock provider in
# this process at /vneid/; the portal still reaches it over HTTP like the real one.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Outside production the portal also answers on its own address, and takes forms
# from it (HTTPS through a developer's tunnel too): `make run HOST=… PORT=…` sets
# PORTAL_BASE_URL to where it serves. Unless ALLOWED_HOSTS or
# CSRF_TRUSTED_ORIGINS is set; production names its own.
_BASE_URL = urlsplit(PORTAL_BASE_URL)
if not PRODUCTION and _BASE_URL.hostname:
    _BASE_HOST = f"[{_BASE_URL.hostname}]" if ":" in _BASE_URL.hostname else _BASE_URL.hostname
    if not env_str("ALLOWED_HOSTS") and _BASE_HOST not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(_BASE_HOST)
    if not env_str("CSRF_TRUSTED_ORIGINS"):
        CSRF_TRUSTED_ORIGINS.append(f"{_BASE_URL.scheme}://{_BASE_URL.netloc}")
VNEID_ISSUER = env_str("VNEID_ISSUER", f"{PORTAL_BASE_URL}/vneid").rstrip("/")
VNEID_CLIENT_ID = env_str("VNEID_CLIENT_ID", "mot-cua-so-portal")
VNEID_CLIENT_SECRET = env_str("VNEID_CLIENT_SECRET", "" if PRODUCTION else "dev-vneid-secret")
# The portal's callback addresses registered with the provider.
VNEID_REDIRECT_URIS = env_list(
    "VNEID_REDIRECT_URIS",
    [
        f"{PORTAL_BASE_URL}/accounts/vneid/login/callback/",
        *([] if PRODUCTION else ["http://localhost:8000/accounts/vneid/login/callback/"]),
    ],
)
# The mock provider's RS256 signing key (PEM). Without one, a key is generated
# once and kept in the database, so every process signs with the same key.
VNEID_SIGNING_KEY_PEM = env_str("VNEID_SIGNING_KEY_PEM")
# Delay the mock provider adds to its token and userinfo answers, as the
# national system's round trips would (milliseconds).
VNEID_LATENCY_MS = env_int("VNEID_LATENCY_MS", 0)
# Token requests the mock provider answers per client and window, as the
# national system limits each connected application ("off": no limit); past
# it a 429 with Retry-After, which the portal's login shows as a failed login.
VNEID_TOKEN_RATE = env_str("VNEID_TOKEN_RATE", "600/min")
SOCIALACCOUNT_PROVIDERS = {
    "vneid": {
        "APPS": [
            {
                "provider_id": "vneid",
                "name": "VNeID",
                "client_id": VNEID_CLIENT_ID,
                "secret": VNEID_CLIENT_SECRET,
                "settings": {
                    "server_url": VNEID_ISSUER,
                    "token_auth_method": "client_secret_post",
                    "oauth_pkce_enabled": True,
                },
            }
        ],
        "SCOPE": ["openid", "profile"],
    }
}

# The national data gateway (the mock one is mounted at /gateway/ in the
# embedded default, or runs on its own port: `manage.py run_gateway`).
GATEWAY_URL = env_str("GATEWAY_URL", f"{PORTAL_BASE_URL}/gateway").rstrip("/")
GATEWAY_CLIENT_ID = env_str("GATEWAY_CLIENT_ID", "mot-cua-so-portal")
GATEWAY_CLIENT_SECRET = env_str("GATEWAY_CLIENT_SECRET", "" if PRODUCTION else "dev-gateway-secret")
# The clients the mock gateway accepts ("id:secret,…"; default: the portal's own).
GATEWAY_ACCEPTED_CLIENTS = dict(
    item.split(":", 1)
    for item in env_list(
        "GATEWAY_ACCEPTED_CLIENTS", [f"{GATEWAY_CLIENT_ID}:{GATEWAY_CLIENT_SECRET}"]
    )
    if ":" in item
)
# The mock gateway's operator credential (behaviour of sources, owners' corrections).
GATEWAY_OPERATOR_SECRET = env_str(
    "GATEWAY_OPERATOR_SECRET", "" if PRODUCTION else "dev-gateway-operator"
)
# The mock gateway's latency (ms) and failure rate per source, as
# "population=80:0,civil_status=120:0.05,…"; adjustable at run time.
GATEWAY_BEHAVIOUR = {
    code: (int(latency), float(failure))
    for code, _, rest in (item.partition("=") for item in env_list(
        "GATEWAY_BEHAVIOUR",
        ["population=80:0", "civil_status=120:0", "vneid_documents=60:0",
         "business_registration=150:0", "insurance=100:0", "land=200:0"],
    ))
    for latency, _, failure in [rest.partition(":")]
}  # fmt: skip

# Online payment of fees through the national payment platform (PayGov). The
# mock platform is mounted at /payment-platform/ in the embedded default, or
# runs on its own port: `manage.py run_payment_platform`.
PAYMENT_PLATFORM_URL = env_str(
    "PAYMENT_PLATFORM_URL", f"{PORTAL_BASE_URL}/payment-platform"
).rstrip("/")
# The portal's merchant account with the platform (the secret is required in production).
PAYMENT_MERCHANT_ID = env_str("PAYMENT_MERCHANT_ID", "mot-cua-so-portal")
PAYMENT_MERCHANT_SECRET = env_str(
    "PAYMENT_MERCHANT_SECRET", "" if PRODUCTION else "dev-payment-merchant-secret"
)
# The secret the platform signs its payment notifications with (HMAC-SHA256);
# required in production: without it every notification is refused.
PAYMENT_WEBHOOK_SECRET = env_str(
    "PAYMENT_WEBHOOK_SECRET", "" if PRODUCTION else "dev-payment-webhook-secret"
)
# Where the platform sends its notifications (default: PORTAL_BASE_URL/payments/webhook/).
PAYMENT_WEBHOOK_URL = env_str("PAYMENT_WEBHOOK_URL")
# A notification signed longer ago than this (seconds) is refused as a replay.
PAYMENT_WEBHOOK_TOLERANCE_SECONDS = env_int("PAYMENT_WEBHOOK_TOLERANCE_SECONDS", 300)
PAYMENT_CONNECT_TIMEOUT = env_float("PAYMENT_CONNECT_TIMEOUT", 2.0)
PAYMENT_READ_TIMEOUT = env_float("PAYMENT_READ_TIMEOUT", 5.0)
# The mock platform only: the merchants it accepts ("id:secret,…"; default: the
# portal's), the address browsers reach its checkout at (default:
# PAYMENT_PLATFORM_URL), how long an order can be paid (minutes), and the
# latency (ms) and failure rate of its API, changeable at run time.
PAYMENT_PLATFORM_MERCHANTS = dict(
    item.split(":", 1)
    for item in env_list(
        "PAYMENT_PLATFORM_MERCHANTS", [f"{PAYMENT_MERCHANT_ID}:{PAYMENT_MERCHANT_SECRET}"]
    )
    if ":" in item
)
PAYMENT_PLATFORM_PUBLIC_URL = env_str("PAYMENT_PLATFORM_PUBLIC_URL").rstrip("/")
PAYMENT_PLATFORM_ORDER_TTL_MINUTES = env_int("PAYMENT_PLATFORM_ORDER_TTL_MINUTES", 15)
PAYMENT_PLATFORM_LATENCY_MS = env_int("PAYMENT_PLATFORM_LATENCY_MS", 150)
PAYMENT_PLATFORM_FAILURE_RATE = env_float("PAYMENT_PLATFORM_FAILURE_RATE", 0.0)
CELERY_BEAT_SCHEDULE.update({
    # Payments whose notification never came are asked about; notifications
    # the portal did not take are sent again.
    "payments-reconcile-pending": {"task": "payments.reconcile_pending", "schedule": 300.0},
    "payment-platform-redeliver": {"task": "payment_platform.redeliver", "schedule": 60.0},
})  # fmt: skip

# Internationalization: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]  # 15.000 đồng: thousands grouped in Vietnamese
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from it once collected
# Of the API documentation bundles the sidecar package ships, Swagger UI only
# (SPECTACULAR_SETTINGS): Redoc styles itself with inline <style> elements,
# which the Content-Security-Policy refuses, so it is neither collected nor served.
SWAGGER_UI_STATIC = "drf_spectacular_sidecar/swagger-ui-dist"
SIDECAR_STATIC = Path(drf_spectacular_sidecar.__file__).parent / "static"
STATICFILES_DIRS = [BASE_DIR / "static", (SWAGGER_UI_STATIC, SIDECAR_STATIC / SWAGGER_UI_STATIC)]
STORAGES = {
    # Uploaded files are applicants' papers: private, readable by the portal's
    # user only, with no URL. Only the dossier's download view serves them.
    "default": {
        "BACKEND": "dossiers.file_storage.PrivateFileSystemStorage",
        "OPTIONS": {"file_permissions_mode": 0o640, "directory_permissions_mode": 0o750},
    },
    # Collected, with hashed names, as production serves them, whenever DEBUG
    # is off (`make run` too); with DEBUG on, each file as it is edited.
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION or not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Where uploaded files are kept. Nothing serves this directory: no URL maps
# it, and the web server must not either.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["portal.core.session_auth.PortalSessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "portal.api_schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "portal.api_errors.exception_handler",
    # JSON only: DRF's browsable pages would be a second, English-only face of
    # every endpoint, outside the portal's design and its style policy. People
    # read and try the API at /api/docs/; programs get the same JSON as ever.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Requests per minute or hour of each caller, counted in the shared cache:
    # an agency API client, a logged-in user, an address (not logged in). Past
    # it, a 429 `throttled` with Retry-After. "off" for no limit.
    "DEFAULT_THROTTLE_CLASSES": ["portal.core.api_throttling.PortalApiThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "agency_client": env_str("API_RATE_AGENCY_CLIENT", "1200/min"),
        "user": env_str("API_RATE_USER", "600/min"),
        "anon": env_str("API_RATE_ANON", "300/min"),
    },
    "NUM_PROXIES": NUM_PROXIES,
}
# Wrong agency API credentials allowed per address and per client ID (e.g.
# "10/15m"), counted in the shared cache; past it, a 429 `throttled` with
# Retry-After, answered before the secret is hashed. "off" for no limit.
API_RATE_AUTH_FAILURES = env_str("API_RATE_AUTH_FAILURES", "10/15m")
SPECTACULAR_SETTINGS = {
    "TITLE": "Một cửa số API",
    "DESCRIPTION": "Administrative procedures resolved from data the state already holds.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the portal's own static files, not a CDN: the
    # Content-Security-Policy allows scripts and styles from the portal only, and
    # the documentation works without internet access. Not Redoc: its inline
    # styles are refused (STATICFILES_DIRS).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DossierStatusEnum": "dossiers.models.DossierStatus",
        "ReplacementListStatusEnum": "procedures.models.ReplacementListStatus",
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# A no-reply address: the e-mails say replies are not read and where to get help.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cổng Một cửa số <no-reply@motcuaso.gov.vn>")
# Server errors are e-mailed to ADMINS ("Name <address>", comma-separated; none by
# default), with the request that failed, from SERVER_EMAIL: by default an address
# of DEFAULT_FROM_EMAIL's domain, not Django's root@localhost that mail servers refuse.
ADMINS = [parseaddr(admin) for admin in env_list("ADMINS")]
_MAIL_DOMAIN = parseaddr(DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
SERVER_EMAIL = env_str("SERVER_EMAIL", f"Cổng Một cửa số <server@{_MAIL_DOMAIN}>")
# The report says where the request failed, without its personal data: every
# form value, cookie, query value and variable hidden, secrets too. Its subject
# starts with EMAIL_SUBJECT_PREFIX.
DEFAULT_EXCEPTION_REPORTER_FILTER = "portal.error_reports.PersonalDataReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "portal.error_reports.PersonalDataExceptionReporter"
EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", "[Một cửa số] ")
# Seconds before a mail server that does not answer counts as down (the e-mail is tried again).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# The help line the e-mails' footer names, if the portal has one.
PORTAL_HOTLINE = env_str("PORTAL_HOTLINE")

# Django's errors are e-mailed to ADMINS as Django does (not with DEBUG on), by a
# handler that masks the personal numbers a failed path or query shows.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "portal.error_reports.PersonalDataAdminEmailHandler",
        },
    },
    "loggers": {"django": {"handlers": ["mail_admins"], "level": "INFO"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

SESSION_COOKIE_HTTPONLY = True
# A login ends when the browser closes (a shared computer at a commune office),
# and at the latest SESSION_HOURS after it, whatever expiry the session was stored
# with (the login time is noted in it); a staff member's, after
# STAFF_IDLE_MINUTES without a request (0: never; portal/accounts/sessions.py).
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8) * 3600
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Content-Security-Policy, enforced in every environment (tests too, so that the
# browser tests meet a violation as a user would): scripts, styles, fonts and
# connections from the portal only, no inline script without the response's
# nonce, no inline style, no plug-ins, never framed. Forms post to the portal
# and to the VNeID and payment platform pages it sends people to; their
# redirects back to the portal count as the form's target too.
_FORM_TARGETS = [
    PORTAL_BASE_URL,
    *VNEID_REDIRECT_URIS,
    VNEID_ISSUER,
    PAYMENT_PLATFORM_PUBLIC_URL or PAYMENT_PLATFORM_URL,
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF, *sorted({_origin(url) for url in _FORM_TARGETS} - {""})],
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is probed over plain HTTP inside the cluster.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
