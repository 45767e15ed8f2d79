"""Settings come from the environment (ARCHITECTURE.md "Contracts"): ZHIXING_DATA_DIR, DATABASE_URL,
ZHIXING_SECRET_KEY, ZHIXING_DEBUG, ZHIXING_HTTPS … (README "Configuration")."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from zhixing.core import secretkey

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ZHIXING_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

# No public default: without ZHIXING_SECRET_KEY the key is generated into the data folder on first run.
SECRET_KEY = os.environ.get("ZHIXING_SECRET_KEY") or secretkey.load_or_create(DATA_DIR / "secret_key")
# Off unless asked for: `zhixing serve --dev` (Django's development server) turns it on for developers.
DEBUG = os.environ.get("ZHIXING_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("ZHIXING_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks",
    "zhixing.core.tasks_app.TasksDatabaseConfig",  # django_tasks_db, named in Chinese
    "zhixing.core",
    "zhixing.courts",
    "zhixing.cases",
    "zhixing.documents",
    "zhixing.funds",
    "zhixing.inquiry",
    "zhixing.credit",
    "zhixing.disposal",
    "zhixing.measures",
    "zhixing.relief",
    "zhixing.portal",
    "zhixing.supervision",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zhixing.urls"
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
            ]
        },
    }
]
WSGI_APPLICATION = "zhixing.wsgi.application"

# SQLite (WAL) in the data folder by default; DATABASE_URL switches to PostgreSQL.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "zhixing.sqlite3"),
            # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue instead of failing
            # half-way with "database is locked" after reading stale data.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "courts.User"
# The court model core's rule settings point at, named here as Django names the user model, so that
# zhixing.core imports nothing of zhixing.courts (ARCHITECTURE "Layout", issue 8 item 3).
ZHIXING_COURT_MODEL = "courts.Court"
LOGIN_URL = "courts:login"
LOGIN_REDIRECT_URL = "cases:inbox"
LOGOUT_REDIRECT_URL = "courts:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]  # every page in Simplified Chinese, whatever the browser asks
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"  # legal dates are Asia/Shanghai; timestamps are stored in UTC
USE_I18N = True
USE_TZ = True

# Security headers on every response (SecurityMiddleware, XFrameOptionsMiddleware), HTTP or HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # a working day; staff sign in again the next morning

# A form that fails the CSRF check gets a Chinese page (Django's own names the failure in English).
CSRF_FAILURE_VIEW = "zhixing.core.views.csrf_failure"

# ZHIXING_HTTPS=1: a deployment behind a TLS-terminating proxy (nginx …) that sets X-Forwarded-Proto
# (and X-Forwarded-For, read by the login throttle). All HTTPS-only settings switch on together, so
# `make run` keeps serving plain HTTP on loopback and a deployment cannot have half of them.
HTTPS = os.environ.get("ZHIXING_HTTPS", "0") == "1"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Django's four standard checks, in Chinese (Django's translations; ours for the minimum length). They
# run where a person chooses a password: the administrator's user form and courts.actions.create_user.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "zhixing.courts.passwords.MinimumLengthValidator"},  # Django's, its message in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed sign-ins are throttled per account and per address, across processes (courts.throttle).
AUTHENTICATION_BACKENDS = ["zhixing.courts.throttle.ThrottledModelBackend"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"

# The bulletin's engine when it runs on Spark (`zhixing bulletin --engine spark`): local mode by default;
# a cluster's master URL for a province's or the nation's bulletin.
ZHIXING_SPARK_MASTER = os.environ.get("ZHIXING_SPARK_MASTER", "local[*]")
ZHIXING_SPARK_PARTITIONS = os.environ.get("ZHIXING_SPARK_PARTITIONS", "8")

# The public pages' rate limits (core.public) count in the cache, so every server process must share it
# and a restart must not empty it: Django's database cache by default (zhixing.core.cache, its table made
# by core's migrations), Redis when ZHIXING_CACHE_URL names one (redis://host:6379/0; needs
# `pip install redis`). `locmem://` is per-process memory: the test suite's default, since pytest-django
# refuses database access in a test without a database and the suite clears the cache around every test.
CACHE_URL = os.environ.get("ZHIXING_CACHE_URL") or (
    "locmem://" if os.environ.get("PYTEST_VERSION") else "db://"
)
CACHES: dict[str, dict[str, Any]]
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "db://":
    CACHES = {
        "default": {
            "BACKEND": "zhixing.core.cache.DatabaseCache",
            "LOCATION": "zhixing_cache",
            # Django culls a third of the entries past MAX_ENTRIES (300): a crowd of addresses would then
            # reset one another's windows. Expired windows are culled first, so this only bounds the table.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"ZHIXING_CACHE_URL: db://, redis://host:port/db or locmem://, not {CACHE_URL!r}"
    )
# Requests a client address may make a minute on the public pages (0 = no limit).
ZHIXING_VERIFY_RATE_PER_MINUTE = int(os.environ.get("ZHIXING_VERIFY_RATE_PER_MINUTE", "60"))
ZHIXING_BALLOT_RATE_PER_MINUTE = int(os.environ.get("ZHIXING_BALLOT_RATE_PER_MINUTE", "20"))
# The public dishonest-list search (page and API, one counter) and the party portal (issue 11 item 4, 5).
ZHIXING_PUBLIC_RATE_PER_MINUTE = int(os.environ.get("ZHIXING_PUBLIC_RATE_PER_MINUTE", "30"))
ZHIXING_PORTAL_RATE_PER_MINUTE = int(os.environ.get("ZHIXING_PORTAL_RATE_PER_MINUTE", "30"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: DRF's browsable pages are English chrome a staff member could open; the API's
    # browsable documentation is /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "执行 Zhixing API",
    "DESCRIPTION": "执行案件、当事人与流程节点",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets whose field names (scope, status, kind) other apps use too: named, not hashed.
    "ENUM_NAME_OVERRIDES": {
        "CoerciveMeasureStatusEnum": "zhixing.measures.models.CoerciveMeasure.STATUSES",
        "InformantStatusEnum": "zhixing.measures.models.Informant.STATUSES",
        "ReferralStatusEnum": "zhixing.measures.models.Referral.STATUSES",
        "OperationStatusEnum": "zhixing.measures.models.Operation.STATUSES",
        "InquiryBatchScopeEnum": "zhixing.inquiry.models.InquiryBatch.SCOPES",
        "InquiryStartScopeEnum": "zhixing.inquiry.forms.BATCH_SCOPES",
        "InquiryBatchStatusEnum": "zhixing.inquiry.models.InquiryBatch.STATUSES",
        "MeasureStatusEnum": "zhixing.inquiry.models.Measure.STATUSES",
        "MeasureKindEnum": "zhixing.inquiry.rules.MEASURE_KINDS",
        "CaseStatusEnum": "zhixing.cases.models.Case.STATUSES",
        "PartyKindEnum": "zhixing.cases.models.Party.KINDS",
        "DisposalStatusEnum": "zhixing.disposal.models.Disposal.STATUSES",
        "PriceProcedureStatusEnum": "zhixing.disposal.models.PriceProcedure.STATUSES",
        "AuctionStatusEnum": "zhixing.disposal.models.Auction.STATUSES",
        "DistributionStatusEnum": "zhixing.disposal.models.Distribution.STATUSES",
        "ReferencePriceMethodEnum": "zhixing.disposal.rules.METHODS",
        "ClosureMethodEnum": "zhixing.cases.models.Case.METHODS",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The bank that keeps the pooled case-funds account (zhixing.funds.bank): where payout instructions
# go, and the secret both sides sign with. Without a secret, bank notifications are refused.
ZHIXING_BANK_URL = os.environ.get("ZHIXING_BANK_URL", "")
ZHIXING_BANK_SECRET = os.environ.get("ZHIXING_BANK_SECRET", "")
