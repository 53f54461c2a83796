"""Settings for Coproduce, read from the environment with safe defaults for local use.

`make run` needs none of these variables: it uses a SQLite file and a secret key generated once
into `var/`. Real deployments use `coproduce.settings.production`, which insists on the values
that matter.
"""

import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

from coproduce.lib.ratelimit import parse_limits
from coproduce.settings.env import (
    envbool,
    envint,
    envlist,
    envsecret,
    envstr,
    local_site_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(envstr("COPRODUCE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)


def _local_secret_key() -> str:
    """A key generated once and kept in var/, so local sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = envsecret("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# Without SITE_URL, links point at the server `make run` starts (its HOST and PORT).
SITE_URL = (
    envstr("SITE_URL") or local_site_url(envstr("HOST", "127.0.0.1"), envstr("PORT", "8000"))
).rstrip("/")
SITE_NAME = "Coproduce"
# A form sent without its security token is refused on a page in the product's own layout.
CSRF_FAILURE_VIEW = "coproduce.pages.csrf.csrf_failure"
CSRF_TRUSTED_ORIGINS = envlist(
    "CSRF_TRUSTED_ORIGINS", SITE_URL if SITE_URL.startswith("https") else ""
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "allauth.usersessions",
    "ninja",
    "django_tasks_db",
    "coproduce.audit",
    "coproduce.organisations",
    "coproduce.accounts",
    "coproduce.pages",
    "coproduce.operations",
    "coproduce.projects",
    "coproduce.involvement",
    "coproduce.pool",
    "coproduce.matching",
    "coproduce.payments",
    "coproduce.training",
    "coproduce.support",
    "coproduce.resources",
    "coproduce.imports",
    "coproduce.outreach",
    "coproduce.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that reads the database: the health check answers 503, never 500.
    "coproduce.pages.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "coproduce.audit.middleware.AuditRequestMiddleware",
    # A page that needs set-up not yet done shows "not set up yet" (docs/adr/0606).
    "coproduce.pages.setup.NotSetUpMiddleware",
    # Axes must be last: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coproduce.urls"
WSGI_APPLICATION = "coproduce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "frontend" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "coproduce.frontend.environment.environment",
            "context_processors": [
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "coproduce.pages.context_processors.site",
            ],
        },
    },
    {
        # Only for Django's own templates (form widgets and the like); every page is Jinja2.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'coproduce.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one request writes; the timeout waits out a busy writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SERIALIZATION_MODULES = {"exactjson": "coproduce.operations.exact_json"}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 3 * 24 * 60 * 60)

# Single sign-on for staff through the trust's identity provider (OpenID Connect), two-factor
# codes and the list of a person's sign-ins, all through django-allauth (see ADR 0800). Its
# own sign-in and sign-up pages are not used: the site's pages call its parts.
OIDC_ISSUER = envstr("OIDC_ISSUER").rstrip("/")
OIDC_CLIENT_ID = envsecret("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = envsecret("OIDC_CLIENT_SECRET")
OIDC_BUTTON_LABEL = envstr("OIDC_BUTTON_LABEL", "Sign in with your NHS account")
OIDC_SCOPES = envstr("OIDC_SCOPES", "openid profile email").replace(",", " ").split()
# The trust whose staff sign in through the provider; the only one when there is one.
OIDC_ORGANISATION = envstr("OIDC_ORGANISATION")
ACCOUNT_ADAPTER = "coproduce.accounts.sso.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "coproduce.accounts.sso.SocialAccountAdapter"
MFA_ADAPTER = "coproduce.accounts.two_factor.MFAAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_TEMPLATE_EXTENSION = "html"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": "trust",
                    "name": OIDC_BUTTON_LABEL,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {
                        "server_url": OIDC_ISSUER,
                        "scope": OIDC_SCOPES,
                        "oauth_pkce_enabled": True,
                        "fetch_userinfo": True,
                    },
                }
            ]
            if OIDC_ISSUER and OIDC_CLIENT_ID
            else []
        ),
    }
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Coproduce"
# A code from the 30 seconds either side is accepted too: a phone clock a little out, or a code
# typed as it changed, is not a failure (RFC 6238 section 5.2 recommends one step of drift).
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
USERSESSIONS_TRACK_ACTIVITY = True

# Sessions end after a period without activity, and always when the browser closes.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coproduce.accounts.views.sign_in.locked_out"
AXES_VERBOSE = False
# Sign-in lock-outs, the audit log and the public forms' limits all see the same client address.
AXES_CLIENT_IP_CALLABLE = "coproduce.pages.public_form_limits.client_ip"

# The cache: each process's own memory by default; Redis when REDIS_URL is set, so that every
# gunicorn worker and app server shares one count for the rate limits below (and one chart cache).
REDIS_URL = envsecret("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "coproduce",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How many submissions of the forms that need no account (asking for support, joining the pool)
# one address may send: count/period pairs in s, m, h or d, or "off" (see ADR 0700).
PUBLIC_FORM_RATE_LIMITS = parse_limits(envstr("PUBLIC_FORM_RATE_LIMITS") or "5/10m,20/1d")
# How many proxies we run in front of the app, each adding to X-Forwarded-For (nginx alone: 1).
# With 0 the header is ignored, since anyone can write it, and REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

# Background work (imports of large files) goes through Django's tasks framework. `immediate`
# runs each task inside the request that queued it, so `make run` needs nothing else; `database`
# queues tasks in the database for `coproduce db_worker` (see docs/deployment.md).
TASKS_BACKEND = envstr("TASKS_BACKEND", "immediate")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ValueError(f"TASKS_BACKEND must be immediate or database, not {TASKS_BACKEND!r}")

# A running import renews a lease on its job every third of this many seconds. A job whose lease
# ran out lost its worker (killed, restarted): its page says it stopped and offers to try again.
IMPORT_LEASE_SECONDS = envint("IMPORT_LEASE_SECONDS", 300)

# Email: printed to the console unless an SMTP host is configured.
EMAIL_HOST = envstr("EMAIL_HOST")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": envint("EMAIL_PORT", 587),
                "username": envstr("EMAIL_HOST_USER"),
                "password": envsecret("EMAIL_HOST_PASSWORD"),
                "use_tls": envbool("EMAIL_USE_TLS", True),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Coproduce <coproduce@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Messages to people (coproduce/outreach): console prints texts and letters and hands email to the
# mail settings above; smtp sends email only (texts and letters become tasks for the team); notify
# sends email, texts and letters through GOV.UK Notify.
NOTIFY_API_KEY = envsecret("NOTIFY_API_KEY")
NOTIFY_BASE_URL = envstr("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATE_IDS = {
    "email": envstr("NOTIFY_EMAIL_TEMPLATE_ID"),
    "sms": envstr("NOTIFY_SMS_TEMPLATE_ID"),
    "letter": envstr("NOTIFY_LETTER_TEMPLATE_ID"),
}
# The bearer token Notify sends with its delivery receipts (POST /messages/notify/receipts/).
NOTIFY_CALLBACK_TOKEN = envsecret("NOTIFY_CALLBACK_TOKEN")
MESSAGES_BACKEND = envstr("MESSAGES_BACKEND", "notify" if NOTIFY_API_KEY else "console")
if MESSAGES_BACKEND not in ("console", "smtp", "notify"):
    raise ValueError(f"MESSAGES_BACKEND must be console, smtp or notify, not {MESSAGES_BACKEND!r}")
# Seconds to wait before each retry when the provider is busy or down; then the message waits for
# `coproduce send_waiting_messages`.
MESSAGES_RETRY_DELAYS = [2, 10]

# The involvement team's contact details, for trusts that have not set their own on their
# organisation page (coproduce/organisations/contact.py), and for pages that know no trust.
INVOLVEMENT_TEAM_EMAIL = envstr("INVOLVEMENT_TEAM_EMAIL", "involvement@example.org")
INVOLVEMENT_TEAM_PHONE = envstr("INVOLVEMENT_TEAM_PHONE", "020 7946 0000")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envstr("TIME_ZONE", "Europe/London")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# nhsuk-frontend's compiled CSS, JS and images, installed from the npm registry by `make`.
NHSUK_FRONTEND_DIR = BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
STATICFILES_DIRS = [("nhsuk", NHSUK_FRONTEND_DIR)] if NHSUK_FRONTEND_DIR.exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# A content security policy with no inline scripts: the one NHS template script carries a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if OIDC_ISSUER:
    # The sign-in page's button, and signing out, send the browser on to the provider.
    _issuer = urlsplit(OIDC_ISSUER)
    SECURE_CSP["form-action"].append(f"{_issuer.scheme}://{_issuer.netloc}")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"refusals": {"()": "coproduce.lib.request_log.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # A refused request (403) is one line, without a traceback; faults keep theirs.
        "django.request": {"filters": ["refusals"]},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Each app that adds demo records names its loader here, in the order they must run.
DEMO_LOADERS = [
    "coproduce.organisations.demo",
    "coproduce.accounts.demo",
    "coproduce.pool.demo",
    "coproduce.training.demo",
    "coproduce.projects.demo",
    "coproduce.involvement.demo",
    "coproduce.matching.demo",
    "coproduce.payments.demo",
    "coproduce.support.demo",
    "coproduce.resources.demo",
]
DEMO_EMAIL_DOMAIN = "example.org"
