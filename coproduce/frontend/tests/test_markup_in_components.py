"""Markup handed to an NHS.UK component shows as markup, and what people typed shows as text.

Joining tags to an escaped value with `~` makes Jinja escape the tags as well, so the page shows
"<a href=...>" as characters; an upper-case "HTML" parameter is ignored by the components, so the
content is lost. Templates build such markup with the environment's `html()` and `html_link()`.
"""

import datetime
from pathlib import Path

import jinja2
import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from jinja2 import nodes
from markupsafe import Markup

from coproduce.frontend.environment import html, html_link
from coproduce.frontend.forms import field_params
from coproduce.payments import services as payments
from coproduce.payments.demo import load_policy
from coproduce.pool.models import MemberKind
from coproduce.pool.tests.factories import PoolMemberFactory
from coproduce.projects.tests.factories import make_project
from coproduce.support.tests.factories import SupportRequestFactory
from coproduce.training import services as training
from coproduce.training.tests.factories import CourseFactory, SessionFactory

PACKAGE = Path(__file__).resolve().parents[2]


def test_html_escapes_the_values_and_keeps_its_own_tags():
    made = html("<p><strong>Reason:</strong> {}</p>", "<script>x</script> & more")
    assert made == "<p><strong>Reason:</strong> &lt;script&gt;x&lt;/script&gt; &amp; more</p>"
    link = html_link('https://example.org/?a=1&b="2"')
    assert link == (
        '<a href="https://example.org/?a=1&amp;b=&#34;2&#34;">'
        "https://example.org/?a=1&amp;b=&#34;2&#34;</a>"
    )
    # Markup inside markup is not escaped a second time.
    assert html("{}<br>{}", "4 March", link) == f"4 March<br>{link}"


def test_form_fields_keep_markup_in_labels_hints_and_choices():
    class Form(forms.Form):
        agree = forms.BooleanField(label=mark_safe('I have read <a href="/terms/">the terms</a>'))
        name = forms.CharField(
            label=mark_safe("Name on <abbr title='National Insurance'>NI</abbr> letters"),
            required=False,
            help_text=Markup("As on <b>your</b> letters"),
        )
        kind = forms.ChoiceField(
            choices=[("a", Markup("<abbr title='Carer'>C</abbr>")), ("b", "A & B")],
            widget=forms.RadioSelect,
        )

    form = Form()
    agree = field_params(form["agree"])["params"]["items"][0]["text"]
    assert jinja2.Template("{{ t }}", autoescape=True).render(t=agree) == (
        'I have read <a href="/terms/">the terms</a>'
    )
    name = field_params(form["name"])["params"]
    rendered = jinja2.Template("{{ l }}|{{ h }}", autoescape=True).render(
        l=name["label"]["text"], h=name["hint"]["text"]
    )
    assert rendered == (
        "Name on <abbr title='National Insurance'>NI</abbr> letters (optional)"
        "|As on <b>your</b> letters"
    )
    items = field_params(form["kind"])["params"]["items"]
    texts = jinja2.Template("{{ a }}|{{ b }}", autoescape=True).render(
        a=items[0]["text"], b=items[1]["text"]
    )
    assert texts == "<abbr title='Carer'>C</abbr>|A &amp; B"


@pytest.mark.django_db
def test_a_booked_online_session_shows_its_video_link_as_a_link(client, personas):
    course = CourseFactory(organisation=personas.trust, title="QI basics")
    session = SessionFactory(course=course, video_link="https://video.example.org/qi?room=1&x=2")
    training.book(session, personas.pat, by=personas.pat)
    client.force_login(personas.pat)
    page = client.get(reverse("training:session-detail", args=[session.pk])).content.decode()
    assert (
        '<a href="https://video.example.org/qi?room=1&amp;x=2">'
        "https://video.example.org/qi?room=1&amp;x=2</a>"
    ) in page
    assert "&lt;a" not in page


@pytest.mark.django_db
def test_a_cancelled_session_says_so_in_its_warning(client, personas):
    session = SessionFactory(course=CourseFactory(organisation=personas.trust))
    training.cancel_session(session, by=personas.alice)
    client.force_login(personas.pat)
    page = client.get(reverse("training:session-detail", args=[session.pk])).content.decode()
    assert "<p>This session has been cancelled.</p>" in page


@pytest.mark.django_db
def test_a_carer_sees_why_their_claim_was_not_approved_as_text(client, personas):
    load_policy(personas.trust, by=personas.alice)
    carer = PoolMemberFactory(
        organisation=personas.trust,
        user=personas.carl,
        kind=MemberKind.CARER,
        first_name="Carl",
        last_name="Example",
    )
    project = make_project(personas, title="Kinder ward rounds", lead=personas.leo)
    activity = payments.log_activity(
        carer,
        activity_date=datetime.date(2025, 6, 11),
        duration_minutes=60,
        activity_type="standard",
        project=project,
        by=personas.carl,
    )
    claim = payments.submit(payments.start_claim(activity, by=personas.carl), by=personas.carl)
    payments.reject(claim, by=personas.cora, reason="The <b>meeting</b> was cancelled")
    client.force_login(personas.carl)
    page = client.get(reverse("payments:claim-detail", args=[claim.pk])).content.decode()
    assert (
        "<p><strong>Reason it was not approved:</strong> "
        "The &lt;b&gt;meeting&lt;/b&gt; was cancelled</p>"
    ) in page
    assert "&lt;p&gt;" not in page and "&lt;strong&gt;" not in page


@pytest.mark.django_db
def test_a_support_request_shows_its_email_and_call_link_as_links(client, personas):
    item = SupportRequestFactory(
        organisation=personas.trust,
        email="robin@example.org",
        call_at=timezone.now() + datetime.timedelta(days=2),
        video_link="https://video.example.org/robin",
    )
    client.force_login(personas.cora)
    page = client.get(reverse("support:request-detail", args=[item.pk])).content.decode()
    assert '<a href="mailto:robin@example.org">robin@example.org</a>' in page
    assert (
        '<br><a href="https://video.example.org/robin">https://video.example.org/robin</a>' in page
    )
    assert "&lt;a" not in page and "&lt;br" not in page


@pytest.mark.django_db
def test_the_import_page_lists_what_the_spreadsheet_can_hold(client, personas):
    client.force_login(personas.cora)
    page = client.get(reverse("imports:upload")).content.decode()
    details = page.split("What the spreadsheet can hold", 1)[1].split("</details>", 1)[0]
    assert '<ul class="nhsuk-list nhsuk-list--bullet">' in details
    assert "<strong>" in details


# The faulty patterns, found in every template the product has -------------------------------------


def _templates() -> list[Path]:
    found = [
        path
        for path in PACKAGE.rglob("*")
        if path.suffix in {".jinja", ".html", ".txt"} and "jinja2" in path.parts
    ]
    assert len(found) > 50, "the templates were not found"
    return found


def _faults(source: str) -> list[str]:
    """Tags joined with `~`, and upper-case "HTML" parameters, in one template's source."""
    env = jinja2.Environment(extensions=["jinja2.ext.do"])  # noqa: S701 - only parsed
    tree = env.parse(source)
    faults = []
    for concat in tree.find_all(nodes.Concat):
        tags = [
            part.value
            for part in concat.nodes
            if isinstance(part, nodes.Const)
            and isinstance(part.value, str)
            and ("<" in part.value or ">" in part.value)
        ]
        if tags:
            faults.append(f"line {concat.lineno}: markup {tags!r} joined with ~; use html()")
    for pair in tree.find_all(nodes.Pair):
        if isinstance(pair.key, nodes.Const) and pair.key.value == "HTML":
            faults.append(f'line {pair.lineno}: "HTML" is not a component parameter; use "html"')
    return faults


def test_the_scan_finds_the_faulty_patterns():
    faulty = (
        "{{ x({'value': {'html': '<a href=\"' ~ (v|e) ~ '\">'}}) }}"
        "{{ y({'HTML': body}) }}"
        "{% set s = 'b' ~ v %}"
    )
    assert len(_faults(faulty)) == 2
    assert _faults("{{ x({'html': html_link(v), 'text': 'a' ~ v}) }}") == []


def test_no_template_joins_markup_with_tilde_or_passes_html_in_capitals():
    faults = {}
    for path in _templates():
        found = _faults(path.read_text(encoding="utf-8"))
        if found:
            faults[str(path.relative_to(PACKAGE.parent))] = found
    assert faults == {}
