"""Settings shared by every environment; the environment modules adjust them."""

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from hrflow.env import BASE_DIR, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-hrflow-development-only")
# Fernet keys for secrets at rest (vendor credentials, webhook secrets, raw payloads),
# newest first: rotate by prepending a key, re-encrypting (manage.py rotate_field_keys),
# then dropping the old one. Development derives one from SECRET_KEY when unset.
FIELD_ENCRYPTION_KEYS = env.list("HRFLOW_FIELD_ENCRYPTION_KEYS", default=[])
# "eu" hard-disables emotion/sentiment data from vendors (EU AI Act Art. 5(1)(f)); other
# profiles keep it only where a connection's mapping turns it on (off by default).
HRFLOW_COMPLIANCE_PROFILE = env("HRFLOW_COMPLIANCE_PROFILE", default="standard")
# Where vendors reach us (webhook URLs shown to operators are built from it).
HRFLOW_PUBLIC_URL = env("HRFLOW_PUBLIC_URL", default="http://127.0.0.1:8000")
# Pulled results are split over this many lanes, each recorded in fetch order by one
# worker process at a time; processes move on to waiting lanes, so about twice the
# integrations queue's worker concurrency keeps them evenly busy.
# Candidate portal sessions end after this long without a request, or this long after
# sign-in, whichever comes first (the sign-in link itself lives 15 minutes).
HRFLOW_PORTAL_IDLE_MINUTES = env.int("HRFLOW_PORTAL_IDLE_MINUTES", default=60)
HRFLOW_PORTAL_MAX_HOURS = env.int("HRFLOW_PORTAL_MAX_HOURS", default=12)
# The staff group whose members do the IT onboarding tasks (accounts, laptop); without
# members, those tasks fall to HR (employees.services.onboarding).
HRFLOW_ONBOARDING_IT_GROUP = env("HRFLOW_ONBOARDING_IT_GROUP", default="it")
# A pre-boarding link to the new hire lives this many days (it is sent weeks ahead).
HRFLOW_PREBOARDING_LINK_DAYS = env.int("HRFLOW_PREBOARDING_LINK_DAYS", default=7)
# The careers apply form sent sooner than this after it was shown is a bot's: it is
# answered like a success and nothing is stored (with the honeypot and the rate limits).
HRFLOW_CAREERS_MIN_FILL_SECONDS = env.float("HRFLOW_CAREERS_MIN_FILL_SECONDS", default=3.0)
# The largest request body any route takes, refused (413) before it is read; the
# upload forms take their largest file on top (hrflow.core.request_body).
HRFLOW_MAX_REQUEST_BODY_BYTES = env.int("HRFLOW_MAX_REQUEST_BODY_BYTES", default=1024 * 1024)
HRFLOW_INGEST_LANES = env.int("HRFLOW_INGEST_LANES", default=4)
# A message being sent belongs to its worker this long; after it, the worker is taken
# to have died and the message is settled with its provider (never blindly resent).
HRFLOW_NOTIFICATION_LEASE_SECONDS = env.int("HRFLOW_NOTIFICATION_LEASE_SECONDS", default=300)
# SMS through Aliyun (dysmsapi): off until an access key is set, then
# hrflow.notifications.channels.sms_aliyun refuses to start while the rest is
# missing. Aliyun sends only templates it approved, so HRFLOW_SMS_TEMPLATES maps
# each event to its TemplateCode; the defaults are the codes the local simulator
# (manage.py notification_simulator sms) knows, not real ones.
HRFLOW_SMS_ENDPOINT = env("HRFLOW_SMS_ENDPOINT", default="https://dysmsapi.aliyuncs.com/")
HRFLOW_SMS_ACCESS_KEY_ID = env("HRFLOW_SMS_ACCESS_KEY_ID", default="")
HRFLOW_SMS_ACCESS_KEY_SECRET = env("HRFLOW_SMS_ACCESS_KEY_SECRET", default="")
HRFLOW_SMS_SIGN_NAME = env("HRFLOW_SMS_SIGN_NAME", default="")
# The language the templates are registered in (one per event): every text is in it.
HRFLOW_SMS_LANGUAGE = env("HRFLOW_SMS_LANGUAGE", default="zh-hans")
HRFLOW_SMS_TEMPLATES = env.json(
    "HRFLOW_SMS_TEMPLATES",
    default={
        event: f"SMS_HRFLOW_{event.upper()}"
        for event in (
            "application_received",
            "ai_interview_invitation",
            "ai_interview_passed",
            "interview_scheduled",
            "interview_changed",
            "interview_cancelled",
            "interview_reminder",
            "rejected",
            "talent_pool_archived",
            "offer_sent",
            "magic_link",
            "preboarding_invitation",
        )
    },
)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # hrflow core apps first so their templates and translations win.
    "hrflow.accounts",
    "hrflow.core",
    "hrflow.org",
    "hrflow.competencies",
    "hrflow.notifications",
    "hrflow.outbound",
    "hrflow.web",
    "integrations",
    "employees",
    "recruiting",
    "portal",
    "careers",
    "analytics",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "hrflow.accounts.axes_config.LockoutsConfig",  # django-axes, named in our languages
]

MIDDLEWARE = [
    # First: answers /healthz for container probes before host checks (see its docstring).
    "hrflow.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Views that machines call (vendor webhooks) are answered here, without the rest.
    "hrflow.core.middleware.MachineEndpointMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The idle timeout's refresh, at most once a minute (hrflow/core/session_refresh.py).
    "hrflow.core.session_refresh.SessionIdleRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads request.POST (the CSRF check does): an oversized body
    # is refused unread, in the visitor's language.
    "hrflow.core.request_body.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Refuses NULs before any view reads a parameter (it reads non-upload forms).
    "hrflow.core.bad_input.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hrflow.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the final authentication outcome (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hrflow.urls"
WSGI_APPLICATION = "hrflow.wsgi.application"

# recruiting's feature packages (each with its own models, services, views, templates).
RECRUITING_FEATURES = (
    "vendors",
    "interviews",
    "offers",
    "screening",
    "questions",
    "privacy",
    "resume_reading",
    "hiring",
)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The shared layout, then each recruiting feature package's own templates
        # (they are packages of one app, so APP_DIRS does not find them).
        "DIRS": [
            BASE_DIR / "templates",
            *(BASE_DIR / "recruiting" / package / "templates" for package in RECRUITING_FEATURES),
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "hrflow.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/hrflow"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Each service owns its transaction (docs/DESIGN.md, Conventions); requests are not wrapped.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "hrflow",
    }
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must come first so a locked-out user is refused
    # before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify and are upgraded to Argon2 at the next login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
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

# Staff sessions: an idle timeout, refreshed as the person works (ASVS 7.3.1), at most
# once every HRFLOW_SESSION_REFRESH_SECONDS (hrflow/core/session_refresh.py).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 8)
HRFLOW_SESSION_REFRESH_SECONDS = env.int("HRFLOW_SESSION_REFRESH_SECONDS", default=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Sessions live in PostgreSQL alone: with a cache in front, a Redis outage
# would sign everyone out or fail every page (Django does not catch cache
# errors on the write after a database read).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LANGUAGE_CODE = "zh-hans"
# Set by hrflow.accounts.language_cookie; Secure wherever the session cookie is.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("HRFLOW_TIME_ZONE", default="Asia/Shanghai")

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Or a provider's API through django-anymail: HRFLOW_EMAIL_BACKEND names its backend
# (e.g. anymail.backends.mailgun.EmailBackend) and HRFLOW_ANYMAIL holds its settings as
# JSON (e.g. {"MAILGUN_API_KEY": "...", "MAILGUN_SENDER_DOMAIN": "mg.example.com"}).
if env("HRFLOW_EMAIL_BACKEND", default=""):
    EMAIL_BACKEND = env("HRFLOW_EMAIL_BACKEND")
ANYMAIL = env.json("HRFLOW_ANYMAIL", default={})
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="hrflow <noreply@hrflow.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# django-axes: lock a username+IP pair after repeated failures, so an attacker
# cannot lock a victim out from everywhere by knowing the username alone.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Sign-in forms post the address as "username" (Django's AuthenticationForm),
# while axes would look for USERNAME_FIELD ("email") and count nobody.
AXES_USERNAME_FORM_FIELD = "username"
# Failures count on the address as sign-in finds the account (case, spaces and
# full-width letters folded), so no spelling of it gets fresh tries.
AXES_USERNAME_CALLABLE = "hrflow.accounts.sign_in.lockout_username"
# Reverse proxies in front of the app (each appends to X-Forwarded-For); the
# lockout must key on the real client, not on the proxy's address.
HRFLOW_TRUSTED_PROXY_COUNT = env.int("HRFLOW_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "hrflow.core.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy: every asset is served by the app (no CDN), so 'self'
# plus a per-request nonce for the few inline scripts is all a page needs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Lockouts and failures stay visible (WARNING); per-attempt chatter does not.
        "axes": {"level": "WARNING"},
        # Request lines carry vendor ids and query strings: not for the general log
        # (docs/vendors/scenarios.md case 30).
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # fpdf2 subsets the report font on every PDF export (analytics.exports.pdf), and
        # fontTools logs each step of it at INFO.
        "fontTools": {"level": "WARNING"},
    },
}

from hrflow.settings.components.api import *  # noqa: E402, F403
from hrflow.settings.components.celery import *  # noqa: E402, F403
