"""Every page that edits something stored opens with what is stored.

Each demo persona follows every link from the home page. Every page it reaches that shows a form
bound to a stored record (a ModelForm or a StoredForm given the record) is read as a browser
would: each field of the form that is a field of the record must show the stored value (a text
box's value, the ticked boxes and radios, the chosen option, a text area's text), read here from
the database and not from the form.

So that an edit page cannot escape the walk, every address the site has whose name ends in
"edit" or "change" (and the few edit pages named otherwise, below) must be reached and found
bound to its record; and no form keeps a hand-made `initial_for` outside StoredForm.
"""

import datetime
import decimal
import inspect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from coproduce.accounts.models import User
from coproduce.frontend.forms import NHSDateWidget, StoredForm
from tests.walking import DEMO_SIGN_INS, kind_of

pytestmark = pytest.mark.django_db

NOT_FOLLOWED = ("/account/sign-out/", "/api/", "/static/", "/assets/")
MOST_ADDRESSES = 300
EACH_KIND = 2
# Edit pages whose address names do not end in "edit" or "change".
EDIT_PAGES_NAMED_OTHERWISE = {
    "accounts:user-detail",
    "involvement:settings",
    "organisations:team-contact",
    "pool:my-details",
    "projects:pdsa",
}
# Pages whose names end so, that never show what is stored.
NOT_EDIT_PAGES = {"accounts:password-change": "a password is never shown"}
EDIT_NAME = re.compile(r"(^|[-:])(edit|change)$")


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def edit_page_names() -> set[str]:
    named = {name for name in _url_names() if EDIT_NAME.search(name.split(":")[-1])}
    return (named | EDIT_PAGES_NAMED_OTHERWISE) - set(NOT_EDIT_PAGES)


def _a_policy_not_yet_used() -> None:
    """The demo's payment policy has claims under it, so it is shown locked; a finance officer
    drafting next year's version (a copy of it, as its page makes) can change that one."""
    from coproduce.payments.models import PolicyVersion

    latest = PolicyVersion.objects.order_by("-effective_from").first()
    rates, expenses = list(latest.rates.all()), list(latest.expenses.all())
    latest.pk = None
    latest.effective_from = latest.effective_from.replace(year=latest.effective_from.year + 1)
    latest.notes = "Next year's rates, to be agreed"
    latest.save()
    for row in [*rates, *expenses]:
        row.pk = None
        row.policy = latest
        row.save()


class _Page(HTMLParser):
    """Links, and what each named form control shows, as a browser would submit it."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: dict[str, str] = {}
        self.chosen: dict[str, set[str]] = defaultdict(set)
        self.kinds: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        name = a.get("name", "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        elif tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                self.kinds[name] = "choice"
                self.chosen[name]  # noqa: B018 - an unticked group is still a field shown
                if "checked" in a:
                    self.chosen[name].add(a.get("value", "on"))
            elif kind not in {"submit", "button", "file", "hidden"}:
                self.kinds[name] = "text"
                self.text[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self.kinds[name] = "text"
            self.text[name] = ""
            self._textarea = name
        elif tag == "select" and name:
            self.kinds[name] = "choice"
            self.chosen[name]  # noqa: B018
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.chosen[self._select].add(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.text[self._textarea] += data


def _same_number(shown: str, stored: Any) -> bool:
    try:
        return decimal.Decimal(shown.replace(",", "").lstrip("£")) == decimal.Decimal(stored)
    except decimal.InvalidOperation:
        return False


def _mismatch(page: _Page, form: forms.BaseForm, name: str, record: models.Model) -> str | None:
    """What is wrong with how the page shows the stored value of one field, or None. Raises
    LookupError when the field is not the record's, or the page does not show it."""
    try:
        model_field = record._meta.get_field(name)
    except FieldDoesNotExist:
        raise LookupError(name) from None
    if not model_field.concrete or not model_field.editable or model_field.auto_created:
        raise LookupError(name)
    if isinstance(model_field, models.FileField | models.DateTimeField):
        raise LookupError(name)
    html_name = form.add_prefix(name)
    form_field = form.fields[name]
    if isinstance(form_field.widget, NHSDateWidget):
        stored_date = model_field.value_from_object(record)
        parts = [page.text.get(f"{html_name}_{i}") for i in range(3)]
        if None in parts:
            raise LookupError(name)
        expected = (
            ["", "", ""]
            if stored_date is None
            else [str(stored_date.day), str(stored_date.month), str(stored_date.year)]
        )
        shown = [str(int(p)) if p.strip().isdigit() else p.strip() for p in parts]
        return None if shown == expected else f"shows {shown}, stored {expected}"
    if html_name not in page.kinds:
        raise LookupError(name)
    kind = page.kinds[html_name]
    if isinstance(model_field, models.ManyToManyField):
        related = list(getattr(record, name).all())
        if kind == "text":  # a list of names written out, separated by commas
            shown = {p.strip() for p in page.text[html_name].split(",") if p.strip()}
            expected = {str(obj) for obj in related}
        else:
            shown, expected = page.chosen[html_name], {str(obj.pk) for obj in related}
        return None if shown == expected else f"shows {sorted(shown)}, stored {sorted(expected)}"
    value = model_field.value_from_object(record)
    if kind == "choice":
        shown = page.chosen[html_name]
        if isinstance(model_field, models.BooleanField):
            ticked = bool(shown & {"on", "True", "true", "yes", "1"})
            return None if ticked == bool(value) else f"ticked is {ticked}, stored {value}"
        if isinstance(value, list | tuple):
            expected = {str(v) for v in value}
        elif value in (None, ""):
            # Nothing stored: no stored thing may look chosen (a "none" or "other" choice may).
            chosen_records = {v for v in shown if v.isdigit()} if model_field.is_relation else set()
            return f"shows {sorted(chosen_records)}, stored nothing" if chosen_records else None
        else:
            expected = {str(value)}
        return None if shown == expected else f"shows {sorted(shown)}, stored {sorted(expected)}"
    shown_text = page.text[html_name].strip()
    if value is None or value == "":
        return None if shown_text == "" else f"shows {shown_text!r}, stored nothing"
    if isinstance(value, int | decimal.Decimal | float) and not isinstance(value, bool):
        return None if _same_number(shown_text, value) else f"shows {shown_text!r}, stored {value}"
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    expected_text = str(value).strip().replace("\r\n", "\n")
    return None if shown_text == expected_text else f"shows {shown_text!r}, stored {value!r}"


def _bound_to_a_record(form: forms.BaseForm) -> models.Model | None:
    record = getattr(form, "instance", None)
    return record if isinstance(record, models.Model) and record.pk else None


@pytest.fixture
def forms_made(monkeypatch: pytest.MonkeyPatch) -> list[forms.BaseForm]:
    made: list[forms.BaseForm] = []
    original = forms.BaseForm.__init__

    def recording(self: forms.BaseForm, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(forms.BaseForm, "__init__", recording)
    return made


def _walk(client: Client, made: list[forms.BaseForm], problems: list[str]) -> dict[str, int]:
    """Follow links from home; check every page with a form bound to a stored record. Returns
    {address name: fields checked that had something stored} for the edit pages reached."""
    queue, seen, kinds = ["/"], set(), Counter()
    checked: dict[str, int] = {}
    while queue and len(seen) < MOST_ADDRESSES:
        path = queue.pop(0)
        if path in seen or kinds[kind_of(path)] >= EACH_KIND:
            continue
        seen.add(path)
        kinds[kind_of(path)] += 1
        made.clear()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        for form in list(made):
            record = _bound_to_a_record(form)
            if record is None:
                continue
            record = type(record)._base_manager.get(pk=record.pk)  # as stored, not as shown
            name = resolve(urlsplit(path).path).view_name
            filled = 0
            for field_name in form.fields:
                try:
                    wrong = _mismatch(page, form, field_name, record)
                except LookupError:
                    continue
                if wrong:
                    problems.append(f"{path} ({name}) {field_name}: {wrong}")
                elif record._meta.get_field(field_name).value_from_object(record) not in (
                    None,
                    "",
                    [],
                ):
                    filled += 1
            checked[name] = max(checked.get(name, 0), filled)
        for href in page.hrefs:
            parts = urlsplit(urljoin("http://testserver" + path, href))
            if parts.netloc != "testserver" or parts.path.startswith(NOT_FOLLOWED):
                continue
            found = parts.path + (f"?{parts.query}" if parts.query else "")
            if found not in seen:
                queue.append(found)
    return checked


def _checks_for_everyone() -> None:
    """Only some demo members have checks recorded; the walk opens only a few members' pages."""
    from coproduce.pool.models import Check, CheckKind, PoolMember

    for member in PoolMember.objects.filter(checks__isnull=True):
        Check.objects.create(
            member=member,
            kind=CheckKind.CONFIDENTIALITY,
            reference=f"CONF-{member.pk}",
            checked_on=datetime.date(2026, 1, 5),
            expires_on=datetime.date(2029, 1, 5),
        )


def test_every_edit_page_opens_with_what_is_stored(forms_made):
    call_command("demo", "--quiet")
    _a_policy_not_yet_used()
    _checks_for_everyone()
    problems: list[str] = []
    checked: dict[str, int] = {}
    for email in DEMO_SIGN_INS:
        client = Client()
        client.force_login(User.objects.get(email=email))
        for name, filled in _walk(client, forms_made, problems).items():
            checked[name] = max(checked.get(name, 0), filled)
    print("edit pages checked:", sorted(checked.items()))
    assert not problems, "Edit pages that do not show what is stored:\n" + "\n".join(problems)
    missed = sorted(edit_page_names() - set(checked))
    assert not missed, (
        f"Edit pages not reached by the demo personas, or not bound to their record: {missed}. "
        "Give the form the record (a ModelForm's or StoredForm's instance) and make sure the "
        "demo data links to the page"
    )
    empty = sorted(name for name, filled in checked.items() if not filled)
    assert not empty, f"Edit pages where nothing stored was found to check: {empty}"


def test_the_pool_members_edit_pages_show_their_lived_experience_topics_and_benefits(
    forms_made,
):
    """The fields that drive matching and benefit warnings, on the team's and the member's own
    page, for a member who has each of them."""
    from coproduce.pool.models import OptionKind, ProfileOption

    call_command("demo", "--quiet")
    patient = User.objects.get(email="patient@example.org")
    member = patient.pool_member
    organisation = member.organisation

    for kind, field in (
        (OptionKind.CONDITION, "conditions"),
        (OptionKind.TOPIC, "topics"),
        (OptionKind.SKILL, "skills"),
        (OptionKind.AREA, "travel_areas"),
    ):
        option = ProfileOption.objects.filter(organisation=organisation, kind=kind).first()
        getattr(member, field).add(option)
    member.declared_benefits = ["esa", "uc_housing"]
    member.experience_notes = "Two stays on the ward"
    member.save()

    coordinator = Client()
    coordinator.force_login(User.objects.get(email="coordinator@example.org"))
    own = Client()
    own.force_login(patient)
    for client, path in (
        (coordinator, f"/pool/{member.pk}/edit/"),
        (own, "/pool/me/details/"),
    ):
        page = _Page()
        page.feed(client.get(path).content.decode())
        assert page.text["first_name"] == member.first_name, path
        assert page.text["experience_notes"].strip() == "Two stays on the ward", path
        for field in ("conditions", "topics", "skills", "travel_areas"):
            stored = {str(pk) for pk in getattr(member, field).values_list("pk", flat=True)}
            assert stored and page.chosen[field] == stored, (path, field)
        assert page.chosen["declared_benefits"] == {"esa", "uc_housing"}, path
        assert page.chosen["kind"] == {member.kind}, path
        assert page.chosen["payment_preference"] == {member.payment_preference}, path


def test_no_form_fills_itself_from_a_record_outside_stored_form():
    """A form with its own `initial_for` is an edit form: it must be a StoredForm, so that every
    page using it gets the stored values just by passing the record."""
    import importlib
    import pkgutil

    import coproduce

    outside: list[str] = []
    for module_info in pkgutil.walk_packages(coproduce.__path__, "coproduce."):
        if ".forms" not in module_info.name or ".tests" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module.__name__
                and "initial_for" in vars(cls)
                and not issubclass(cls, StoredForm)
            ):
                outside.append(f"{module.__name__}.{cls.__name__}")
    assert not outside, outside
