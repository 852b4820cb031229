"""Settings for the DIAM self-assessment application.

Every value that differs between a laptop and production comes from the environment
(see `.env.example`); production differences are values, not code forks.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from diam.env import env_bool, env_int, env_list, env_required, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
# The environment, plus the .env file at the project root when present (the environment wins).
ENV_FILE = load_env_file(BASE_DIR)
VAR_DIR = Path(env_str("DIAM_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "criteria",
    "assessments",
    "reports",
    "assignments",
    "discussions",
    "benchmarks",
    "history",
    "plans",
    "api",
    "fhir_interop",
    "workbooks",
    "operations",
    "sso",
    "django_prometheus",
    "diam",
    "performance",
]

MIDDLEWARE = [
    "operations.logs.RequestIdMiddleware",
    # /healthz, /readyz and /metrics, before anything that needs a session, a host check or HTTPS.
    "operations.middleware.HealthCheckMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "diam.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires (Prometheus' latency measurement wraps around it).
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrEmailBackend",
]

# Repeated failed log-ins lock one username from one address for a while (django-axes). Never a
# username alone or an address alone: a hospital's colleagues share one address (theirs, or the
# reverse proxy's), and one person's typos must not lock out the others, nor a stranger the admin.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
# The number of reverse proxies of ours in front of the application (nginx: 1; a load balancer
# and nginx: 2). Each appends the address it was reached from to X-Forwarded-For, so the client
# is the Nth entry from the right; with 0 the client is the connection's address (REMOTE_ADDR).
DIAM_TRUSTED_PROXY_COUNT = env_int("DIAM_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"

ROOT_URLCONF = "diam.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "diam.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'diam.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several web workers and the background worker write at once. WAL lets readers go on while
    # one connection writes; the busy timeout makes a writer wait for the lock instead of failing;
    # IMMEDIATE transactions take the write lock at BEGIN, so no transaction has to upgrade a read
    # lock halfway, which SQLite refuses at once ("database is locked") whatever the timeout.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
# Each language is named in itself, so that readers find theirs in the chooser in any language.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files (evidence, export ZIPs and their scorecards) go through Django's storage API: on the
# local disk under MEDIA_ROOT by default, or with DIAM_STORAGE=s3 in an S3-compatible bucket that
# every web and worker machine reaches. Either way they are private: served only through views
# that check permissions, never at a URL of the store (no ACL is sent, so objects are as private as
# the bucket; AWS_DEFAULT_ACL=private for a store that wants one).
DIAM_STORAGE = env_str("DIAM_STORAGE", "local")
if DIAM_STORAGE == "local":
    FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif DIAM_STORAGE == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("DIAM_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (the bucket)")
    FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            # Unset: AWS itself; MinIO, Ceph, Garage or another store: its address.
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Unset: boto3 finds credentials itself (an instance role, ~/.aws).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "location": env_str("AWS_LOCATION"),  # a folder of the bucket, "" for its root
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,  # "path" for MinIO
            "default_acl": env_str("AWS_DEFAULT_ACL") or None,
            "querystring_auth": True,  # a URL of a file, if one were ever made, would expire
            # Like the local disk: a name taken is never overwritten (a restore relies on it).
            "file_overwrite": False,
            # A file read from the store spills to a temporary file past this size.
            "max_memory_size": 2_621_440,
        },
    }
else:
    raise ImproperlyConfigured(f"DIAM_STORAGE must be local or s3, got {DIAM_STORAGE!r}")
STORAGES = {
    "default": FILE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded evidence lives outside the static and public folders; it is served only
# through views that check permissions.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "diam@localhost")

# Validation stays valid for this many days (DIAM: three years by default).
DIAM_VALIDATION_VALID_DAYS = env_int("DIAM_VALIDATION_VALID_DAYS", 3 * 365)
# May assessors claim submitted assessments that nobody is assigned to?
DIAM_ASSESSOR_CLAIMING = env_bool("DIAM_ASSESSOR_CLAIMING", default=True)
# Peer benchmarks show no figures for a group of fewer organizations (never fewer than 5).
DIAM_BENCHMARK_MIN_PEERS = max(5, env_int("DIAM_BENCHMARK_MIN_PEERS", 5))
# The address users reach the application at, for links in e-mails.
DIAM_BASE_URL = env_str("DIAM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Evidence uploads: largest file accepted (the web server in front should allow a little more).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A running export job holds a lease this long, renewed with every scorecard; when it runs out
# (its worker was killed), a live worker queues the job again and it resumes where it stopped.
EXPORT_JOB_LEASE_SECONDS = env_int("EXPORT_JOB_LEASE_SECONDS", 60)
# Processes that render the scorecards of one ZIP job side by side (reports.render_pool): every
# core by default; 1 renders them in the worker itself.
DIAM_RENDER_PROCESSES = env_int("DIAM_RENDER_PROCESSES", os.cpu_count() or 1)
# Rows a data export (CSV, XLSX) reads from the database at a time: bounds its memory.
EXPORT_ROWS_CHUNK_SIZE = env_int("EXPORT_ROWS_CHUNK_SIZE", 2000)
# Two-factor log-in and sessions (accounts/): settings of the accounts app go here.
# Assessors and admins (staff) must use a second factor (TOTP app or recovery code) to log in;
# others may. On by default in production; off with DEBUG, so the demo logins of `make run` and
# the tests need only the password (set DIAM_2FA_REQUIRED=true to try it locally).
DIAM_2FA_REQUIRED_FOR_PRIVILEGED = env_bool("DIAM_2FA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "DIAM self-assessment")
# A sign-in through the organization's identity provider (sso/) counts as the second factor: the
# provider enforces its own (turn off to ask for our code after single sign-on too).
DIAM_2FA_TRUST_SSO = env_bool("DIAM_2FA_TRUST_SSO", default=True)
# A session unused for this many minutes is logged out at its next request (0: never).
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
# Evidence files are removed this many years after their assessment's validation by
# `manage.py purge_evidence --apply` (a scheduled task); 0 keeps them for ever.
DIAM_EVIDENCE_RETENTION_YEARS = env_int("DIAM_EVIDENCE_RETENTION_YEARS", 0)
# After the messages (the idle log-out leaves one) and django-otp (is the session verified?).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "accounts.middleware.AccountSecurityMiddleware",
)

# Single sign-on with OpenID Connect (sso/): settings of the sso app go here.
# One identity provider for the installation (mozilla-django-oidc, authorization code flow with
# PKCE). Off unless the client id and the provider's endpoints are set; accounts are matched by
# the e-mail address the provider says it has verified (sso/backends.py).
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT") or None
# The provider's issuer (`issuer` of its discovery document): an ID token of any other is refused.
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_CREATE_USER = False  # the library's own creation; sso/ decides (DIAM_SSO_CREATE_ACCOUNTS)
# The provider's name on the log-in page's button, "Sign in with <name>" (empty: a general text).
DIAM_SSO_PROVIDER_NAME = env_str("DIAM_SSO_PROVIDER_NAME")
# The e-mail domains the provider may sign in, "domain" or "domain=organization-slug" (empty:
# any). The provider is trusted for these addresses only, so name them in production.
DIAM_SSO_EMAIL_DOMAINS = env_list("DIAM_SSO_EMAIL_DOMAINS")
# Create an account (contributor of the organization) for a verified e-mail that no account has,
# when its domain is listed with an organization above. Off: only existing accounts sign in.
DIAM_SSO_CREATE_ACCOUNTS = env_bool("DIAM_SSO_CREATE_ACCOUNTS", default=False)
if OIDC_RP_CLIENT_ID and OIDC_OP_AUTHORIZATION_ENDPOINT:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "sso.backends.VerifiedEmailBackend"]

# REST API (api/): owned by the api app; see api/README or the README's API section.
REST_FRAMEWORK: dict[str, object] = {
    # Personal API tokens (django-rest-knox: hashed at rest, named and expiring, see api/), sent
    # as "Authorization: Bearer <token>"; the session serves the docs' "Try it out" (with CSRF).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable API's pages need inline scripts, which the CSP forbids.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 50),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "30/minute"),
        "user": env_str("API_THROTTLE_USER", "300/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS: dict[str, object] = {
    "TITLE": "DIAM self-assessment API",
    "DESCRIPTION": _(
        "The DIAM catalog, your organizations and their assessments: answers (written with "
        "their version; a stale version gets 409 with the current answer), submission, the "
        "diam-assessment/1 export and import, the PDF scorecard and peer benchmarks. "
        "Authenticate with a personal API token, created on your profile page or with "
        "`manage.py create_api_token`, sent as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    # OpenAPI 3.1: JSON Schema proper, where a nullable object ("current": null) is expressible.
    "OAS_VERSION": "3.1.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_common_responses",
    ],
    # Swagger UI's and Redoc's files are served from here (drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to the public validator service from the docs page.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "assessments.enums.AssessmentStatus",
        "AnswerStatusEnum": "assessments.enums.AnswerStatus",
        "OrganizationKindEnum": "assessments.enums.OrganizationKind",
        "RoleEnum": "assessments.enums.Role",
    },
}
REST_KNOX: dict[str, object] = {
    "AUTH_HEADER_PREFIX": "Bearer",
    # A new token's lifetime unless its creator chooses another (up to api.tokens.MAX_DAYS).
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_DAYS", 90)),
    "AUTO_REFRESH": False,
}
# FHIR (fhir_interop/): canonical URLs of our Questionnaire and CodeSystems.
DIAM_FHIR_CANONICAL_BASE = env_str("DIAM_FHIR_CANONICAL_BASE", DIAM_BASE_URL + "/fhir").rstrip("/")
# Spreadsheet and file uploads (workbooks/): largest workbook or exchange file accepted.
DIAM_IMPORT_MAX_BYTES = env_int("DIAM_IMPORT_MAX_MB", 5) * 1024 * 1024
# /metrics (Prometheus) answers only a scraper sending "Authorization: Bearer <this token>";
# unset, there is no /metrics. With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR.
DIAM_METRICS_TOKEN = env_str("DIAM_METRICS_TOKEN")
# /readyz reports not ready when no background worker has reported for this long.
DIAM_WORKER_HEARTBEAT_MAX_AGE_SECONDS = env_int("DIAM_WORKER_HEARTBEAT_MAX_AGE_SECONDS", 60)
# Invitations of colleagues by e-mail are valid this many days, once.
INVITATION_VALID_DAYS = 7

# Background tasks (django-tasks). By default the queue lives in the database and
# `manage.py worker` (django-tasks' db_worker that also resumes export jobs whose worker died)
# runs it (`make run` starts one beside the web server); jobs survive a restart.
# TASKS_BACKEND=rq moves the queue to Redis (REDIS_URL), worked by `manage.py rqworker` on any
# number of machines; TASKS_BACKEND=immediate runs each task inside the request.
# Redis, when REDIS_URL names one, holds the cache that every web process shares (the API's
# throttling counts, the readiness probe) and the sessions' cache: sessions are read from Redis and
# written through to the database (cached_db), so a restarted Redis logs nobody out. Without it
# each process has its own memory cache and sessions live in the database, which every process
# reads too.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "diam",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {
        "default": {
            "URL": REDIS_URL or "redis://localhost:6379/0",
            # A ZIP of a thousand scorecards takes minutes, not RQ's default three.
            "DEFAULT_TIMEOUT": env_int("TASKS_TIMEOUT_SECONDS", 4 * 3600),
        }
    }
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database, rq or immediate, got {TASKS_BACKEND!r}"
    )

# Production hardening: on by default whenever DEBUG is off.
SECURE = not DEBUG
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # the token reaches htmx through the page, never from the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=SECURE)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Behind a proxy that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Unhandled errors go to Sentry (or GlitchTip) when SENTRY_DSN is set (operations.errors).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from operations.errors import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        release=env_str("SENTRY_RELEASE", "diam-self-assessment"),
    )

# Logs: JSON lines with the request id (operations.logs) in production, plain text with DEBUG.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "operations.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO: one screenful per scorecard.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
