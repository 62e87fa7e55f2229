"""Mitwirken settings.

Every knob is read here, once, from the environment. Defaults are safe for
production (DEBUG off, HTTPS, secure cookies); development and tests relax them
through environment variables (see ``.env.example`` and ``docs/configuration.md``).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    "django-insecure-local-development-key-change-me-in-production-0123456789",
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", SITE_URL)

# HTTPS hardening: on by default, switched off for local runs and tests.
SECURE = env_bool("DJANGO_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "participation",
    "participation.accounts",
    "cms",
    "reports",
    "ideas",
    "research",
    "pilots",
    "discussion",
    "search",
    "opendata",
    "demo",
    "django_comments_xtd",
    "django_comments",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session, message and CSRF middleware: it sees the cookies they set.
    "participation.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "participation.middleware.KnownSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "participation.middleware.ContentSecurityPolicyMiddleware",
    "participation.middleware.RejectNulInAdminQueryMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Seconds a proxy or browser may keep a page that is the same for every anonymous visitor
# (participation.middleware.PublicCacheMiddleware; docs/architecture.md, "Caching"). 0: none.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60)

ROOT_URLCONF = "participation.urls"
WSGI_APPLICATION = "participation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "participation" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "participation.context_processors.portal",
                "cms.context_processors.identity",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if IS_POSTGRES:
    # Behind a pooler in transaction mode (PgBouncer) server-side cursors break: set
    # DATABASE_POOLED=1 there. It also saves ~1 ms per page that iterates a queryset.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_POOLED", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mitwirken",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mitwirken_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Background tasks (django-tasks) ----------------------------------------

TASKS_BACKEND = env("DJANGO_TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND],
    }
}

# --- Accounts (django-allauth) ---------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "participation.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "participation.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mitwirken] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SECURE else "http"
ACCOUNT_RATE_LIMITS = {
    "signup": env("RATE_LIMIT_SIGNUP", "5/h/ip"),
    "login": env("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": env("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "reset_password": env("RATE_LIMIT_RESET_PASSWORD", "20/m/ip,5/m/key"),
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Number of reverse proxies in front of the app (nginx: 1), so rate limits see client IPs.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
# Verified addresses at exactly these domains (subdomains only when listed) request the role
# "Forschende"; an editor confirms. The role lapses after RESEARCHER_ROLE_DAYS without renewal
# (0: it never lapses).
RESEARCHER_EMAIL_DOMAINS = env_list("RESEARCHER_EMAIL_DOMAINS", "uni-wuppertal.de")
RESEARCHER_ROLE_DAYS = env_int("RESEARCHER_ROLE_DAYS", 365)
# Words no resident's display name may contain (whole words, any case, after NFKC
# normalisation), so nobody poses as the city; editors and moderators are exempt.
RESERVED_DISPLAY_NAMES = env_list(
    "RESERVED_DISPLAY_NAMES",
    "Redaktion,Stadt,Moderation,Moderator,Moderatorin,Admin,Administrator,Administration,"
    "Mitwirken,Verwaltung,Oberbürgermeister,Oberbürgermeisterin",
)

# Portal-specific rate limits ("count/seconds"), enforced in participation.ratelimit.
RATE_LIMIT_SUPPORT = env("RATE_LIMIT_SUPPORT", "30/60")
RATE_LIMIT_COMMENT = env("RATE_LIMIT_COMMENT", "10/60")
RATE_LIMIT_FEEDBACK = env("RATE_LIMIT_FEEDBACK", "5/600")
RATE_LIMIT_REPORT = env("RATE_LIMIT_REPORT", "10/600")

# --- Ideas ------------------------------------------------------------------

IDEA_REFERENCE_PREFIX = env("IDEA_REFERENCE_PREFIX", "WUP")
IDEAS_PER_DAY = env_int("IDEAS_PER_DAY", 5)
IDEA_REPORTS_TO_HIDE = env_int("IDEA_REPORTS_TO_HIDE", 3)
COMMENT_REPORTS_TO_HIDE = env_int("COMMENT_REPORTS_TO_HIDE", 3)
IDEA_PREMODERATION = env_bool("IDEA_PREMODERATION", False)

# --- Email ------------------------------------------------------------------

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Mitwirken <mitwirken@example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EDITOR_EMAILS = env_list("EDITOR_EMAILS")
# Residents' mail is coalesced: a person's first news opens a window of this many minutes, and
# everything that arrives in it goes out as one mail (docs/ideas.md, "Mail"). 0 sends at once.
NOTIFICATION_WINDOW_MINUTES = env_int("NOTIFICATION_WINDOW_MINUTES", 10)

# --- Search -----------------------------------------------------------------

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# How long the shared cache keeps which objects match a search and the facet counts (seconds;
# 0: not at all). Any change of an idea or page starts afresh: search/service.py.
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 60)
# Database mode (default): German words are stemmed on PostgreSQL and on SQLite. Elasticsearch
# mode: the portal search (search app) and Wagtail's own index both use Elasticsearch; text
# fields are analysed as German there too (docs/search.md).
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": "mitwirken_",
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": "german"}}}}
            },
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # PostgreSQL stems with its "german" configuration; on SQLite the portal's backend
            # stems with the same Snowball algorithm (search/backends/sqlite.py).
            "BACKEND": "wagtail.search.backends.database"
            if IS_POSTGRES
            else "search.backends.sqlite",
            "SEARCH_CONFIG": "german" if IS_POSTGRES else None,
        }
    }

# --- Internationalisation -----------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "participation" / "locale"]
# One date format per language (participation/formats/<lang>/formats.py); templates use
# the named formats (DATE_FORMAT, DATETIME_FORMAT, SHORT_DATE_FORMAT), never a pattern.
FORMAT_MODULE_PATH = ["participation.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads not published yet (images of a proposal between preview and publishing): outside
# MEDIA_ROOT, never served by URL, deleted after a day by run_daily and with the account.
PRIVATE_MEDIA_ROOT = Path(env("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
# How many such images one account may have waiting at once.
PENDING_IMAGES_PER_ACCOUNT = env_int("PENDING_IMAGES_PER_ACCOUNT", 5)

# --- Retention (docs/data_protection.md): what the daily job deletes, after how many days -----
FEEDBACK_RETENTION_DAYS = env_int("FEEDBACK_RETENTION_DAYS", 90)
TASK_RESULT_RETENTION_DAYS = env_int("TASK_RESULT_RETENTION_DAYS", 14)
UNVERIFIED_ACCOUNT_DAYS = env_int("UNVERIFIED_ACCOUNT_DAYS", 30)
MANIFEST_STATIC = env_bool("DJANGO_MANIFEST_STATIC", not DEBUG)
# Uploaded images on S3-compatible object storage (django-storages) when a bucket is named, so
# app servers keep no state; otherwise on the local disk under MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL")  # None: Amazon; set for MinIO, Ceph, …
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME")
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN")  # a CDN or proxy in front of the bucket
    AWS_DEFAULT_ACL = None  # the bucket's policy decides; no public-read by default
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", not AWS_S3_CUSTOM_DOMAIN)
    AWS_S3_FILE_OVERWRITE = False
    # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment (boto3 reads them).
    MEDIA_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
else:
    MEDIA_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKEND},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if MANIFEST_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not MANIFEST_STATIC
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
# Open data: the full idea downloads as files in this folder of the media storage, rebuilt by
# a background task at most this many seconds after ideas change (docs/open-data.md).
OPENDATA_EXPORT_DIR = env("OPENDATA_EXPORT_DIR", "offene-daten").strip("/")
OPENDATA_REBUILD_DELAY_SECONDS = env_int("OPENDATA_REBUILD_DELAY_SECONDS", 60)

# --- Wagtail ----------------------------------------------------------------

SITE_ID = 1
WAGTAIL_SITE_NAME = "Mitwirken"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
# Passwords are reset through allauth only (rate limited); Wagtail's /admin/password_reset/
# would send its own, unthrottled mail.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Pages are translated with Wagtail's localisation: a German tree (the site's root) and an
# English tree of translations (docs/i18n.md). German has no URL prefix, English is /en/.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 8 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv", "txt"]
# A finished workflow publishes; an object may publish itself after review (pilots do,
# see participation/workflows.py), other objects as Wagtail does.
WAGTAIL_FINISH_WORKFLOW_ACTION = "participation.workflows.publish_workflow_object"

# --- Ideas -------------------------------------------------------------------
# The duplicate hints on the propose form come from the portal search (``search`` sits
# above ``ideas``, so ideas names the function instead of importing it).
IDEAS_SIMILAR_FINDER = "search.similar.similar_ideas"

# --- django-comments-xtd ----------------------------------------------------
# Its model, threading and ordering only: none of its URLs is mounted (the portal's own views
# in ``discussion`` write, edit, report and moderate), so none of its templates is rendered.

COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "discussion.models.Comment"
COMMENTS_HIDE_REMOVED = False
COMMENTS_XTD_MAX_THREAD_LEVEL = 2  # three levels: 0, 1, 2
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_MAX_LENGTH = 2000
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "allow_flagging": True,
        "allow_feedback": False,
        "show_feedback": False,
        "who_can_post": "users",
    }
}

# --- Logging ------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        "django_tasks": {"level": env("DJANGO_TASKS_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
