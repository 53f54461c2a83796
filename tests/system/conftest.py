"""Browser tests: Playwright drives Debian's Chromium against a live server.

Without a browser these tests skip with the reason; with REQUIRE_BROWSER=1 (as in CI) a missing
browser fails the run instead. Every page a test visits can be checked with `axe_check`, which
fails on any WCAG 2.2 AA violation.
"""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; the database calls our tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _browser_missing(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") in {"1", "true", "yes"}:
        pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
    pytest.skip(f"browser tests need Chromium: {reason} (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _browser_missing(f"{CHROMIUM} was not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extras install it
        _browser_missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    # The machine has no network: refuse anything not served by the app (the NHS web font
    # host, for one) at once, and do not count those refusals as page errors.
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: Any) -> None:
        source = (message.location or {}).get("url", "")
        if message.type != "error" or not source.startswith(live_server.url):
            return
        # A page deliberately answered 403 or 404 is the test's business, not a page error.
        if source == page.url and message.text.startswith("Failed to load resource"):
            return
        errors.append(f"{message.text} ({source})")

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", on_console)
    page.js_errors = errors  # type: ignore[attr-defined]
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def _navigated_away(message: str) -> bool:
    """Whether a script failed because the page it ran in was being replaced."""
    return any(
        sign in message
        for sign in ("reading 'documentElement'", "Execution context was destroyed", "navigat")
    )


def axe_check(page: Any) -> None:
    """Fail on any WCAG 2.2 A/AA violation on the page as it is now, and on script errors."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    # A click that submits a form returns once the navigation has started, not finished: wait for
    # the new page to load, and if the old document still went away under axe, check again.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page, options=options)
            break
        except PlaywrightError as error:
            if attempt == 2 or not _navigated_away(str(error)):
                raise
            page.wait_for_timeout(250)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    script_errors = list(getattr(page, "js_errors", []))
    assert not script_errors, f"{page.url}: script errors {script_errors}"


def sign_in(page: Any, user: Any, password: str) -> None:
    """Sign in through the real sign-in page, as a person would."""
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    complete_two_factor(page, user.email)


def complete_two_factor(page: Any, email: str) -> None:
    """If the sign-in asks for a second step (administrators and finance), do what the person
    would with their authenticator app: set it up on first sign-in, else enter its code."""
    import time

    from coproduce.accounts.models import User
    from coproduce.accounts.tests.codes import code_for, secret_of

    path = page.url.removeprefix(page.base_url)
    if path.startswith("/account/two-factor/set-up/"):
        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("Code from your authenticator app").fill(code_for(secret))
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="I have saved my recovery codes").click()
        page.wait_for_load_state()
    elif path.startswith("/account/sign-in/code/"):
        secret = secret_of(User.objects.get(email__iexact=email))
        for attempt in range(2):
            page.get_by_label("Security code").fill(code_for(secret))
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state()
            if not page.url.removeprefix(page.base_url).startswith("/account/sign-in/code/"):
                break
            if attempt == 0:
                # This code was used a moment ago (each is good once): wait for the next one.
                time.sleep(30 - time.time() % 30 + 0.5)


def assert_error_summary(page: Any, *messages: str) -> None:
    """The NHS error summary is shown and focused, and the title starts with 'Error: '."""
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    # The NHS script moves focus to the summary once it has loaded; give a busy machine time.
    page.locator(".nhsuk-error-summary:focus").wait_for()
    for message in messages:
        assert message in summary.inner_text(), f"{message!r} not in the error summary"
    assert page.title().startswith("Error: "), page.title()
    focused = page.evaluate("document.activeElement && document.activeElement.className")
    assert "nhsuk-error-summary" in (focused or ""), f"focus is on {focused!r}"


def sign_in_by_cookie(page: Any, user: Any) -> None:
    """Start a signed-in session without the sign-in page, for journeys that are not about it."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    # Set for the whole site (path "/"), whatever page the browser is on, so a journey can
    # switch from one person to another.
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": page.base_url + "/"}]
    )
