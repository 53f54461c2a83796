"""The cache: local memory unless REDIS_URL is set; empty at the start of every test; and the
rate-limit counts kept correctly in a real Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache

from coproduce.lib import ratelimit as rules
from coproduce.pages.public_form_limits import _CacheCounter

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _settings(code: str, module: str = "base", **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}}
    environment.update({"SECRET_KEY": "k" * 60, **env})
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", f"import coproduce.settings.{module} as s; print(({code}))"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_cache_is_local_memory_unless_redis_is_configured():
    assert _settings("s.CACHES['default']['BACKEND']").endswith("locmem.LocMemCache")
    backend = _settings(
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert backend == (
        "('django.core.cache.backends.redis.RedisCache', 'redis://127.0.0.1:6379/3')"
    )


def test_the_limits_and_proxies_come_from_the_environment():
    assert _settings("s.PUBLIC_FORM_RATE_LIMITS, s.TRUSTED_PROXY_COUNT") == (
        "((Limit(count=5, seconds=600), Limit(count=20, seconds=86400)), 0)"
    )
    assert (
        _settings(
            "s.PUBLIC_FORM_RATE_LIMITS, s.TRUSTED_PROXY_COUNT",
            PUBLIC_FORM_RATE_LIMITS="10/1h",
            TRUSTED_PROXY_COUNT="2",
        )
        == "((Limit(count=10, seconds=3600),), 2)"
    )


@pytest.mark.parametrize("turn", [1, 2])
def test_every_test_starts_with_an_empty_cache(turn):
    # Whichever of the two runs second would find the first one's value without the clean-up
    # in the root conftest.py.
    assert cache.get("left-by-another-test") is None
    cache.set("left-by-another-test", turn)


@pytest.fixture
def redis_cache():  # type: ignore[no-untyped-def]
    prefix = f"coproduce-test-{uuid.uuid4().hex}"
    redis = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    try:
        redis.get("ping")
    except Exception as error:  # noqa: BLE001 - any failure to connect means no Redis here
        message = f"no Redis at {REDIS_URL}: {error}"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI always runs Redis beside the database)")
        pytest.skip(message)
    yield redis
    client = redis._cache.get_client(write=True)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_redis_counts_each_submission_and_forgets_the_window_when_it_ends(redis_cache):
    counter = _CacheCounter(redis_cache)
    limits = (rules.Limit(2, 600),)
    now = 20_834 * 86_400.0 + 590  # ten seconds before the window ends

    def send(client: str = "192.0.2.1") -> rules.Decision:
        return rules.hit(counter, scope="pool-join", client=client, limits=limits, now=now)

    assert send().allowed and send().allowed
    refused = send()
    assert not refused.allowed and refused.retry_after == 10
    assert send(client="192.0.2.2").allowed
    client = redis_cache._cache.get_client()
    [key] = [k for k in client.scan_iter(f"{redis_cache.key_prefix}:*") if b"192.0.2.1" in k]
    assert int(client.get(key)) == 3
    assert 0 < client.ttl(key) <= 10  # Redis itself forgets the count when the window ends
