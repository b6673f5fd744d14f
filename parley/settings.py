"""The one settings module: every setting an operator changes comes from the environment."""

from pathlib import Path

import environ
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

from parley.mastodon_api import oauth_policy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
PARLEY_DATA_DIR = Path(env.str("PARLEY_DATA_DIR", default=str(BASE_DIR / "var"))).resolve()
PARLEY_DATA_DIR.mkdir(parents=True, exist_ok=True)


def _instance_secret_key() -> str:
    """Without SECRET_KEY set, each instance makes its own once and keeps it in its data folder."""
    key_file = PARLEY_DATA_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _instance_secret_key()

PARLEY_DOMAIN = env.str("PARLEY_DOMAIN", default="127.0.0.1:8000")
PARLEY_INSTANCE_NAME = env.str("PARLEY_INSTANCE_NAME", default="Parley")
PARLEY_CONTACT_EMAIL = env.str("PARLEY_CONTACT_EMAIL", default=f"moderation@{PARLEY_DOMAIN.split(':')[0]}")
# Published on /contact; each defaults to the general contact address.
PARLEY_ABUSE_EMAIL = env.str("PARLEY_ABUSE_EMAIL", default=PARLEY_CONTACT_EMAIL)
PARLEY_LEGAL_EMAIL = env.str("PARLEY_LEGAL_EMAIL", default=PARLEY_CONTACT_EMAIL)
PARLEY_CHILD_SAFETY_EMAIL = env.str("PARLEY_CHILD_SAFETY_EMAIL", default=PARLEY_CONTACT_EMAIL)
PARLEY_SCHEME = env.str(
    "PARLEY_SCHEME", default="http" if DEBUG or PARLEY_DOMAIN.startswith(("127.", "localhost")) else "https"
)
PARLEY_TERMS_VERSION = env.int("PARLEY_TERMS_VERSION", default=1)
PARLEY_POST_MAX_CHARS = 1000
PARLEY_MAX_IMAGES = 4
PARLEY_SERVE_MEDIA = env.bool("PARLEY_SERVE_MEDIA", default=True)
# Media requests always pass Django's access check; the file itself is sent by Django, or by the
# reverse proxy when this names its header: "x-accel-redirect" (nginx) or "x-sendfile" (Apache,
# lighttpd). A proxy serving uploads (PARLEY_SERVE_MEDIA off) gets X-Accel-Redirect by default.
PARLEY_MEDIA_SENDFILE = env.str("PARLEY_MEDIA_SENDFILE", default="" if PARLEY_SERVE_MEDIA else "x-accel-redirect")
# The nginx `internal` location that maps to MEDIA_ROOT, for X-Accel-Redirect.
PARLEY_MEDIA_ACCEL_LOCATION = env.str("PARLEY_MEDIA_ACCEL_LOCATION", default="/internal-media/")
# How long a signed link to a non-public image works (it is renewed on each page or API read).
PARLEY_MEDIA_URL_MAX_AGE = env.int("PARLEY_MEDIA_URL_MAX_AGE", default=6 * 3600)
# Cache lifetime of public images, avatars and headers (a removed post's images stop after it).
PARLEY_MEDIA_PUBLIC_MAX_AGE = env.int("PARLEY_MEDIA_PUBLIC_MAX_AGE", default=3600)
# Image decodes that may run at once in one process, and how long an upload waits for a slot.
PARLEY_IMAGE_DECODE_SLOTS = env.int("PARLEY_IMAGE_DECODE_SLOTS", default=2)
PARLEY_IMAGE_DECODE_WAIT = env.float("PARLEY_IMAGE_DECODE_WAIT", default=20.0)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[PARLEY_DOMAIN.split(":")[0], "127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"{PARLEY_SCHEME}://{PARLEY_DOMAIN}"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "parley.core",
    "parley.legacy_moderation",
    "parley.screening",
    "parley.accounts",
    "parley.posts",
    "parley.safety",
    "parley.feeds",
    "parley.web",
    "oauth2_provider",
    "parley.filters",
    "parley.lists",
    "parley.conversations",
    "parley.operations",
    "parley.mastodon_api",
    "parley.demo",
]

MIDDLEWARE = [
    # /health answers before anything else runs (no session, host check or HTTPS redirect).
    "parley.maintenance_middleware.LivenessMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "parley.mastodon_api.middleware.ApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Read-only and maintenance modes: 503 + Retry-After before any view writes (after the user
    # is known, so staff keep the admin's switch).
    "parley.maintenance_middleware.MaintenanceMiddleware",
    # Before anything stores request text (the sessions list keeps the User-Agent).
    "parley.middleware.UnstorableTextMiddleware",
    "parley.accounts.middleware.MemberMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "parley.urls"
WSGI_APPLICATION = "parley.wsgi.application"

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
                "django.template.context_processors.i18n",
                "parley.web.context_processors.instance",
                "parley.web.context_processors.site_mode",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{PARLEY_DATA_DIR / 'parley.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# A test run may name its own throwaway database, so parallel runs on one server never collide.
if env.str("PARLEY_TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env.str("PARLEY_TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Without CACHE_URL (e.g. rediscache://...), a file cache under the data folder: rate limits then
# count across all of `parley serve`'s workers on this host (core/cache.py says why not locmem).
CACHES = {
    "default": env.cache("CACHE_URL")
    if env.str("CACHE_URL", default="")
    else {
        "BACKEND": "parley.core.cache.SharedFileCache",
        "LOCATION": str(PARLEY_DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# Redis going away must not take pages and the API down: the cache falls back to this process's
# memory (rate limits then count per process) and tries Redis again every few seconds.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "parley.core.cache.FailOpenRedisCache"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["parley.accounts.backends.UsernameOrEmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env.bool("PARLEY_FAST_PASSWORD_HASHER", default=False):
    # Tests only: Argon2 is deliberately slow, and the suite creates many accounts.
    PASSWORD_HASHERS.insert(0, "django.contrib.auth.hashers.MD5PasswordHasher")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: hears of every new password and ends the member's API tokens (accounts/passwords.py).
    {"NAME": "parley.accounts.passwords.AnnouncePasswordChange"},
]
# Authenticator apps show this name beside the member's code.
OTP_TOTP_ISSUER = PARLEY_INSTANCE_NAME
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "parley" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PARLEY_DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start while it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = PARLEY_DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
PARLEY_MAX_UPLOAD_BYTES = 10 * 1024 * 1024

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"Parley <noreply@{PARLEY_DOMAIN.split(':')[0]}>")

TASKS = {
    "default": {
        "BACKEND": env.str("PARLEY_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Home feeds (parley/feeds): precomputed per member, in the database by default or in Redis
# sorted sets (PARLEY_FEED_STORE=redis, REDIS_URL). Accounts with more followers than
# PARLEY_FEED_FANOUT_LIMIT are merged into their followers' homes when read instead of pushed.
PARLEY_FEED_STORE = env.str("PARLEY_FEED_STORE", default="sql")
REDIS_URL = env.str("REDIS_URL", default="")
PARLEY_FEED_SIZE = env.int("PARLEY_FEED_SIZE", default=400)
PARLEY_FEED_FANOUT_LIMIT = env.int("PARLEY_FEED_FANOUT_LIMIT", default=10_000)
PARLEY_FEED_INACTIVE_DAYS = env.int("PARLEY_FEED_INACTIVE_DAYS", default=7)

# Reverse proxies in front of Parley that append the client to X-Forwarded-For (the production
# profile assumes one); rate limits and the session list read the client's address through them.
PARLEY_TRUSTED_PROXIES = env.int("PARLEY_TRUSTED_PROXIES", default=1 if not DEBUG and PARLEY_SCHEME == "https" else 0)

# Production profile: `parley check --deploy` is clean when DEBUG is off and HTTPS is in front.
if not DEBUG and PARLEY_SCHEME == "https":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/ready$"]  # probed over plain HTTP inside the network
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
# Content-Security-Policy (django-csp) on every response: scripts and styles only from this
# server's static files (no inline code; a template that needs an inline script uses
# {{ request.csp_nonce }}), no plugins, no framing, forms post only here. The OAuth consent page
# adds the app's own redirect target to form-action (parley.mastodon_api.oauth.AuthorizeView).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Screening (parley/screening): detectors, thresholds and DM policy; see docs/policy.md.
# Detector classes by dotted path; append one to plug in a heavier model or an external service.
PARLEY_SCREENING_DETECTORS = env.list(
    "PARLEY_SCREENING_DETECTORS",
    default=[
        "parley.screening.detectors.rules.RulesDetector",
        "parley.screening.detectors.classifier.ClassifierDetector",
        "parley.screening.detectors.encoder.EncoderDetector",
        "parley.screening.detectors.context.ContextDetector",
    ],
)
# The fine-tuned encoder (screening/encoder/): ONNX Runtime threads per process (one per web
# worker keeps several workers from fighting over cores), and where its int8 build is kept.
PARLEY_SCREENING_ENCODER_THREADS = env.int("PARLEY_SCREENING_ENCODER_THREADS", default=1)
PARLEY_SCREENING_CACHE_DIR = env.str("PARLEY_SCREENING_CACHE_DIR", default=str(PARLEY_DATA_DIR / "screening"))
# Per-category threshold overrides, e.g. '{"hate": {"hold_at": 0.7}}'; the admin can override too.
PARLEY_SCREENING_THRESHOLDS = env.json("PARLEY_SCREENING_THRESHOLDS", default={})
# The classifier artefact: the shipped one, or one an operator trained with
# `parley moderation train --out FILE` (for example on more or other data).
PARLEY_SCREENING_MODEL = env.str("PARLEY_SCREENING_MODEL", default="")
# Direct messages are private: off by default except rules marked "applies to DMs".
PARLEY_SCREENING_DMS = env.bool("PARLEY_SCREENING_DMS", default=False)

# Mastodon API / OAuth (parley/mastodon_api): django-oauth-toolkit configured for Mastodon clients.
PARLEY_OAUTH_PASSWORD_GRANT = env.bool("PARLEY_OAUTH_PASSWORD_GRANT", default=False)
# Failed sign-ins allowed per (account, address) and per address in each window, then 429 until it
# ends; also the budget of each known device and of re-typed passwords (accounts/limits.py).
PARLEY_LOGIN_FAILURES_PER_ACCOUNT = env.int("PARLEY_LOGIN_FAILURES_PER_ACCOUNT", default=10)
PARLEY_LOGIN_FAILURES_PER_ADDRESS = env.int("PARLEY_LOGIN_FAILURES_PER_ADDRESS", default=50)
# Failed sign-ins per account from all addresses together; past it only browsers that signed in to
# the account before (a signed device cookie) may try, each within its own per-account budget.
PARLEY_LOGIN_FAILURES_PER_ACCOUNT_TOTAL = env.int("PARLEY_LOGIN_FAILURES_PER_ACCOUNT_TOTAL", default=100)
PARLEY_LOGIN_WINDOW = env.int("PARLEY_LOGIN_WINDOW", default=900)  # seconds
# Sign-ups and password-reset emails per address per hour.
PARLEY_SIGNUPS_PER_ADDRESS = env.int("PARLEY_SIGNUPS_PER_ADDRESS", default=10)
PARLEY_PASSWORD_RESETS_PER_ADDRESS = env.int("PARLEY_PASSWORD_RESETS_PER_ADDRESS", default=10)
PARLEY_API_RATE_LIMIT = env.int("PARLEY_API_RATE_LIMIT", default=300)  # requests per window
PARLEY_API_RATE_WINDOW = env.int("PARLEY_API_RATE_WINDOW", default=300)  # seconds
# Where members get this server's source code (AGPL); clients show it from /api/v2/instance.
PARLEY_SOURCE_URL = env.str("PARLEY_SOURCE_URL", default="")
# Named explicitly: the API's app registrations point at this (swappable) model.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "parley.mastodon_api.oauth.RegisteredScopes",
    "OAUTH2_VALIDATOR_CLASS": "parley.mastodon_api.oauth.MastodonValidator",
    "DEFAULT_SCOPES": ["read"],
    # Mastodon clients never refresh, so tokens live long; revocation ends them.
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("PARLEY_OAUTH_TOKEN_SECONDS", default=365 * 86400),
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 600,
    # PKCE is required of public clients and checked whenever a client sends it; confidential
    # Mastodon apps (a client secret, PKCE often omitted: Tusky, toot, Mastodon.py) may omit it.
    "PKCE_REQUIRED": oauth_policy.pkce_required,
    # Only https here; custom app schemes, the out-of-band URN and http to a loopback address
    # (RFC 8252) are checked by oauth_policy.redirect_allowed at registration and on redirect.
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "REQUEST_APPROVAL_PROMPT": "force",
    # RFC 9700 (OAuth 2.0 Security BCP), checked by `parley check --deploy`; see docs/security.md.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,  # no implicit grant: no Mastodon app needs it
    # The password grant stays the operator's choice (PARLEY_OAUTH_PASSWORD_GRANT, off by
    # default): turning it on makes the deploy check say so.
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": not PARLEY_OAUTH_PASSWORD_GRANT,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,  # S256 only, as Mastodon clients send
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,  # tokens in the Authorization header only
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,  # RFC 9207 `iss` on the redirect back
    # The issuer our RFC 8414 metadata publishes (with Mastodon's trailing slash), so `iss` matches.
    "OIDC_ISS_ENDPOINT": f"{PARLEY_SCHEME}://{PARLEY_DOMAIN}/",
    # Only a SHA-256 checksum of each token is stored; migration mastodon_api 0002 erased the
    # plaintext of tokens issued before, which keep working through their checksum.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,  # a grace period would need the plaintext token
    "REFRESH_TOKEN_REUSE_PROTECTION": True,  # a replayed refresh token revokes its whole family
}

# Trust and safety (parley/safety): review deadlines, redress, repeat-misuse rules.
# Hours a review item may wait per category, e.g. '{"violent_threat": 1, "hate": 12}'; categories
# not listed keep the policy default (threats 1 hour, illegal content 24 hours, other 72 hours).
PARLEY_REVIEW_DEADLINES = env.json("PARLEY_REVIEW_DEADLINES", default={})
# How long escalation evidence is kept after the content itself is deleted (DSA 18).
PARLEY_EVIDENCE_RETENTION_DAYS = env.int("PARLEY_EVIDENCE_RETENTION_DAYS", default=365)
# Certified out-of-court dispute settlement bodies shown in every statement of reasons (DSA 21).
PARLEY_DISPUTE_BODIES = env.list(
    "PARLEY_DISPUTE_BODIES",
    default=["https://digital-strategy.ec.europa.eu/en/policies/dsa-out-court-dispute-settlement"],
)
# DSA 23: this many manifestly illegal posts (or manifestly unfounded reports) within the window
# earn a warning, and the next one a temporary suspension of this many days.
PARLEY_MISUSE_THRESHOLD = env.int("PARLEY_MISUSE_THRESHOLD", default=3)
PARLEY_MISUSE_WINDOW_DAYS = env.int("PARLEY_MISUSE_WINDOW_DAYS", default=90)
PARLEY_MISUSE_SUSPENSION_DAYS = env.int("PARLEY_MISUSE_SUSPENSION_DAYS", default=7)

# Members' data (parley/operations): archives of a member's data, and how long details are kept.
# Archives live outside MEDIA_ROOT, downloadable only by their member, deleted after this many days.
PARLEY_EXPORTS_DIR = Path(env.str("PARLEY_EXPORTS_DIR", default=str(PARLEY_DATA_DIR / "exports"))).resolve()
PARLEY_EXPORT_DAYS = env.int("PARLEY_EXPORT_DAYS", default=7)
# The address and browser of a session are blanked this many days after it was last seen.
PARLEY_RETENTION_SESSION_DAYS = env.int("PARLEY_RETENTION_SESSION_DAYS", default=7)
# Uploads never attached to a post are deleted after this many hours.
PARLEY_RETENTION_UNATTACHED_MEDIA_HOURS = env.int("PARLEY_RETENTION_UNATTACHED_MEDIA_HOURS", default=24)
