"""Counting submissions per client in fixed windows, and reading the client's address."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.lib.ratelimit import Decision, Limit, client_address, client_key, hit, parse_limits

TEN_MINUTES = Limit(5, 600)
A_DAY = Limit(20, 86_400)
LIMITS = (TEN_MINUTES, A_DAY)
START = 20_834 * 86_400.0  # midnight UTC in 2027: the start of a day and of a ten-minute window


class FakeCounter:
    """A cache that forgets each key when its time is up, on a clock the test moves."""

    def __init__(self) -> None:
        self.now = START
        self.values: dict[str, tuple[int, float]] = {}

    def hit(self, key: str, expires_in: int) -> int:
        value, expires_at = self.values.get(key, (0, self.now + expires_in))
        if expires_at <= self.now:
            value, expires_at = 0, self.now + expires_in
        self.values[key] = (value + 1, expires_at)
        return value + 1

    def send(
        self,
        client: str = "192.0.2.1",
        scope: str = "support-request",
        limits: tuple[Limit, ...] = LIMITS,
    ) -> Decision:
        return hit(self, scope=scope, client=client, limits=limits, now=self.now)


def test_limits_are_read_from_the_setting():
    assert parse_limits("5/10m,20/1d") == (Limit(5, 600), Limit(20, 86_400))
    assert parse_limits(" 3 / 30s , 100/h ") == (Limit(3, 30), Limit(100, 3_600))
    assert parse_limits("off") == parse_limits("OFF") == ()


@pytest.mark.parametrize("text", ["five/10m", "5/10x", "5 per day", "0/1m", "5/0m", ""])
def test_a_limit_that_cannot_be_read_is_refused_with_the_shape_it_needs(text):
    with pytest.raises(ValueError, match="rate limit must"):
        parse_limits(text)


def test_submissions_under_the_limit_are_allowed_and_the_next_is_refused():
    counter = FakeCounter()
    assert all(counter.send().allowed for _ in range(5))
    refused = counter.send()
    assert not refused.allowed
    assert refused.limit == TEN_MINUTES
    assert refused.retry_after == 600


def test_the_count_starts_again_when_the_window_ends():
    counter = FakeCounter()
    for _ in range(6):
        counter.send()
    counter.now += 599
    assert not counter.send().allowed
    assert counter.send().retry_after == 1
    counter.now += 1
    assert counter.send().allowed


def test_the_daily_limit_holds_across_short_windows_and_says_when_the_day_ends():
    counter = FakeCounter()
    for window in range(4):
        counter.now = START + window * 600
        assert all(counter.send().allowed for _ in range(5))
    counter.now = START + 4 * 600
    refused = counter.send()
    assert not refused.allowed
    assert refused.limit == A_DAY
    assert refused.retry_after == 86_400 - 4 * 600


def test_clients_and_forms_are_counted_apart():
    counter = FakeCounter()
    for _ in range(5):
        counter.send(client="192.0.2.1")
    assert not counter.send(client="192.0.2.1").allowed
    assert counter.send(client="192.0.2.2").allowed
    assert counter.send(client="192.0.2.1", scope="pool-join").allowed


def test_refused_submissions_still_count():
    counter = FakeCounter()
    for _ in range(25):
        counter.send()
    counter.now += 600  # a new ten-minute window, but the day has seen 25
    assert not counter.send().allowed


@given(st.lists(st.floats(min_value=0, max_value=3 * 86_400), max_size=80))
def test_no_window_ever_lets_through_more_than_its_limit(offsets):
    counter = FakeCounter()
    allowed: list[float] = []
    for offset in sorted(offsets):
        counter.now = START + offset
        if counter.send(limits=(Limit(3, 600), Limit(7, 86_400))).allowed:
            allowed.append(counter.now)
    for limit in (Limit(3, 600), Limit(7, 86_400)):
        windows: dict[int, int] = {}
        for moment in allowed:
            window = math.floor(moment / limit.seconds)
            windows[window] = windows.get(window, 0) + 1
        assert all(count <= limit.count for count in windows.values())


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    assert client_address("203.0.113.9", "198.51.100.1", 0) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_added_is_the_client():
    # The client wrote the first entry itself; nginx appended the address it saw.
    assert client_address("127.0.0.1", "10.9.9.9, 198.51.100.7", 1) == "198.51.100.7"
    assert client_address("127.0.0.1", "198.51.100.7", 1) == "198.51.100.7"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client():
    assert client_address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2", 2) == "198.51.100.7"
    # Fewer entries than proxies: the furthest one we have.
    assert client_address("127.0.0.1", "198.51.100.7", 2) == "198.51.100.7"


def test_an_address_that_cannot_be_read_falls_back_to_the_connection():
    assert client_address("127.0.0.1", "not-an-address", 1) == "127.0.0.1"
    assert client_address("127.0.0.1", "", 1) == "127.0.0.1"
    assert client_address("", "", 0) is None
    assert client_address("127.0.0.1", "198.51.100.7:5150", 1) == "198.51.100.7"
    assert client_address("127.0.0.1", "[2001:db8::7]:443", 1) == "2001:db8::7"


def test_an_ipv6_client_is_counted_by_its_network_and_a_mapped_ipv4_as_ipv4():
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9")
    assert client_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert client_key("192.0.2.1") == "192.0.2.1"
    assert client_key(None) == client_key("junk") == "unknown"
