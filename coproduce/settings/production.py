"""Settings for a real deployment: HTTPS behind a reverse proxy, PostgreSQL, a secret key given.

Start from `base` (everything comes from the environment) and insist on what matters in production.
`coproduce check --deploy` passes with these settings and no warnings.
"""

from django.core.exceptions import ImproperlyConfigured

from coproduce.settings.base import *  # noqa: F403
from coproduce.settings.env import envbool, envint, envsecret, envstr

DEBUG = False

SECRET_KEY = envsecret("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set (50 or more random characters) when running in production; "
        "generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

if MAILERS["default"]["BACKEND"].endswith("console.EmailBackend"):  # noqa: F405
    # Without EMAIL_HOST, hand mail to the machine's own mail relay rather than printing it.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "localhost", "port": 25, "use_tls": False, "timeout": 30},
        }
    }

# Never print a text or a letter in production: without Notify, the team makes those contacts.
if MESSAGES_BACKEND == "console":  # noqa: F405
    MESSAGES_BACKEND = "smtp"

# Large imports run on a worker (`coproduce db_worker`), not inside a web request.
if envstr("TASKS_BACKEND", "database") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx (deploy/nginx.conf) stands in front and adds the client's address to X-Forwarded-For;
# 2 if a load balancer stands in front of nginx too.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
