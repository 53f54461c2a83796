"""Each demo persona, and a visitor who is not signed in, follows every link from the home page:
every page reached opens and passes the accessibility check, and every file it can download opens
in the reader its type needs."""

import csv
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from coproduce.accounts.models import User
from tests.system.conftest import axe_check, sign_in_by_cookie
from tests.walking import DEMO_SIGN_INS, kind_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Signing out ends the walk; the API's documentation page is drawn by Swagger UI and checked
# in test_library_pages.py.
NOT_FOLLOWED = ("/account/sign-out/", "/api/")
# The most pages one persona's walk opens, so a long list of records cannot make it run away.
MOST_PAGES = 150


def _open_pdf(body: bytes) -> None:
    import pypdfium2

    assert body.startswith(b"%PDF-")
    assert len(pypdfium2.PdfDocument(body)) >= 1


def _open_xlsx(body: bytes) -> None:
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(body), read_only=True).sheetnames


def _open_csv(body: bytes) -> None:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows and rows[0], "a CSV file without a header row"


def _open_zip(body: bytes) -> None:
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None


def _open_calendar(body: bytes) -> None:
    text = body.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "END:VCALENDAR" in text


def _open_png(body: bytes) -> None:
    assert body.startswith(b"\x89PNG\r\n\x1a\n")


def _open_svg(body: bytes) -> None:
    from xml.etree import ElementTree

    root = ElementTree.fromstring(body)  # noqa: S314 - our own server's drawing
    assert root.tag.endswith("svg"), root.tag


READERS: dict[str, Callable[[bytes], None]] = {
    "application/pdf": _open_pdf,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _open_xlsx,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _open_zip,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _open_zip,
    "text/csv": _open_csv,
    "text/calendar": _open_calendar,
    "image/png": _open_png,
    "image/svg+xml": _open_svg,
    "image/jpeg": lambda body: None if body.startswith(b"\xff\xd8") else pytest.fail("not JPEG"),
    "application/json": lambda body: json.loads(body),
}


def _walk(page: Any, email: str) -> tuple[int, int, list[str]]:
    base = page.base_url
    queue, seen_groups, problems = ["/"], set(), []
    pages = files = 0
    while queue and pages < MOST_PAGES:
        path = queue.pop(0)
        group = kind_of(path)
        if group in seen_groups:
            continue
        seen_groups.add(group)
        reply = page.request.get(base + path, max_redirects=0)
        content_type = reply.headers.get("content-type", "").split(";")[0].strip()
        if reply.status != 200:
            problems.append(f"{email}: {path} answered {reply.status}")
            continue
        if content_type != "text/html":
            reader = READERS.get(content_type)
            if reader is None:
                problems.append(f"{email}: {path} is {content_type!r}, which no reader checks")
                continue
            try:
                reader(reply.body())
            except Exception as error:  # noqa: BLE001 - reported with the file's address
                problems.append(f"{email}: {path} ({content_type}) does not open: {error!r}")
            files += 1
            continue
        page.goto(path)
        axe_check(page)
        pages += 1
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            absolute = urljoin(base + path, href)
            if not absolute.startswith(base + "/"):
                continue  # another site, mailto: or tel:
            parts = urlsplit(absolute)
            found = parts.path + (f"?{parts.query}" if parts.query else "")
            if found.startswith(NOT_FOLLOWED) or kind_of(found) in seen_groups:
                continue
            queue.append(found)
    return pages, files, problems


def test_every_page_and_download_each_persona_can_reach_opens_and_is_accessible(page):
    call_command("demo", "--quiet")
    problems, report = [], []
    for email in [*DEMO_SIGN_INS, None]:
        page.context.clear_cookies()
        if email is not None:
            sign_in_by_cookie(page, User.objects.get(email=email))
        pages, files, found = _walk(page, email or "signed out")
        problems += found
        report.append(f"{email or 'signed out'}: {pages} pages, {files} files")
        assert pages >= 5, f"{email} reached only {pages} pages: is the walk broken?"
    print("\n".join(report))
    assert not problems, "\n".join(problems + report)
