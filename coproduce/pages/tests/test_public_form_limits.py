"""The forms that need no account (asking for support, joining the pool) take only so many
submissions from one address; over that, the form comes back with a calm message and nothing is
saved."""

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.lib.ratelimit import parse_limits
from coproduce.pages import public_form_limits
from coproduce.pool.models import PoolMember
from coproduce.support.models import SupportRequest

pytestmark = pytest.mark.django_db

START = 20_834 * 86_400.0  # midnight UTC: the start of a day and of a ten-minute window
SHORT_MESSAGE = (
    "You have sent several requests in a short time. Please try again in a few minutes, "
    "or phone the involvement team on 020 7946 0000."
)
_numbers = itertools.count()


@dataclass(frozen=True)
class PublicForm:
    url_name: str
    model: Any
    answers: Callable[[Any], dict[str, Any]]  # a fresh, valid submission each call


def _support(personas: Any) -> dict[str, Any]:
    return {
        "organisation": personas.trust.pk,
        "name": "Sam Visitor",
        "email": f"visitor{next(_numbers)}@example.org",
        "requester_role": "staff",
        "project_description": "Reducing restraint on Willow Ward",
        "help_wanted": ["call"],
        "availability": "Tuesday afternoons",
        "consent_to_contact": "on",
    }


def _join(personas: Any) -> dict[str, Any]:
    return {
        "organisation": personas.trust.pk,
        "first_name": "Carol",
        "last_name": "Jones",
        "email": f"carol{next(_numbers)}@example.org",
        "phone": "",
        "kind": "carer",
        "wants_to_do": ["team_member"],
        "about_me": "",
        "consent": "on",
    }


FORMS = {
    "support": PublicForm("support:request-new", SupportRequest, _support),
    "pool": PublicForm("pool:join", PoolMember, _join),
}


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    fake = Clock()
    monkeypatch.setattr(public_form_limits, "clock", fake)
    return fake


@pytest.fixture(autouse=True)
def small_limits(settings):  # type: ignore[no-untyped-def]
    settings.PUBLIC_FORM_RATE_LIMITS = parse_limits("2/10m,3/1d")
    settings.TRUSTED_PROXY_COUNT = 0


@pytest.fixture(params=sorted(FORMS))
def form(request):  # type: ignore[no-untyped-def]
    return FORMS[request.param]


def send(client, personas, form: PublicForm, **meta: str):  # type: ignore[no-untyped-def]
    meta.setdefault("REMOTE_ADDR", "203.0.113.5")
    return client.post(reverse(form.url_name), form.answers(personas), **meta)


def test_submissions_under_the_limit_are_saved(client, personas, clock, form):
    assert send(client, personas, form).status_code == 302
    assert send(client, personas, form).status_code == 302
    assert form.model.objects.count() == 2


def test_over_the_limit_the_form_comes_back_calmly_and_nothing_is_saved(
    client, personas, clock, form, django_capture_on_commit_callbacks
):
    for _ in range(2):
        send(client, personas, form)
    events, emails = AuditEvent.objects.count(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, personas, form)
    body = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "<title>Error: " in body
    assert "nhsuk-error-summary" in body and SHORT_MESSAGE in body
    assert 'value="Carol"' in body or 'value="Sam Visitor"' in body  # their answers are kept
    assert form.model.objects.count() == 2
    assert AuditEvent.objects.count() == events and len(mail.outbox) == emails


def test_the_count_starts_again_when_the_window_ends(client, personas, clock, form, settings):
    settings.PUBLIC_FORM_RATE_LIMITS = parse_limits("2/10m")
    for _ in range(3):
        send(client, personas, form)
    clock.now += 599
    assert send(client, personas, form).status_code == 429
    clock.now += 1
    assert send(client, personas, form).status_code == 302
    assert form.model.objects.count() == 3


def test_the_daily_limit_asks_them_to_come_back_tomorrow(client, personas, clock, form):
    for _ in range(2):
        send(client, personas, form)
    clock.now += 600
    assert send(client, personas, form).status_code == 302
    clock.now += 600
    response = send(client, personas, form)
    assert response.status_code == 429
    assert "Please try again tomorrow, or phone the involvement team" in response.content.decode()
    assert int(response["Retry-After"]) == 86_400 - 1_200
    assert form.model.objects.count() == 3


def test_different_addresses_are_counted_apart(client, personas, clock, form):
    for _ in range(3):
        send(client, personas, form, REMOTE_ADDR="203.0.113.5")
    assert send(client, personas, form, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert form.model.objects.count() == 3


def test_x_forwarded_for_is_ignored_unless_proxies_are_trusted(client, personas, clock, form):
    for spoof in ("192.0.2.1", "192.0.2.2"):
        send(client, personas, form, HTTP_X_FORWARDED_FOR=spoof)
    response = send(client, personas, form, HTTP_X_FORWARDED_FOR="192.0.2.3")
    assert response.status_code == 429
    assert form.model.objects.count() == 2


def test_behind_a_trusted_proxy_each_forwarded_address_is_counted(
    client, personas, clock, form, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(2):
        send(client, personas, form, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    # Writing another address in front of the one the proxy added does not help.
    spoofed = send(client, personas, form, HTTP_X_FORWARDED_FOR="192.0.2.9, 198.51.100.7", **proxy)
    assert spoofed.status_code == 429
    other = send(client, personas, form, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert other.status_code == 302
    assert form.model.objects.count() == 3


def test_the_two_forms_are_counted_apart(client, personas, clock):
    for _ in range(3):
        send(client, personas, FORMS["support"])
    assert send(client, personas, FORMS["pool"]).status_code == 302


def test_a_form_with_mistakes_does_not_use_up_the_limit(client, personas, clock, form):
    for _ in range(5):
        response = client.post(reverse(form.url_name), {}, REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 200
    assert send(client, personas, form).status_code == 302


def test_signed_in_people_are_not_counted(client, personas, clock):
    client.force_login(personas.sam)  # staff in one trust often share an address
    data = {**_support(personas), "project": "not_listed"}
    for _ in range(4):
        response = client.post(reverse("support:request-new"), data, REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 302
    assert SupportRequest.objects.count() == 4


def test_the_limits_can_be_turned_off(client, personas, clock, form, settings):
    settings.PUBLIC_FORM_RATE_LIMITS = parse_limits("off")
    for _ in range(4):
        assert send(client, personas, form).status_code == 302


def test_a_cache_that_does_not_answer_lets_people_through_and_is_logged(
    client, personas, clock, form, monkeypatch, caplog
):
    def broken(self, key, expires_in):  # type: ignore[no-untyped-def]
        raise ConnectionError("cache down")

    monkeypatch.setattr(public_form_limits._CacheCounter, "hit", broken)
    with caplog.at_level(logging.ERROR, logger="coproduce.pages.public_form_limits"):
        for _ in range(3):
            assert send(client, personas, form).status_code == 302
    assert "Could not check the rate limit" in caplog.text


def test_the_audit_log_records_the_address_behind_a_trusted_proxy(client, personas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    send(
        client,
        personas,
        FORMS["pool"],
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7",
    )
    event = AuditEvent.objects.get(action="pool.enquiry_received")
    assert event.ip_address == "198.51.100.7"


def test_the_refusal_gives_the_phone_number_of_the_trust_the_form_is_for(client, personas, clock):
    personas.trust.team_phone = "0161 496 0999"
    personas.trust.save()
    support, pool = FORMS["support"], FORMS["pool"]
    for _ in range(2):
        send(client, personas, support)
    refused = send(client, personas, support)
    assert refused.status_code == 429
    assert "phone the involvement team on 0161 496 0999." in refused.content.decode()
    # A poster's link names its trust too.
    url = reverse(pool.url_name) + f"?service={personas.service.pk}"
    for _ in range(2):
        client.post(url, pool.answers(personas), REMOTE_ADDR="203.0.113.9")
    refused = client.post(url, pool.answers(personas), REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert "phone the involvement team on 0161 496 0999." in refused.content.decode()


def test_the_join_refusal_gives_the_phone_number_of_the_trust_chosen(client, personas, clock):
    personas.trust.team_phone = "0161 496 0999"
    personas.trust.save()
    personas.other_trust.team_phone = "0113 496 0888"
    personas.other_trust.save()
    pool = FORMS["pool"]
    answers = {**pool.answers(personas), "organisation": personas.other_trust.pk}
    for _ in range(2):
        send(client, personas, pool)
    refused = client.post(reverse(pool.url_name), answers, REMOTE_ADDR="203.0.113.5")
    body = refused.content.decode()
    assert refused.status_code == 429
    assert "phone the involvement team on 0113 496 0888." in body
    assert "0161 496 0999" not in body
    assert PoolMember.objects.filter(organisation=personas.other_trust).count() == 0
