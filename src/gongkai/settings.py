"""Django settings for gongkai, configured entirely by environment variables (see docs/configuration.md)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR") or "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("GONGKAI_DEBUG")


def _secret_key() -> str:
    """The key from the environment, or one generated once and kept in the data dir.

    Generating per process would log everyone out on every restart; a fixed default in
    the source would be a published secret.
    """
    key = os.environ.get("GONGKAI_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "gongkai.orgs",
    "gongkai.catalog",
    "gongkai.reports",
    "gongkai.publishing",
    "gongkai.requests",
    "gongkai.workcalendar",
    "gongkai.search",
    "gongkai.interaction.messages",
    "gongkai.interaction.surveys",
    "gongkai.interaction.consultations",
    "gongkai.portal",
    "gongkai.ops",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "django_tasks",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.portal.middleware.ContentSecurityPolicyMiddleware",
    "gongkai.portal.middleware.AdminHostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.portal.middleware.RejectNulCharactersMiddleware",
    "gongkai.portal.middleware.BusyDatabaseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongkai.orgs.accounts.StaffIdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.orgs.twofactor.SecondFactorMiddleware",
    "gongkai.publishing.audit.AuditContextMiddleware",
    "gongkai.publishing.middleware.CountyWideAreaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context_processors.site",
            ],
        },
    },
]

# SQLite by default (zero set-up, one file to back up); DATABASE_URL selects PostgreSQL.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "gongkai.sqlite3",
            # Reusing a connection saves opening the file and running the PRAGMAs per
            # request (bench: document page 17-27 ms -> 13-14 ms median).
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            # A real file, not :memory:, so concurrency tests use separate connections;
            # one per test process, so two test runs on one checkout never share it.
            "TEST": {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")},
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two writers
                # queue instead of failing with "database is locked" on lock upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff passwords (orgs/accounts.py; 等保 2.0 身份鉴别): 10 characters or more, three of
# capitals, small letters, digits and symbols, not common, not like the user's name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "gongkai.orgs.accounts.LengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("GONGKAI_PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.orgs.accounts.CharacterClassesValidator"},
]
# Failed logins (django-axes): after GONGKAI_LOGIN_FAILURES wrong passwords for one account it
# is locked for GONGKAI_LOGIN_LOCK_MINUTES, whoever tries. By account, not by address: a county
# office shares one public address, and a password guesser changes addresses. An administrator
# unlocks at once with `gongkai axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_LOCK_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gongkai.orgs.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "gongkai.publishing.audit.client_ip"
AXES_VERBOSE = False
# Checks that do not fit this site, each with its reason:
# axes.W006 asks for the address in the lock parameters (see above for why it is not there);
# security.W019 asks for X_FRAME_OPTIONS = DENY, but Wagtail's preview panel frames the page
# being edited from the same origin; security.W021 asks for HSTS preload, which only the owner
# of the registrable domain (a gov.cn name the county does not hold alone) can decide.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W019", "security.W021"]
# A signed-in account's session ends after this many idle minutes (orgs/accounts.py);
# citizens' sessions (their receipts) last a day.
GONGKAI_SESSION_IDLE_MINUTES = int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = 24 * 3600
# A second factor for staff (orgs/twofactor.py): "optional" (each officer may turn it on
# under 账户设置) or "required" (every account sets one up at its next sign-in).
GONGKAI_STAFF_2FA = os.environ.get("GONGKAI_STAFF_2FA", "optional").strip().lower()
if GONGKAI_STAFF_2FA not in {"optional", "required"}:
    raise ValueError("GONGKAI_STAFF_2FA must be 'optional' or 'required'")

LANGUAGE_CODE = "zh-hans"
# No LocaleMiddleware: the site is Chinese whatever the browser asks for (an English
# Accept-Language must not give officers a half-English back office). Staff may still
# choose English in their Wagtail account settings.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded files (attachments, images) live in MEDIA_ROOT, or with GONGKAI_S3_BUCKET in a
# private bucket of an S3-compatible object store shared by all app nodes (ops/media.py). The
# bucket is never read by browsers: every object is written with a private ACL and the site
# serves it through the same views as from disk (published attachments, image renditions).
GONGKAI_S3_BUCKET = os.environ.get("GONGKAI_S3_BUCKET", "").strip()
_MEDIA_STORAGE: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if GONGKAI_S3_BUCKET:
    _MEDIA_STORAGE = {
        "BACKEND": "gongkai.ops.media.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": GONGKAI_S3_BUCKET,
            "endpoint_url": os.environ.get("GONGKAI_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("GONGKAI_S3_REGION") or None,
            # Unset: boto3 looks for credentials itself (instance role, ~/.aws).
            "access_key": os.environ.get("GONGKAI_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("GONGKAI_S3_SECRET_KEY") or None,
            "location": os.environ.get("GONGKAI_S3_PREFIX", "").strip("/"),
            "addressing_style": os.environ.get("GONGKAI_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
        },
    }
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("GONGKAI_STATIC_MANIFEST")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without a collectstatic step (make run, tests) WhiteNoise serves from the app folders.
WHITENOISE_USE_FINDERS = not env_bool("GONGKAI_STATIC_MANIFEST")
WHITENOISE_MAX_AGE = 365 * 24 * 3600 if env_bool("GONGKAI_STATIC_MANIFEST") else 3600

GONGKAI_REDIS_URL = os.environ.get("GONGKAI_REDIS_URL", "").strip()
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if GONGKAI_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": GONGKAI_REDIS_URL,
        }
    }
    # Sessions read from Redis and written through to the database: every app node sees every
    # session without a database read per request, and a Redis restart or eviction (the cache
    # also holds rate-limit counters) signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Task queue (django-tasks; search/tasks.py, the reminders): "immediate" runs each task in the
# process and transaction that enqueued it, so a single machine needs no worker (and the search
# index, in the same database, commits with the change); "redis" queues in Redis (RQ) for
# `gongkai rqworker default` on worker nodes, the production choice (docs/deployment.md).
GONGKAI_TASKS = os.environ.get("GONGKAI_TASKS", "immediate").strip().lower()
if GONGKAI_TASKS == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif GONGKAI_TASKS == "redis":
    if not GONGKAI_REDIS_URL:
        raise ValueError("GONGKAI_TASKS=redis needs GONGKAI_REDIS_URL")
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # A re-index of a large unit may take minutes; RQ's default limit is 180 s.
    RQ_QUEUES = {"default": {"URL": GONGKAI_REDIS_URL, "DEFAULT_TIMEOUT": 1800}}
    RQ_SHOW_ADMIN_LINK = False
    # The worker runs django-tasks' tasks (ours and Wagtail's), not bare RQ functions.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
else:
    raise ValueError("GONGKAI_TASKS must be 'immediate' or 'redis'")

# Security headers; HTTPS-only cookies when served over TLS (GONGKAI_HTTPS=1).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy (django-csp; portal/middleware.py): no inline script on the public
# site; inline styles stay allowed (pygal's SVG charts carry their own <style>).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# The back office (/admin/, /documents/) may be switched off on public nodes, or answer only
# on its own host name (portal/middleware.py AdminHostMiddleware).
GONGKAI_ADMIN_ENABLED = env_bool("GONGKAI_ADMIN_ENABLED", True)
GONGKAI_ADMIN_HOST = os.environ.get("GONGKAI_ADMIN_HOST", "").strip().lower()
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if env_bool("GONGKAI_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Wagtail back office
WAGTAIL_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "永昌县政府信息公开平台")
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # the name an authenticator app shows beside the code
WAGTAILADMIN_BASE_URL = os.environ.get("GONGKAI_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Staff avatars are not fetched from gravatar.com (often unreachable, and it leaks e-mails).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for new versions from officers' browsers
# (the CSP would block it anyway); operators upgrade through the pinned requirements.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Attachments: only the office formats a county publishes, and a size limit (docs/configuration.md).
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx",
    "txt", "csv", "zip", "rar", "7z", "jpg", "jpeg", "png",
]  # fmt: skip
GONGKAI_MAX_ATTACHMENT_BYTES = int(os.environ.get("GONGKAI_MAX_ATTACHMENT_MB", "50")) * 1024 * 1024

# Static export (docs/deployment.md): when set, each publication, withdrawal or edit of a
# document re-exports its pages into this directory (`gongkai export-static DIR` fills it).
GONGKAI_STATIC_EXPORT_DIR = os.environ.get("GONGKAI_STATIC_EXPORT_DIR", "")
WAGTAILDOCS_DOCUMENT_FORM_BASE = "gongkai.catalog.forms.AttachmentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Outgoing mail (review notifications now; duty-log mail later). Without GONGKAI_EMAIL_HOST
# mail is written to the server log instead of failing against a missing local SMTP server.
EMAIL_HOST = os.environ.get("GONGKAI_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("GONGKAI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = bool(os.environ.get("GONGKAI_EMAIL_TLS"))
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "gongkai@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Review (publishing app). Every publication goes through the review workflow. During
# review only the reviewers of the current level may edit (the author is locked out), and
# what is published is the latest revision, which the last level approved. Not
# WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT: Wagtail saves a revision whenever a reviewer
# approves from the editor, so that setting would restart the level at every approval.
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "gongkai.publishing.workflow.publish_approved"
# The audit log keeps at least 180 days; an operator may keep it longer, never shorter.
GONGKAI_AUDIT_RETENTION_DAYS = max(180, int(os.environ.get("GONGKAI_AUDIT_RETENTION_DAYS", "180")))
# Numbers that the privacy scanner should never flag (public office hotlines), comma-separated.
GONGKAI_SCANNER_ALLOW = [
    n.strip() for n in os.environ.get("GONGKAI_SCANNER_ALLOW", "").split(",") if n.strip()
]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# The public site's identity, shown in every footer (国办发〔2017〕47号 requires these).
GONGKAI_SITE = {
    "name": WAGTAIL_SITE_NAME,
    "sponsor": os.environ.get("GONGKAI_SPONSOR", "永昌县人民政府办公室"),
    "site_code": os.environ.get("GONGKAI_SITE_CODE", "6203210001"),
    "icp": os.environ.get("GONGKAI_ICP", "陇ICP备05000000号"),
    "police": os.environ.get("GONGKAI_POLICE_RECORD", "甘公网安备62032102000001号"),
    "contact_phone": os.environ.get("GONGKAI_CONTACT_PHONE", "0935-7521234"),
    "address": os.environ.get("GONGKAI_ADDRESS", "甘肃省金昌市永昌县城关镇北海子路1号"),
}

# Site self-inspection (值班读网, ops/inspection.py; docs/inspection.md): the address the crawl
# starts from, its bounds, and the default update cycles of columns without their own.
GONGKAI_BASE_URL = WAGTAILADMIN_BASE_URL
GONGKAI_INSPECT_MAX_PAGES = int(os.environ.get("GONGKAI_INSPECT_MAX_PAGES", "2000"))
GONGKAI_INSPECT_TIMEOUT = float(os.environ.get("GONGKAI_INSPECT_TIMEOUT", "10"))
GONGKAI_INSPECT_WORKERS = int(os.environ.get("GONGKAI_INSPECT_WORKERS", "4"))
GONGKAI_INSPECT_EXTERNAL = env_bool("GONGKAI_INSPECT_EXTERNAL", True)
GONGKAI_INSPECT_SKIP_PATHS = env_list("GONGKAI_INSPECT_SKIP_PATHS", "")
GONGKAI_INSPECT_NEWS_DAYS = int(os.environ.get("GONGKAI_INSPECT_NEWS_DAYS", "14"))
GONGKAI_INSPECT_POLICY_DAYS = int(os.environ.get("GONGKAI_INSPECT_POLICY_DAYS", "182"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}

# 告知书 remedies (条例第五十一条). A county department's or township's answer is reviewed by
# the county government (行政复议法 2023 Art. 24, filled in from the unit tree); the county
# government's own by the government above it. Suits against a county department go to the
# basic court, against the county government to the intermediate court (行政诉讼法 Art. 15);
# where cases are centralised (集中管辖) set the court that actually has jurisdiction.
GONGKAI_FOI_REVIEW_ORGAN = os.environ.get("GONGKAI_FOI_REVIEW_ORGAN", "金昌市人民政府")
GONGKAI_FOI_COURT = os.environ.get("GONGKAI_FOI_COURT", "永昌县人民法院")
GONGKAI_FOI_COURT_FOR_COUNTY = os.environ.get("GONGKAI_FOI_COURT_FOR_COUNTY", "金昌市中级人民法院")

# The public request form's abuse guard (requests/guard.py; docs/configuration.md).
GONGKAI_FOI_RATE_FILE = os.environ.get("GONGKAI_FOI_RATE_FILE", "5/h")
GONGKAI_FOI_RATE_FORM = os.environ.get("GONGKAI_FOI_RATE_FORM", "30/h")
GONGKAI_FOI_RATE_STATUS = os.environ.get("GONGKAI_FOI_RATE_STATUS", "20/10m")
GONGKAI_FOI_RATE_STATUS_CODE = os.environ.get("GONGKAI_FOI_RATE_STATUS_CODE", "10/h")
GONGKAI_FOI_FORM_MIN_SECONDS = int(os.environ.get("GONGKAI_FOI_FORM_MIN_SECONDS", "3"))
GONGKAI_FOI_FORM_MAX_SECONDS = int(os.environ.get("GONGKAI_FOI_FORM_MAX_SECONDS", "7200"))
# The same guard on the survey and consultation forms (interaction/*/abuse.py).
GONGKAI_SURVEY_RATE_FORM = os.environ.get("GONGKAI_SURVEY_RATE_FORM", "30/h")
GONGKAI_SURVEY_RATE_RESPONSE = os.environ.get("GONGKAI_SURVEY_RATE_RESPONSE", "10/d")
GONGKAI_CONSULT_RATE_FORM = os.environ.get("GONGKAI_CONSULT_RATE_FORM", "30/h")
GONGKAI_CONSULT_RATE_COMMENT = os.environ.get("GONGKAI_CONSULT_RATE_COMMENT", "10/h")
GONGKAI_CONSULT_NAME_REQUIRED = env_bool("GONGKAI_CONSULT_NAME_REQUIRED")
# 留言 (interaction/messages): reply periods in working days per kind, the e-mail code check,
# and the guard's limits on the message form, the code check and the status look-up.
GONGKAI_MESSAGE_DAYS_CONSULT = int(os.environ.get("GONGKAI_MESSAGE_DAYS_CONSULT", "5"))
GONGKAI_MESSAGE_DAYS_SUGGEST = int(os.environ.get("GONGKAI_MESSAGE_DAYS_SUGGEST", "10"))
GONGKAI_MESSAGE_DAYS_COMPLAINT = int(os.environ.get("GONGKAI_MESSAGE_DAYS_COMPLAINT", "10"))
GONGKAI_MESSAGE_VERIFY = os.environ.get("GONGKAI_MESSAGE_VERIFY", "")  # "" or "email"
GONGKAI_MESSAGE_RATE_FORM = os.environ.get("GONGKAI_MESSAGE_RATE_FORM", "30/h")
GONGKAI_MESSAGE_RATE_SEND = os.environ.get("GONGKAI_MESSAGE_RATE_SEND", "5/h")
GONGKAI_MESSAGE_RATE_VERIFY = os.environ.get("GONGKAI_MESSAGE_RATE_VERIFY", "10/h")
GONGKAI_MESSAGE_RATE_STATUS = os.environ.get("GONGKAI_MESSAGE_RATE_STATUS", "20/10m")
# Behind a proxy every visitor has the proxy's REMOTE_ADDR: name the header the proxy sets
# with the client's address (e.g. HTTP_X_REAL_IP) so rate limits count people, not the proxy.
if os.environ.get("GONGKAI_CLIENT_IP_HEADER"):
    RATELIMIT_IP_META_KEY = os.environ["GONGKAI_CLIENT_IP_HEADER"]
