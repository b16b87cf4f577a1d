"""Django settings for shenbao.

Everything a deployment may change is read from the environment through the
typed helpers in env.py; every variable is listed in .env.example.  With no
environment at all the embedded default runs: SQLite and local files under var/.
"""

from __future__ import annotations

from pathlib import Path

from shenbao.config.env import (
    SettingError,
    check_profile_keys,
    env_bool,
    env_choice,
    env_int,
    env_key,
    env_keys,
    env_list,
    env_path,
    env_required,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = env_path("SHENBAO_VAR_DIR", BASE_DIR / "var")

ENVIRONMENT = env_choice("SHENBAO_ENV", "development", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"
# Off unless asked for, also for `make run`: a debug page shows every URL pattern and Django's
# English 404, where people should see the project's own Chinese error pages.
DEBUG = env_bool("SHENBAO_DEBUG", False)

# Development keys are fixed and public: they protect nothing, which is why
# production refuses to start without its own.
_DEV_SECRET = "dev-only-insecure-secret-key-shenbao-0000000000000000000000"
SECRET_KEY = env_str("SHENBAO_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
# What production lacks, reported together in one line (shenbao.config.env.exit_on_setting_error).
_missing: list[str] = []
if PRODUCTION and len(SECRET_KEY) < 50:
    _missing.append("SHENBAO_SECRET_KEY (at least 50 random characters)")

# Keys (docs/security.md, shenbao/domain/personal.py). SHENBAO_CRYPTO picks the profile: "aes"
# (AES-256-GCM, HMAC-SHA-256) or "sm" (SM4-GCM, HMAC-SM3). Data keys are "id:base64,id:base64":
# the first key of the profile's list encrypts, every key of both lists decrypts (rotation and
# moving between profiles); ids are unique across both lists. AES-256 keys are 32 bytes, SM4 keys
# 16; the look-up and audit keys 32. All urlsafe base64.
SHENBAO_CRYPTO = env_choice("SHENBAO_CRYPTO", "aes", ("aes", "sm"))
_DEV_DATA_KEYS = "dev1:ZGV2LW9ubHktZGF0YS1rZXktc2hlbmJhby0wMDAwMDA"
_DEV_SM4_DATA_KEYS = "dev-sm1:ZGV2LW9ubHktc200LWtleQ"
_DEV_LOOKUP_KEY = "ZGV2LW9ubHktbG9va3VwLWtleS1zaGVuYmFvLTAwMDA"
_DEV_SM3_LOOKUP_KEY = "ZGV2LW9ubHktc20zLWxvb2t1cC1rZXktc2hlbmJhbzA"
_DEV_AUDIT_KEYS = "dev-audit1:ZGV2LW9ubHktYXVkaXQtY2hhaW4ta2V5LXNoZW5iYW8"
SHENBAO_DATA_KEYS = env_keys("SHENBAO_DATA_KEYS", "" if PRODUCTION else _DEV_DATA_KEYS, key_bytes=32)
SHENBAO_SM4_DATA_KEYS = env_keys(
    "SHENBAO_SM4_DATA_KEYS", "" if PRODUCTION else _DEV_SM4_DATA_KEYS, key_bytes=16
)
SHENBAO_LOOKUP_KEY = env_key("SHENBAO_LOOKUP_KEY", "" if PRODUCTION else _DEV_LOOKUP_KEY, key_bytes=32)
SHENBAO_SM3_LOOKUP_KEY = env_key(
    "SHENBAO_SM3_LOOKUP_KEY", "" if PRODUCTION else _DEV_SM3_LOOKUP_KEY, key_bytes=32
)
# HMAC keys of the audit log's hash chain (the first signs new records, all verify).
SHENBAO_AUDIT_KEYS = env_keys("SHENBAO_AUDIT_KEYS", "" if PRODUCTION else _DEV_AUDIT_KEYS, key_bytes=32)
_missing += check_profile_keys(
    profile=SHENBAO_CRYPTO,
    data_keys=SHENBAO_DATA_KEYS,
    sm4_data_keys=SHENBAO_SM4_DATA_KEYS,
    lookup_key=SHENBAO_LOOKUP_KEY,
    sm3_lookup_key=SHENBAO_SM3_LOOKUP_KEY,
    audit_keys=SHENBAO_AUDIT_KEYS,
)

ALLOWED_HOSTS = env_list(
    "SHENBAO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    _missing.append("SHENBAO_ALLOWED_HOSTS (the host names served, comma-separated)")
if _missing:
    raise SettingError(f"SHENBAO_ENV=production needs {'; '.join(_missing)}: see .env.example")
CSRF_TRUSTED_ORIGINS = env_list("SHENBAO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates, for the project's renderer (FORM_RENDERER)
    "django_htmx",
    # Before django_tasks_db: its db_worker command adds shenbao's chores to django-tasks-db's worker.
    "shenbao.operations",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "shenbao.interface",
    "shenbao.accounts",
    "shenbao.downloads",
    "shenbao.directory",
    "shenbao.organisations",
    "shenbao.calls",
    "shenbao.applications",
    "shenbao.reviews",
    "shenbao.catalog",
    "shenbao.crosschecks",
    "shenbao.audit",
    "shenbao.printing",
    "shenbao.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shenbao.accounts.middleware.IdleSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "shenbao.accounts.otp.SecondFactorMiddleware",  # staff pass TOTP before any page
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the response below.
    "axes.middleware.AxesMiddleware",
]

# Every form renders through the project's bound field and widget templates (shenbao/interface/forms.py).
FORM_RENDERER = "shenbao.interface.forms.FormRenderer"

ROOT_URLCONF = "shenbao.config.urls"
WSGI_APPLICATION = "shenbao.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "shenbao" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shenbao.accounts.context_processors.navigation",
            ],
        },
    },
]

# PostgreSQL when PGHOST is set (the standard libpq variables), else SQLite under var/.
if env_str("PGHOST"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("PGDATABASE", "shenbao"),
            "USER": env_str("PGUSER", "postgres"),
            "PASSWORD": env_str("PGPASSWORD"),
            "HOST": env_str("PGHOST"),
            "PORT": env_str("PGPORT", "5432"),
            "CONN_MAX_AGE": env_int("SHENBAO_DB_CONN_MAX_AGE", 60, minimum=0),
        }
    }
else:
    # The embedded default keeps its data under var/, made on first use so a fresh clone just works.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_path("SHENBAO_SQLITE_PATH", VAR_DIR / "shenbao.sqlite3"),
            # WAL lets readers go on while one writer works; the busy timeout makes
            # a second writer wait instead of failing at once.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "directory:public_home"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling (OWASP ASVS 2.2.1)
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("SHENBAO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("SHENBAO_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures allowed from one address across all user names (password spraying), same cool-off.
SHENBAO_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("SHENBAO_LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
AXES_HANDLER = "shenbao.accounts.throttle.AddressThrottleHandler"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("SHENBAO_PROXY_COUNT", 0, minimum=0)

# Second factor (django-otp): the name shown in authenticator apps.
OTP_TOTP_ISSUER = "上海服务外包申报"
# Not read from the environment on purpose: no deployment can switch the second factor off.
# The test suite turns it off for tests of other features (tests/conftest.py); tests/security turn it on.
SHENBAO_REQUIRE_SECOND_FACTOR = True

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "shenbao" / "locale"]
FORMAT_MODULE_PATH = ["shenbao.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("SHENBAO_STATIC_ROOT", BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "shenbao" / "static"]
# Outside production WhiteNoise serves static files straight from the apps (no collectstatic), so
# `make run` has its styles with DEBUG off.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = env_path("SHENBAO_MEDIA_ROOT", VAR_DIR / "media")
MEDIA_URL = "media/"
# Uploaded files go through Django's storage API only, never a local path, so any host can read them.
# "plain" is the backend itself: files under MEDIA_ROOT, or an S3-compatible bucket (django-storages).
STORAGE = env_choice("SHENBAO_STORAGE", "filesystem", ("filesystem", "s3"))
if STORAGE == "s3":
    _S3_ENDPOINT = env_str("SHENBAO_S3_ENDPOINT_URL")
    _PLAIN_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_required("SHENBAO_S3_BUCKET", "the bucket that holds uploaded files"),
            "endpoint_url": _S3_ENDPOINT or None,
            "region_name": env_str("SHENBAO_S3_REGION") or None,
            "access_key": env_str("SHENBAO_S3_ACCESS_KEY") or None,
            "secret_key": env_str("SHENBAO_S3_SECRET_KEY") or None,
            # A key prefix, so one bucket can serve several installations (or test sessions).
            "location": env_str("SHENBAO_S3_PREFIX"),
            # Servers on an address of their own (MinIO, Ceph, moto) are reached by path, not by host name.
            "addressing_style": env_choice(
                "SHENBAO_S3_ADDRESSING_STYLE", "path" if _S3_ENDPOINT else "auto", ("auto", "path", "virtual")
            ),
            "signature_version": "s3v4",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    # No location here: FileSystemStorage follows MEDIA_ROOT, also when a test changes it.
    _PLAIN_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    # Uploaded files are sealed (encrypted) before they reach "plain", which holds only sealed bytes.
    "default": {"BACKEND": "shenbao.storage.EncryptedStorage", "OPTIONS": {"inner": "plain"}},
    "plain": _PLAIN_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
        # Public files, served from disk by the web server (nginx runs as another user), so not
        # the private modes of FILE_UPLOAD_PERMISSIONS below.
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}

# Upload limits (also used by the roster engine before a file is opened).
SHENBAO_UPLOAD_MAX_BYTES = env_int("SHENBAO_UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
SHENBAO_ROSTER_MAX_ROWS = env_int("SHENBAO_ROSTER_MAX_ROWS", 200_000, minimum=1)
# PostgreSQL: an import of at least this many rows ends with VACUUM (ANALYZE) of the roster rows
# (applications/bulk.refresh_statistics); smaller ones leave it to autovacuum.
SHENBAO_VACUUM_AFTER_ROWS = env_int("SHENBAO_VACUUM_AFTER_ROWS", 10_000, minimum=1)
# Files built by the worker (annotated copies, packages, large exports): kept this long, then deleted.
SHENBAO_DOWNLOAD_TTL_MINUTES = env_int("SHENBAO_DOWNLOAD_TTL_MINUTES", 60, minimum=1)
# How many files one user may have waiting for the worker at once.
SHENBAO_DOWNLOADS_IN_FLIGHT = env_int("SHENBAO_DOWNLOADS_IN_FLIGHT", 3, minimum=1)
# An export of more rows than this is built by the worker; a smaller one is answered at once.
SHENBAO_INLINE_EXPORT_ROWS = env_int("SHENBAO_INLINE_EXPORT_ROWS", 1000, minimum=0)
# Personal data of calls closed more than this many years ago may be purged (shenbao/operations).
SHENBAO_RETENTION_YEARS = env_int("SHENBAO_RETENTION_YEARS", 5, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploaded files on local disk are for this service's user alone.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("SHENBAO_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("SHENBAO_EMAIL_HOST")
EMAIL_PORT = env_int("SHENBAO_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("SHENBAO_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("SHENBAO_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("SHENBAO_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("SHENBAO_FROM_EMAIL", "shenbao@localhost")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker (`shenbao manage db_worker`, shenbao/operations): a running roster check writes a heartbeat
# this often; a check silent for SHENBAO_WORKER_STALE_SECONDS is taken over by another worker, which
# each worker looks for every SHENBAO_WORKER_SWEEP_SECONDS.
SHENBAO_WORKER_HEARTBEAT_SECONDS = env_int("SHENBAO_WORKER_HEARTBEAT_SECONDS", 5, minimum=1)
SHENBAO_WORKER_STALE_SECONDS = env_int("SHENBAO_WORKER_STALE_SECONDS", 120, minimum=3)
SHENBAO_WORKER_SWEEP_SECONDS = env_int("SHENBAO_WORKER_SWEEP_SECONDS", 10, minimum=1)
if SHENBAO_WORKER_STALE_SECONDS < 3 * SHENBAO_WORKER_HEARTBEAT_SECONDS:
    raise SettingError(
        "SHENBAO_WORKER_STALE_SECONDS: must be at least three heartbeats"
        f" ({3 * SHENBAO_WORKER_HEARTBEAT_SECONDS} s), or a busy check would be taken over"
    )
# A roster file is deleted when its check ends; one left behind (a worker killed, an upload whose
# saving failed) is deleted by the worker's sweep once older than this.
SHENBAO_ROSTER_FILE_MAX_HOURS = env_int("SHENBAO_ROSTER_FILE_MAX_HOURS", 24, minimum=1)

# Sessions and cookies.
SESSION_COOKIE_AGE = env_int("SHENBAO_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
# An idle timeout: IdleSessionMiddleware pushes the expiry forward once a minute of activity.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SHENBAO_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env_int("SHENBAO_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own middleware): no inline script or style anywhere.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("SHENBAO_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
}
