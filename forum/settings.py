"""Settings for forum: one module, read from the environment (see .env.example).

With no environment the site runs embedded: SQLite, local-memory cache, background jobs
in-process after commit, email to the console. Production sets DATABASE_URL, REDIS_URL and
DJANGO_SECRET_KEY; with DJANGO_DEBUG off the secret key is required.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from forum.content import CONTENT_LANGUAGES, DEFAULT_CONTENT_LANGUAGE

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see .env.example)."
        )
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The public address, for links and identifiers (calendar UIDs, frab guids): required in
# production (deploy check forum.W001). Unset with DEBUG on (the demo), links follow the
# request's host, validated against ALLOWED_HOSTS; identifiers keep the fixed address below.
SITE_URL = env.str("FORUM_SITE_URL", default="").rstrip("/")
SITE_URL_FROM_REQUEST = not SITE_URL  # and only while DEBUG is on: see forum/site.py
SITE_URL = SITE_URL or "http://127.0.0.1:8000"

INSTALLED_APPS = [
    # Before the admin: per-language columns of content fields (each app's translation.py).
    "modeltranslation",
    "forum.adminapp.SuperuserAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the form renderer finds Django's own widget templates through here
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "forum",
    "events",
    "registrations",
    "sessions.apps.ProgrammeConfig",
    "outcomes",  # outcome statements
    "documents",  # concept notes, background papers, presentations, reports
]

MIDDLEWARE = [
    "forum.site.SiteURLMiddleware",  # site_url() follows the request in development only
    "django.middleware.security.SecurityMiddleware",
    # A stopped database or cache answers 503 with Retry-After (with handler500 in forum/urls.py).
    "forum.middleware.ServiceUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "forum.locale.LocaleMiddleware",  # Django's, minus Vary on feeds (forum/locale.py)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout signal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "forum.urls"
FORM_RENDERER = "forum.forms.FormRenderer"
WSGI_APPLICATION = "forum.wsgi.application"
ASGI_APPLICATION = "forum.asgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]


# --- Partner API -------------------------------------------------------------------
# Read-only published data under /api/v1/ (DRF), its OpenAPI schema and local docs assets,
# CORS for any origin on GET/HEAD/OPTIONS without credentials, per-key and anonymous throttles.
INSTALLED_APPS += [
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "api.apps.ApiConfig",
]
# CORS answers preflights before anything else may refuse them (django-cors-headers asks to be
# above CommonMiddleware; above WhiteNoise too, so it stays first after security).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "corsheaders.middleware.CorsMiddleware",
)
# Fast path for warm published reads (GET/HEAD, anonymous): 304s and cached renders answered
# right after static files, before CSP, sessions, locale, CSRF, auth and DRF, with the same
# headers; anything else falls through to the view (api/middleware.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "api.middleware.PublishedFastPathMiddleware",
)
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "authorization",
    "if-none-match",
    "if-modified-since",
]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language"]
CORS_PREFLIGHT_MAX_AGE = 86400
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.PartnerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.PublishedReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PartnerRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_anon": env.str("FORUM_API_ANON_RATE", default="60/min"),
        "api_partner": env.str("FORUM_API_PARTNER_RATE", default="600/min"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JSONFallbackNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
    # The client address as forum.ratelimit.client_address sees it (FORUM_NUM_PROXIES below).
    "NUM_PROXIES": env.int("FORUM_NUM_PROXIES", default=0),
}
# Webhook endpoints: https only (off for intranet partners), never into internal networks
# unless listed here (CIDRs, e.g. a partner on the organisers' own network).
FORUM_WEBHOOK_REQUIRE_HTTPS = env.bool("FORUM_WEBHOOK_REQUIRE_HTTPS", default=not DEBUG)
FORUM_WEBHOOK_ALLOWED_NETWORKS = env.list("FORUM_WEBHOOK_ALLOWED_NETWORKS", default=[])
SPECTACULAR_SETTINGS = {
    "TITLE": "forum partner API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (BASE_DIR / "docs" / "api.md").read_text(encoding="utf-8")
    + "\n\n"
    + (BASE_DIR / "docs" / "webhooks.md").read_text(encoding="utf-8"),
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"ContentLanguageEnum": "forum.content.CONTENT_LANGUAGES"},
}
# --- end Partner API ----------------------------------------------------------------------------

# --- Database -------------------------------------------------------------------------------
# Embedded: SQLite with IMMEDIATE transactions (a writer takes the lock when its transaction
# starts, so concurrent writers wait instead of failing with "database is locked") and WAL
# (readers never block the writer).
SQLITE_PATH = env.str("FORUM_SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default=f"sqlite:///{SQLITE_PATH}",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # A file, not memory: the race and browser tests use several connections at once.
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("FORUM_SQLITE_TEST_PATH", default=str(BASE_DIR / "test-db.sqlite3"))
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Partner API: opening a SQLite connection runs the WAL/synchronous PRAGMAs
# (~4 ms), more than serving a cached API response: keep connections, as PostgreSQL does.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background jobs -------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("FORUM_CACHE_PREFIX", default="forum"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work goes through the outbox (forum.models.Job, see forum.tasks and forum.jobs).
# With REDIS_URL, Celery workers run it and beat sweeps due jobs every minute; without, a
# thread pool of the web process runs it and sweeps every FORUM_JOBS_SWEEP_SECONDS.
FORUM_JOBS_THREADS = env.int("FORUM_JOBS_THREADS", default=2)
FORUM_JOBS_SWEEP_SECONDS = env.float("FORUM_JOBS_SWEEP_SECONDS", default=30)
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# A request publishing a job must not hang on a broker that is down (the sweep sends it later).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Auth ------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while an attacker is locked out
    "rules.permissions.ObjectPermissionBackend",  # per-event organiser permissions
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "manage:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Login rate limiting: 5 failures for one username (from any address), or from one address
# (for any usernames), lock that username or that address for 15 minutes. The address is the
# one the rate limits see (FORUM_NUM_PROXIES); usernames are cut to 150 characters.
AXES_FAILURE_LIMIT = env.int("FORUM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("FORUM_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "forum.ratelimit.axes_client_address"
AXES_USERNAME_CALLABLE = "forum.ratelimit.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password"]

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]

# Content (titles, names, descriptions) may be written in more languages than the interface:
# one column per language (django-modeltranslation). Existing texts are English; nothing is
# copied between languages; a plain read of a translated field falls back through them all.
MODELTRANSLATION_LANGUAGES = CONTENT_LANGUAGES
MODELTRANSLATION_DEFAULT_LANGUAGE = DEFAULT_CONTENT_LANGUAGE
MODELTRANSLATION_AUTO_POPULATE = False
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": CONTENT_LANGUAGES}
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("FORUM_MEDIA_ROOT", default=str(BASE_DIR / "media")))


def documents_storage_config(url: str) -> dict:
    """``STORAGES["documents"]`` from ``FORUM_STORAGE_URL``: ``file:///path`` (a private folder,
    never served by the web server) or ``s3://bucket/prefix?endpoint_url=…&region_name=…``
    (an S3-compatible bucket through django-storages; credentials from AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY, or the machine's role). Files are private either way: readers get
    them through the forum, or through a presigned URL that expires."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    if parts.scheme == "file":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": parts.path, "base_url": None},
        }
    if parts.scheme != "s3" or not parts.netloc:
        raise ImproperlyConfigured(
            "FORUM_STORAGE_URL must be file:///path or s3://bucket[/prefix][?endpoint_url=…]."
        )
    query = dict(parse_qsl(parts.query))
    options = {
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        "endpoint_url": query.get("endpoint_url") or env.str("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": query.get("region_name") or env.str("AWS_S3_REGION_NAME", default=None),
        "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
        "default_acl": None,  # the bucket's own: private
        "querystring_auth": True,  # url() is a presigned, expiring URL
        "querystring_expire": FORUM_DOCUMENT_LINK_MAX_AGE,
        "file_overwrite": False,
        # A file read through the storage (a public download) is spooled to a temporary
        # file past this size, not held whole in memory (django-storages' default).
        "max_memory_size": 2 * 1024 * 1024,
        "signature_version": "s3v4",
        "addressing_style": query.get(
            "addressing_style", "path" if "endpoint_url" in query else None
        ),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


# Document files: their store, the largest upload, and how long a signed link stays valid.
FORUM_DOCUMENT_MAX_BYTES = env.int("FORUM_DOCUMENT_MAX_BYTES", default=25 * 1024 * 1024)
FORUM_DOCUMENT_LINK_MAX_AGE = env.int("FORUM_DOCUMENT_LINK_MAX_AGE", default=3600)
_bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
FORUM_STORAGE_URL = env.str(
    "FORUM_STORAGE_URL",
    default=f"s3://{_bucket}" if _bucket else (BASE_DIR / "var" / "documents").as_uri(),
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": documents_storage_config(FORUM_STORAGE_URL),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if not env.str("EMAIL_HOST", default="")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
# With DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: where emails go.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="forum <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: everything from our own origin; no inline scripts; images may be
# data: URIs (photos and QR codes later).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Registration ---------------------------------------------------------------------------
# How long a change waits for rows another one holds (forum/locking.py) before answering "busy".
FORUM_LOCK_TIMEOUT_MS = env.int("FORUM_LOCK_TIMEOUT_MS", default=5000)
# Rate limits (forum/ratelimit.py; "N/s|m|h|d"), counted in Redis or else in the database.
# Reverse proxies in front: 0 uses the connection's address and ignores X-Forwarded-For.
FORUM_NUM_PROXIES = env.int("FORUM_NUM_PROXIES", default=0)
# Hits the partner API's throttle takes from the shared counter at once, per process: 0 picks
# 1 % of the limit (1 to 50); 1 writes every request to the shared counter.
FORUM_RATE_LIMIT_BLOCK = env.int("FORUM_RATE_LIMIT_BLOCK", default=0)
# "Send me a new link": per email address, and per client address.
FORUM_NEW_LINK_RATE = env.str("FORUM_NEW_LINK_RATE", default="3/h")
FORUM_NEW_LINK_ADDRESS_RATE = env.str("FORUM_NEW_LINK_ADDRESS_RATE", default="10/h")
# Members a head of delegation may add per delegation.
FORUM_DELEGATION_MEMBER_RATE = env.str("FORUM_DELEGATION_MEMBER_RATE", default="10/h")
# People a focal point may register for their organisation, per focal point.
FORUM_NOMINATION_RATE = env.str("FORUM_NOMINATION_RATE", default="30/h")
# Public endorsement confirmation emails: per signatory email, and per client address.
FORUM_ENDORSEMENT_EMAIL_RATE = env.str("FORUM_ENDORSEMENT_EMAIL_RATE", default="3/h")
FORUM_ENDORSEMENT_ADDRESS_RATE = env.str("FORUM_ENDORSEMENT_ADDRESS_RATE", default="10/h")
# Public form submissions per client address.
FORUM_REGISTRATION_RATE = env.str("FORUM_REGISTRATION_RATE", default="20/h")
# Proposals for side events started per client address (each emails a secret link).
FORUM_PROPOSAL_RATE = env.str("FORUM_PROPOSAL_RATE", default="10/h")
# Seconds a person needs at least to fill the form; faster posts are treated as bots.
FORUM_REGISTRATION_MIN_SECONDS = env.int("FORUM_REGISTRATION_MIN_SECONDS", default=3)
# Days after an event ends before its passport and health data may be erased.
FORUM_PERSONAL_DATA_RETENTION_DAYS = env.int("FORUM_PERSONAL_DATA_RETENTION_DAYS", default=90)

# --- Programme ------------------------------------------------------------------------------
# Minutes before a session starts when participants' "Join" button appears (its stream opens).
FORUM_JOIN_OPENS_BEFORE = env.int("FORUM_JOIN_OPENS_BEFORE", default=15)
# Days before an event's reporting deadline when its rapporteurs are reminded of reports not
# yet submitted (each reminder once; checked hourly by the beat entry below).
FORUM_REPORT_REMINDER_DAYS = env.list("FORUM_REPORT_REMINDER_DAYS", cast=int, default=[7, 1])

# --- Logging ---------------------------------------------------------------------------------
# Personal data never reaches the logs: request bodies are not logged, and errors are
# reported without POST data (Django filters sensitive POST parameters by name).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # fpdf2's font subsetting reports every table it prunes at INFO.
        "fontTools": {"level": "WARNING"},
        "celery": {"level": env.str("FORUM_CELERY_LOG_LEVEL", default="WARNING")},
    },
}
ADMINS = [("Admin", a) for a in env.list("DJANGO_ADMIN_EMAILS", default=[])]

# --- Payments --------------------------------------------------------------------------
# Registrants pay a fee with the first of FORUM_PAYMENT_METHODS available for the event
# (registrations.services.payment_methods; unknown codes stop the site at startup). By default
# that is card payments through Stripe when STRIPE_SECRET_KEY is set, else bank transfer
# (details below, the registration reference as payment reference), which organisers mark as
# received. The Stripe webhook is served at /payments/stripe/webhook/.
FORUM_PAYMENT_METHODS = env.list("FORUM_PAYMENT_METHODS", default=["stripe", "bank_transfer"])
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Only the tests set this (to a local fake Stripe server); production talks to Stripe.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300
FORUM_BANK_TRANSFER_DETAILS = env.str("FORUM_BANK_TRANSFER_DETAILS", default="", multiline=True)
# Hours a registration may await payment before it is cancelled and its seat freed.
FORUM_PAYMENT_EXPIRY_HOURS = env.int("FORUM_PAYMENT_EXPIRY_HOURS", default=72)
# Embassies' letter checks per client address: no enumeration.
FORUM_LETTER_VERIFY_RATE = env.str("FORUM_LETTER_VERIFY_RATE", default="30/h")
# With a Celery beat, expire unpaid registrations every quarter of an hour (by default).
CELERY_BEAT_SCHEDULE = {
    "registrations-expire-unpaid": {
        "task": "registrations.tasks.registrations_expire_unpaid_task",
        "schedule": env.int("FORUM_EXPIRE_UNPAID_EVERY_SECONDS", default=15 * 60),
    },
    # Outbox jobs whose broker message was lost (broker down at commit) or whose retry is due.
    "jobs-sweep": {"task": "forum.tasks.jobs_sweep", "schedule": 60},
    # Rapporteurs reminded before their event's reporting deadline (FORUM_REPORT_REMINDER_DAYS).
    "programme-report-reminders": {
        "task": "sessions.tasks.reports_remind_task",
        "schedule": 60 * 60,
    },
}
# --- end Payments ---------------------------------------------------------------------------------
