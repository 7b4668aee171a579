"""Settings for iomsite: one module, driven by environment variables.

Every variable is documented in README.md. With no variables set, and debug
on, the site runs on an embedded SQLite file.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def database_from_url(
    url: str,
    *,
    pool_max_size: int = 0,
    pool_min_size: int = 0,
    pool_timeout: float = 10.0,
) -> dict:
    """Translate a postgres:// URL into a DATABASES entry.

    With ``pool_max_size`` each process keeps a psycopg pool of up to that
    many connections (Django's ``pool`` option, which needs
    ``CONN_MAX_AGE = 0``); without it each thread keeps its connection.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {parts.scheme!r} is not supported: use postgres://"
        )
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # A backend forked per request costs PostgreSQL pages most of their
        # throughput: keep connections open, and check each one before the
        # first query of a request, so one the server or a proxy dropped
        # meanwhile is replaced instead of failing the page.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
    if pool_max_size:
        database["CONN_MAX_AGE"] = 0
        database["CONN_HEALTH_CHECKS"] = False  # the pool checks connections
        database["OPTIONS"] = {
            "pool": {
                "min_size": min(pool_min_size, pool_max_size),
                "max_size": pool_max_size,
                "timeout": pool_timeout,
            }
        }
    return database


def _missing(name: str) -> str:
    # One line the operator can act on, not a traceback.
    sys.stderr.write(
        f"iomsite: set {name} (or DJANGO_DEBUG=1 for local development) "
        "before starting the site.\n"
    )
    raise SystemExit(1)


DEBUG = env_bool("DJANGO_DEBUG")
# pytest (8.2+) sets PYTEST_VERSION: the suite runs the production
# configuration and needs no secret of its own.
TESTING = "PYTEST_VERSION" in os.environ

# Build steps that never serve a request nor sign anything (migration and
# message checks, collectstatic) run on build hosts without the secret.
BUILD_COMMAND = sys.argv[1:2] in (
    ["makemigrations"],
    ["makemessages"],
    ["compile_translations"],
    ["collectstatic"],
)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "django-insecure-local-only"
    if DEBUG or TESTING or BUILD_COMMAND
    else _missing("DJANGO_SECRET_KEY")
)

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin: it must come before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_countries",
    "ckeditor",
    "ckeditor_uploader",
    "reversion",
    "axes",
    # What every app shares (its migrate and other commands replace
    # Django's: the first app naming a command wins).
    "core",
    # The whole-page cache: content apps' views opt in where defined.
    "pagecache",
    # Each staff member's language and time zone (the "My profile" page).
    "profiles",
    # Before the content apps: their models build on editorial.models.
    "editorial",
    # One review link for people without an account (uses editorial).
    "reviews",
    # What people are told, in the admin and by email (background tasks).
    "notifications",
    "django_tasks",
    "django_tasks_db",
    # A second factor for staff (TOTP, passkeys) and single sign-on (OIDC).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "twofactor",
    "mozilla_django_oidc",
    "sso",
    # The document library (files per language; news links releases to it).
    "documents",
    # The image library (renditions made by background tasks).
    "images",
    "organization",
    "news",
    # Journalists' subscriptions and the sending of releases to them, and
    # the mail providers' bounce webhooks it listens to.
    "press",
    "anymail",
    "pages",
    # After the content apps: it reads their translated models.
    "translations",
]

# The apps whose rows readers see: a change to any of them makes cached
# pages stale (pagecache), and backups export them (editorial/backup.py).
CONTENT_APPS = [
    "images",
    "documents",
    "organization",
    "news",
    "pages",
    "translations",
]

MIDDLEWARE = [
    # First: a cached page is served without any other middleware (no
    # session, locale, CSRF or auth work) and was stored with the headers
    # all of them add.
    "pagecache.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session passed a second factor; then staff who have not
    # go to the verify or enrolment page before the admin (twofactor app).
    "django_otp.middleware.OTPMiddleware",
    "twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Signed-in staff get pages no shared cache may keep, and are signed
    # out when idle.
    "editorial.middleware.StaffNoStoreMiddleware",
    "editorial.middleware.IdleTimeoutMiddleware",
    # Admin pages in the staff member's own time zone (public pages: UTC).
    "editorial.timezones.AdminTimeZoneMiddleware",
    # Admin pages in their profile's language; their sessions (profiles).
    "profiles.middleware.ProfileMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its answer.
    "axes.middleware.AxesMiddleware",
]

# Benchmarks only (bench/urls.py adds a minimal view to measure against).
ROOT_URLCONF = os.environ.get("DJANGO_ROOT_URLCONF", "iomsite.urls")
WSGI_APPLICATION = "iomsite.wsgi.application"

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
                "pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ["DATABASE_URL"],
        pool_max_size=int(os.environ.get("DATABASE_POOL_MAX_SIZE", 0)),
        pool_min_size=int(os.environ.get("DATABASE_POOL_MIN_SIZE", 2)),
        pool_timeout=float(os.environ.get("DATABASE_POOL_TIMEOUT", 10)),
    )
    if os.environ.get("DATABASE_URL")
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DJANGO_SQLITE_PATH") or BASE_DIR / "db.sqlite3",
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# A Redis that does not answer must slow pages down by a second at most.
REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
CACHES = {
    "default": {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "iomsite",
        "OPTIONS": REDIS_OPTIONS,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "iomsite",
    },
    # Whole pages (pagecache/cache.py), apart from the rest: a flood of
    # distinct addresses culls only other pages, least recently read first.
    "pages": {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "iomsite-pages",
        "OPTIONS": REDIS_OPTIONS,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "iomsite-pages",
        "OPTIONS": {
            "MAX_ENTRIES": int(os.environ.get("DJANGO_PAGE_CACHE_MAX_ENTRIES", 2000))
        },
    },
    # List pages past 50 (pagecache/cache.py): always each process's own
    # bounded memory, so a flood of ?page= addresses churns only this. Their
    # keys hold the shared generation: never stale on any server.
    "deep-pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "iomsite-deep-pages",
        "OPTIONS": {
            "MAX_ENTRIES": int(
                os.environ.get("DJANGO_DEEP_PAGE_CACHE_MAX_ENTRIES", 300)
            )
        },
    },
}
# Background tasks (Django's tasks API, the django-tasks backport): the
# database by default (`manage.py db_worker` runs them), RQ on the Redis of
# REDIS_URL (`manage.py rqworker --job-class django_tasks_rq.Job`), or at
# once in the request (`immediate`, for trying things out only).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND_NAME = os.environ.get("DJANGO_TASKS_BACKEND", "database")
if TASKS_BACKEND_NAME not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND={TASKS_BACKEND_NAME!r}: use one of "
        + ", ".join(TASK_BACKENDS)
    )
if TASKS_BACKEND_NAME == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured(
            "DJANGO_TASKS_BACKEND=rq queues tasks in Redis: set REDIS_URL too."
        )
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND_NAME]}}

# Email: to the console in development without a host; otherwise by SMTP, to
# the machine's own mail server (Django's default, localhost:25) unless
# DJANGO_EMAIL_HOST names another.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", 587 if EMAIL_HOST else 25))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", bool(EMAIL_HOST))
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "IOM press office <no-reply@localhost>"
)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST or not DEBUG
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = EMAIL_HOST or "localhost"
# Links in emails: the site's public address.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://localhost:8000")

# Sending releases to journalists (press/delivery.py): emails per batch
# (one SMTP connection each), tries per email (waiting PRESS_RETRY_SECONDS,
# doubled each time), and how old a release may be and still be sent (a
# translation added to an old release mails nobody).
PRESS_FROM_EMAIL = os.environ.get("DJANGO_PRESS_FROM_EMAIL", DEFAULT_FROM_EMAIL)
PRESS_BATCH_SIZE = int(os.environ.get("DJANGO_PRESS_BATCH_SIZE", 50))
PRESS_MAX_ATTEMPTS = int(os.environ.get("DJANGO_PRESS_MAX_ATTEMPTS", 4))
PRESS_RETRY_SECONDS = int(os.environ.get("DJANGO_PRESS_RETRY_SECONDS", 120))
PRESS_SEND_MAX_AGE_DAYS = int(os.environ.get("DJANGO_PRESS_SEND_MAX_AGE_DAYS", 7))
# Hard bounces before an address is paused (a complaint pauses at once).
PRESS_BOUNCES_TO_PAUSE = int(os.environ.get("DJANGO_PRESS_BOUNCES_TO_PAUSE", 3))
# An address for mail programs' "unsubscribe" by email, beside the https one
# (List-Unsubscribe); empty: the https address only.
PRESS_UNSUBSCRIBE_MAILTO = os.environ.get("DJANGO_PRESS_UNSUBSCRIBE_MAILTO", "")
# The mail provider's bounce and complaint webhooks (django-anymail): they
# answer only with a secret ("user:password", given to the provider as basic
# authentication); Mailgun also signs its posts with its own key.
ANYMAIL = {
    "WEBHOOK_SECRET": os.environ.get("DJANGO_ANYMAIL_WEBHOOK_SECRET", ""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": os.environ.get(
        "DJANGO_MAILGUN_WEBHOOK_SIGNING_KEY", ""
    ),
}

# Passkeys and security keys (django-otp-webauthn) are bound to the site's
# host name and origin, taken from DJANGO_SITE_URL.
_site = urlsplit(SITE_URL)
OTP_WEBAUTHN_RP_ID = _site.hostname
OTP_WEBAUTHN_RP_NAME = os.environ.get("DJANGO_WEBAUTHN_RP_NAME", "IOM")
OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]
# Second factor (twofactor app). A passkey is a second factor after the
# password, never a sign-in on its own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = os.environ.get("DJANGO_OTP_ISSUER", OTP_WEBAUTHN_RP_NAME)
# Wrong codes: 1, 2, 4, 8… seconds to wait before the next try (django-otp).
OTP_TOTP_THROTTLE_FACTOR = 1
# A failed notification email is tried again after this many seconds,
# doubled each time, five times in all (notifications/tasks.py).
NOTIFICATION_RETRY_SECONDS = int(
    os.environ.get("DJANGO_NOTIFICATION_RETRY_SECONDS", 60)
)

# The whole-page cache: on unless turned off (the test suite turns it on
# where it is under test: other tests read pages they have just changed
# inside a transaction that never commits).
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", not TESTING)
# Parts every reader of a language shares (menu, footer, news filters…) kept
# in the default cache under the content generation, with a timeout
# (pagecache/fragments.py): on unless turned off, like the above.
FRAGMENT_CACHE_ENABLED = env_bool("DJANGO_FRAGMENT_CACHE", not TESTING)
# Longest life of a cached page, in seconds; publications, edits, scheduled
# releases and midnight end it sooner.
PAGE_CACHE_TIMEOUT = int(os.environ.get("DJANGO_PAGE_CACHE_TIMEOUT", 600))
# max-age sent with cached pages for browsers and CDNs (never past the next
# scheduled change); they revalidate with ETag/Last-Modified after it.
PAGE_MAX_AGE = int(os.environ.get("DJANGO_PAGE_MAX_AGE", 60))
# Without REDIS_URL each process keeps its own content generation, which
# commits in other processes do not bump: it lasts this many seconds, the
# longest an edit stays unseen by the other processes (pagecache/cache.py).
LOCAL_CACHE_TIMEOUT = int(os.environ.get("DJANGO_LOCAL_CACHE_TIMEOUT", 10))
# Gunicorn's own worker count (its default for --workers): with more than
# one, per-process caches are late in the other workers (pagecache.W001).
WORKERS = int(os.environ.get("WEB_CONCURRENCY", 1))

# Single sign-on (sso app): OpenID Connect, on when the issuer, client id
# and secret are all set. sso/conf.py reads these when needed (a partial
# set stops start-up, naming what is missing); the endpoints and keys come
# from the issuer's discovery document, fetched on first use and cached.
SSO_ISSUER = os.environ.get("DJANGO_OIDC_ISSUER", "").strip()
SSO_CLIENT_ID = os.environ.get("DJANGO_OIDC_CLIENT_ID", "").strip()
SSO_CLIENT_SECRET = os.environ.get("DJANGO_OIDC_CLIENT_SECRET", "").strip()
SSO_ALLOWED_DOMAINS = [d.lower() for d in env_list("DJANGO_OIDC_ALLOWED_DOMAINS")]
SSO_GROUPS_CLAIM = os.environ.get("DJANGO_OIDC_GROUPS_CLAIM", "").strip()
SSO_SCOPES = os.environ.get("DJANGO_OIDC_SCOPES", "openid email profile")
# Seconds to wait for the identity provider (discovery, token, keys).
SSO_TIMEOUT = int(os.environ.get("DJANGO_OIDC_TIMEOUT", 5))
# mozilla-django-oidc: the code flow with PKCE and a nonce, ID tokens signed
# RS256 with a key from the issuer's JWKS; sso.views and sso.backends add
# the discovery and the checks the library leaves out.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_RP_SCOPES = SSO_SCOPES
OIDC_TIMEOUT = SSO_TIMEOUT
OIDC_AUTHENTICATE_CLASS = "sso.views.SignOnStartView"
OIDC_CALLBACK_CLASS = "sso.views.SignOnCallbackView"

# django-axes counts failed sign-ins per user name and address and locks
# that pair out for a while; an address is also locked for every name past
# a higher limit across names (password spraying: editorial/signin.py).
# `manage.py axes_reset` lifts every lock at once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Before ModelBackend: with single sign-on on, it keeps the password
    # sign-in for superusers (the emergency administrators).
    "sso.backends.SignOnBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", 15))
)
# Per user name *and* address: a stranger cannot lock an editor out from
# elsewhere by guessing at their name.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ADDRESS_FAILURE_LIMIT = int(
    os.environ.get("DJANGO_AXES_ADDRESS_FAILURE_LIMIT", 20)
)
AXES_HANDLER = "editorial.signin.AddressThrottlingHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "editorial.signin.lockout_response"
AXES_LOCKOUT_TEMPLATE = "admin/editorial/locked_out.html"
# The client's address is REMOTE_ADDR unless the site says how many proxies
# stand in front: trusting X-Forwarded-For otherwise lets a guesser rotate it.
if os.environ.get("DJANGO_AXES_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["DJANGO_AXES_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Sessions live in the database (Django's default): a cache outage signs
# nobody out. Sign-in rotates the session key (Django does). A session
# ends after a working day, or sooner when left idle
# (editorial.middleware.IdleTimeoutMiddleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_TIMEOUT = int(os.environ.get("DJANGO_SESSION_IDLE_SECONDS", 2 * 60 * 60))

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the source of interface strings and the default.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "es")
# The content is written in any of the three languages: none is required
# by the database, models say which ones they need.
MODELTRANSLATION_REQUIRED_LANGUAGES = ()
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "es")
# modeltranslation loads jQuery UI from a CDN by default; the admin must work
# on closed networks, so the tabs come from the project's own static files.
JQUERY_UI_URL = "iomsite/admin/ui-tabs.js"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Writes each file under a temporary name and renames it into place, so
    # a full or failing disk leaves no half-written file (core/storage.py).
    "default": {"BACKEND": "core.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Library documents (documents/) live apart from MEDIA_ROOT, which may be
# served as it is: unset, a "private" folder beside MEDIA_ROOT.
if os.environ.get("DJANGO_DOCUMENTS_ROOT"):
    DOCUMENTS_ROOT = Path(os.environ["DJANGO_DOCUMENTS_ROOT"])
# Past one machine, uploads go to S3-compatible storage shared by every app
# server (pip install '.[s3]'; credentials from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, as boto3 reads them).
if os.environ.get("DJANGO_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["DJANGO_S3_BUCKET"],
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            # The CDN's host name for media, when one serves the bucket.
            "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    # Library images and documents stay private until their release is
    # public: a bucket (or a folder of the same one) nobody reads directly.
    # Their site addresses check first, then redirect to a signed address
    # valid MEDIA_SIGNED_URL_EXPIRE seconds, or to a CDN (CloudFront signed
    # URLs when its key pair is given).
    private_s3_options = {
        "bucket_name": os.environ.get("DJANGO_S3_PRIVATE_BUCKET")
        or os.environ["DJANGO_S3_BUCKET"],
        "location": "" if os.environ.get("DJANGO_S3_PRIVATE_BUCKET") else "private",
        "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("DJANGO_S3_REGION") or None,
        "custom_domain": os.environ.get("DJANGO_S3_PRIVATE_CUSTOM_DOMAIN") or None,
        "cloudfront_key_id": os.environ.get("DJANGO_S3_CLOUDFRONT_KEY_ID") or None,
        "cloudfront_key": os.environ.get("DJANGO_S3_CLOUDFRONT_KEY") or None,
        "querystring_auth": True,
        "querystring_expire": int(
            os.environ.get("DJANGO_MEDIA_SIGNED_URL_EXPIRE", 600)
        ),
        "file_overwrite": False,
        "default_acl": "private",
    }
    STORAGES["library"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": private_s3_options,
    }
    STORAGES["documents"] = STORAGES["library"]
# Seconds a signed address of a private file (S3) stays valid.
MEDIA_SIGNED_URL_EXPIRE = int(os.environ.get("DJANGO_MEDIA_SIGNED_URL_EXPIRE", 600))
# Library images live here, beside MEDIA_ROOT, never in it (images.storage):
# unset, the documents' private folder.
if os.environ.get("DJANGO_IMAGES_ROOT"):
    IMAGES_ROOT = Path(os.environ["DJANGO_IMAGES_ROOT"])
# Files one account may upload per hour (images in bodies, lead images):
# past it, the upload is refused until the hour ends (core/uploads.py).
UPLOAD_RATE_PER_HOUR = int(os.environ.get("DJANGO_UPLOAD_RATE_PER_HOUR", 60))

# Rich text: the editor offers only what the sanitiser keeps
# (core/richtext.py holds the allow-list).
CKEDITOR_BASEPATH = "/static/ckeditor/ckeditor/"
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "iomsite",
        "toolbar_iomsite": [
            ["Format", "Bold", "Italic"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Table", "Image"],
            ["Language", "RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        # Marks a quote or a name in another language (<span lang="…">, kept
        # by the sanitiser) so screen readers pronounce it right.
        "extraPlugins": "language",
        "language_list": ["en:English", "fr:Français", "es:Español"],
        # Nothing that fetches from another site (spell-check services,
        # PDF export), embeds or runs code (iframes, Flash, media embeds,
        # code snippets, forms) or builds whole documents (templates,
        # preview, print). What stays is the toolbar above; the server's
        # allow-list (core/richtext.py) has the last word regardless.
        "removePlugins": ",".join(
            [
                "about",
                "autoembed",
                "codesnippet",
                "embed",
                "embedsemantic",
                "exportpdf",
                "flash",
                "forms",
                "iframe",
                "mathjax",
                "newpage",
                "preview",
                "print",
                "save",
                "scayt",
                "smiley",
                "templates",
                "wsc",
            ]
        ),
        # The advanced tabs offer classes, styles and ids the server drops.
        "removeDialogTabs": "image:advanced;link:advanced",
        "height": 320,
        "width": "100%",
        "entities": False,
    },
}
# Images put in a body are uploaded by staff through CKEditor's image dialog
# to news.views.upload_body_image (mounted under admin/ckeditor/), which keeps
# them in the image library (images.services.upload_image: the lead image's
# checks, server-chosen names); "Browse server" lists that library
# (images.views.editor_browse). The backend below applies the same checks
# should django-ckeditor's own view ever be routed. Uploads are not kept per user: user names would show
# in public image addresses.
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_IMAGE_BACKEND = "core.images.CKEditorImageBackend"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_RESTRICT_BY_USER = False
SILENCED_SYSTEM_CHECKS = [
    # ckeditor.W001: the bundled CKEditor 4 is end-of-life. Everything it
    # produces is sanitised server-side with nh3 (core/richtext.py), so a
    # hostile or buggy editor cannot reach readers; the editor is swapped in
    # one module when a successor is chosen.
    "ckeditor.W001",
    # models.W040: SQLite ignores the INCLUDE columns of the public indexes
    # (news/models.py); PostgreSQL, which production runs, uses them.
    "models.W040",
]

# Security. With debug off, every deploy check passes; the two switches below
# let the production configuration run behind a TLS proxy or, for tests and
# benchmarks, on plain HTTP over loopback.
# The test suite's live server speaks plain HTTP on loopback.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["DJANGO_SECURE_PROXY_SSL_HEADER"], "https")
SESSION_COOKIE_SECURE = not (DEBUG or TESTING)
CSRF_COOKIE_SECURE = not (DEBUG or TESTING)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = (
    0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The preload flag only allows a submission to the browsers' lists.
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Requests for unknown hosts (robots, scanners) get one line each from
        # the 400 page's view (core/views.py bad_request), not a traceback.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        # Publications, deletions and refused attempts (editorial/audit.py),
        # printed once, by the root's handler.
        "iomsite.audit": {"level": "INFO"},
    },
}

# Uploaded media are served by Django itself only when asked (local runs, one
# machine); past one machine they come from shared storage behind a CDN.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)
