"""Settings for the test suite: fast hashing, in-memory email, no throttling surprises."""

import os

from coproduce.settings.base import *  # noqa: F403
from coproduce.settings.base import DATABASES

SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 30  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MESSAGES_BACKEND = "console"
MESSAGES_RETRY_DELAYS = [0, 0]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Each test process has its own memory cache, whatever REDIS_URL says, and the root conftest.py
# empties it before every test, so rate limits and cached charts never leak between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not os.environ.get(
    "DATABASE_URL"
):
    # An in-memory database per test process; browser tests get a file through live_server.
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
