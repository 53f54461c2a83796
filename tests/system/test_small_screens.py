"""A pool member's pages fit a 320 px wide screen (WCAG 1.4.10 reflow): nothing makes the page
scroll sideways and no element is wider than the screen. The pages are found as a member would
find them (the menus and every link from them) and from the address book of the site itself
(every address without a number in it that the member may open), so a new page is checked
without being added here."""

from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coproduce.accounts.models import User
from tests.system.conftest import axe_check, sign_in_by_cookie
from tests.walking import kind_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320
MEMBERS = ["patient@example.org", "carer@example.org"]
# Signing out ends the walk; the API's documentation is a tool for developers, checked on its own.
NOT_FOLLOWED = ("/account/sign-out/", "/api/")
MOST_PAGES = 120

# Every element whose box reaches past the right edge of the screen, leaving out what is hidden
# (the NHS visually-hidden text is clipped to one pixel) and what lives inside something that
# scrolls on its own.
OVERFLOWING = """(width) => {
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.width <= 1 && box.height <= 1) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    if (element.closest(".nhsuk-u-visually-hidden, [hidden]")) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      let scroller = element.parentElement, inside = false;
      while (scroller && scroller !== document.body) {
        const overflow = getComputedStyle(scroller).overflowX;
        if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") {
          inside = true;
          break;
        }
        scroller = scroller.parentElement;
      }
      if (inside) continue;
      const name = element.tagName.toLowerCase() +
        (element.className && typeof element.className === "string"
          ? "." + element.className.trim().split(/\\s+/).join(".") : "");
      found.push(`${name} (${Math.round(box.left)} to ${Math.round(box.right)} px)`);
    }
  }
  return found.slice(0, 5);
}"""


def _addresses_without_arguments(patterns: list[Any], prefix: str = "") -> list[str]:
    """Every named address of the site that takes nothing to fill in."""
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _addresses_without_arguments(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{prefix}{pattern.name}")
    paths = []
    for name in names:
        try:
            paths.append(reverse(name))
        except Exception:  # noqa: BLE001, S112 - it needs arguments: reached by links instead
            continue
    return paths


def _check(page: Any, email: str, path: str) -> list[str]:
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > WIDTH:
        problems.append(f"{email}: {path} is {width} px wide")
    wide = page.evaluate(OVERFLOWING, WIDTH)
    if wide:
        problems.append(f"{email}: {path} has elements wider than the screen: {wide}")
    axe_check(page)
    return problems


def _walk(page: Any, email: str) -> tuple[set[str], list[str]]:
    base = page.base_url
    queue = ["/", *_addresses_without_arguments(get_resolver().url_patterns)]
    seen, opened, problems = set(), set(), []
    while queue and len(opened) < MOST_PAGES:
        path = queue.pop(0)
        group = kind_of(path)
        if group in seen or path.startswith(NOT_FOLLOWED):
            continue
        seen.add(group)
        reply = page.request.get(base + path, max_redirects=0)
        content_type = reply.headers.get("content-type", "").split(";")[0].strip()
        if reply.status != 200 or content_type != "text/html":
            continue  # another role's page, a redirect, or a file to download
        page.goto(path)
        opened.add(urlsplit(path).path)
        problems += _check(page, email, path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            absolute = urljoin(base + path, href)
            if not absolute.startswith(base + "/"):
                continue
            parts = urlsplit(absolute)
            found = parts.path + (f"?{parts.query}" if parts.query else "")
            if kind_of(found) not in seen:
                queue.append(found)
    return opened, problems


def test_every_page_a_pool_member_can_open_fits_a_320_px_screen(page):
    call_command("demo", "--quiet")
    page.set_viewport_size({"width": WIDTH, "height": 640})
    problems = []
    for email in MEMBERS:
        page.context.clear_cookies()
        sign_in_by_cookie(page, User.objects.get(email=email))
        opened, found = _walk(page, email)
        problems += found
        # The member's own pages, as their menus offer them, were all among those checked.
        page.goto(reverse("pool:my-involvement"))
        own = page.eval_on_selector_all(
            "nav[aria-label='Your pages'] a[href], nav[aria-label='Main menu'] a[href]",
            "links => links.map(a => new URL(a.href).pathname)",
        )
        assert own, f"{email}: the member's menus offer no pages"
        missing = sorted(set(own) - opened)
        assert not missing, f"{email}: pages in the menus that were not checked: {missing}"
        assert len(opened) >= 8, f"{email} opened only {sorted(opened)}: is the walk broken?"
    assert not problems, "\n".join(problems)
