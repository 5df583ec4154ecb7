"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-dev-key-change-me-in-production-0123456789")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "phonenumber_field",
    "widget_tweaks",
    "dsfr",
    "core",
    "outbox",
    "accounts",
    "activation",
    "recovery",
    "selfservice",
    "devices",
    "apps_catalog",
    "sso",
    "staff_otp",
    "cahier_de_textes",
    "vie_scolaire",
    "actualites",
    "bureau",
    "agenda",
    "evaluations",
    "livret",
    "demarches",
    "teleservices",
    "pronote_bridge",
    "messagerie",
    "portal",
    # Migrations only: the history of models that moved to activation and recovery.
    "educonnect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in the path, the query string or a form field: 400 before any view sees it.
    "core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session opened by pairing a phone ends as soon as its device is revoked (Mes appareils).
    "devices.middleware.DeviceSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Django admin behind a TOTP passcode; TOTP pages for staff profiles only.
    "staff_otp.middleware.StaffOTPMiddleware",
    # Confines letter sessions to the first connection and unconfirmed guardians to the e-mail page.
    "activation.middleware.ActivationMiddleware",
    "portal.middleware.CharterMiddleware",
]

# The pages carry no inline script nor style and load nothing from elsewhere: an injected
# <script> or style attribute does not run even if some text escaped sanitising. No form-action:
# login forms redirect on to FranceConnect and to the CAS services, which Chromium checks
# against it.
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
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production and CI), SQLite when absent.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'var' / 'cartable.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        # A health check is one more round trip per request; off unless asked for.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS"),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache, sessions, rate limits and Celery broker when REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "cartable"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
# Rendered fragments that only change with a deploy or a catalogue edit (their keys carry a
# version): kept in each process's memory, so serving them costs no network round trip.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "cartable-fragments",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Paris"
# Every task of the beat: the daily sweep runs each app's retention rules (core.retention).
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-daily": {"task": "core.tasks.sweep_daily", "schedule": 24 * 60 * 60},
    "accounts-purge-expired": {
        "task": "accounts.tasks.accounts_purge_expired",
        "schedule": 10 * 60,
    },
    "outbox-flush": {"task": "outbox.tasks.outbox_flush", "schedule": 60},
    # The families' vie scolaire digests (also queued with a countdown when an event is recorded).
    "vie-scolaire-notices": {"task": "vie_scolaire.tasks.family_notices_send", "schedule": 5 * 60},
    # New-mail notices whose task, queued after the send, was lost (messagerie.notices).
    "messagerie-notices": {"task": "messagerie.tasks.mail_notices_send", "schedule": 5 * 60},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # A letter's temporary password: provisional accounts only, first-connection pages only.
    "activation.backends.LetterBackend",
    # Staff with a TOTP authenticator: a current 6-digit passcode instead of the password.
    "staff_otp.backends.StaffPasscodeBackend",
]

# Argon2id at OWASP parameters first; PBKDF2 kept so older hashes still verify (and get upgraded).
PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {"NAME": "accounts.validators.EduConnectPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
# An expired form explained in French (templates/403_csrf.html), not Django's English page.
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGIN_URL = "portal:services_en_ligne"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:services_en_ligne"

# django-allauth: logins by identifier only, no self sign-up (accounts come from the roster).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USERNAME_MIN_LENGTH = 2
ACCOUNT_RATE_LIMITS = {
    # Failed logins per identifier ("key") whatever the address. The per-address limit is
    # accounts.adapter's: it refuses wrong passwords only (CARTABLE_LIMITS "login_failed_per_ip").
    "login_failed": "5/5m/key",
    # No cap on logins per address: a class logging in at once from the school's Wi-Fi shares one.
    "login": None,
    # Failed TOTP passcodes per account, on top of login_failed: bounds guessing of 6 digits.
    "otp_login_failed": "10/1d/key",
}
ACCOUNT_FORMS = {"login": "accounts.forms.PortalLoginForm"}

PHONENUMBER_DEFAULT_REGION = "FR"
PHONENUMBER_DB_FORMAT = "E164"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Administrateur des services en ligne <service.messagerie@cartable.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cartable itself.
CARTABLE_PORTAL_NAME = env("CARTABLE_PORTAL_NAME", "Cartable")
CARTABLE_ACADEMIE = env("CARTABLE_ACADEMIE", "Poitiers")
CARTABLE_PUBLIC_URL = env("CARTABLE_PUBLIC_URL", "http://127.0.0.1:8000")
# Reverse proxies of ours in front of the application (docker-compose: 1, nginx). The client's
# address is then read from X-Forwarded-For (core.http.client_ip), for every rate limit and lock.
CARTABLE_TRUSTED_PROXIES = int(env("CARTABLE_TRUSTED_PROXIES", "0"))
# Imports bigger than this number of pupils run as a Celery task from the admin.
CARTABLE_IMPORT_MAX_BYTES = 50 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Staff TOTP (allauth.mfa): RFC 6238, 30 s, 6 digits; secrets encrypted at rest (staff_otp.crypto).
MFA_ADAPTER = "staff_otp.adapter.StaffMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_PERIOD = 30
MFA_TOTP_DIGITS = 6
# One step either side of the current one: a code typed just as it changes still works.
MFA_TOTP_TOLERANCE = 1
MFA_TOTP_ISSUER = CARTABLE_PORTAL_NAME
# Academic accounts have no e-mail check in Cartable.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_FORMS = {"activate_totp": "staff_otp.forms.StaffActivateTOTPForm"}
# Key the TOTP secrets are encrypted with (any string; derived with HKDF). SECRET_KEY when unset.
CARTABLE_OTP_KEY = env("CARTABLE_OTP_KEY")

# FranceConnect for parents (allauth's OpenID Connect provider), only when configured.
SOCIALACCOUNT_ADAPTER = "activation.adapter.FranceConnectAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
FRANCECONNECT_SERVER_URL = env("FRANCECONNECT_SERVER_URL")
FRANCECONNECT_PROVIDER_ID = "franceconnect"


def franceconnect_providers(server_url: str, client_id: str, secret: str, scope: str) -> dict:
    """SOCIALACCOUNT_PROVIDERS for FranceConnect; no app at all (button hidden, URLs 404) when
    the server URL or the client id is missing."""
    apps = []
    if server_url and client_id:
        apps.append(
            {
                "provider_id": FRANCECONNECT_PROVIDER_ID,
                "name": "FranceConnect",
                "client_id": client_id,
                "secret": secret,
                "settings": {
                    "server_url": server_url,
                    "scope": scope.split(),
                    "token_auth_method": "client_secret_post",
                    "oauth_pkce_enabled": True,
                    "fetch_userinfo": True,
                },
            }
        )
    return {"openid_connect": {"APPS": apps, "OAUTH_PKCE_ENABLED": True}}


SOCIALACCOUNT_PROVIDERS = franceconnect_providers(
    FRANCECONNECT_SERVER_URL,
    env("FRANCECONNECT_CLIENT_ID"),
    env("FRANCECONNECT_SECRET"),
    env("FRANCECONNECT_SCOPES", "openid given_name family_name birthdate email"),
)

# SMS (EduConnect codes, identifiers): one backend, like EMAIL_BACKEND. Console by default; the HTTP
# provider (docs/outbox.md) with SMS_BACKEND=outbox.sms.backends.http.SmsBackend.
SMS_BACKEND = env("SMS_BACKEND", "outbox.sms.backends.console.SmsBackend")
SMS_SENDER_NAME = env("SMS_SENDER_NAME", "EduConnect")
SMS_HTTP_URL = env("SMS_HTTP_URL")
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN")
SMS_HTTP_TIMEOUT = float(env("SMS_HTTP_TIMEOUT", "10"))
# Abuse limits of core.conf.DEFAULT_LIMITS can be overridden here, e.g. {"sms_global_day": 5000}.
CARTABLE_LIMITS: dict = {}

# CAS server (sso, docs/authentication.md): how long a service ticket waits for its validation.
CAS_TICKET_VALIDITY = int(env("CAS_TICKET_VALIDITY", "10"))
