"""The Jinja2 environment: NHS.UK frontend components, URL reversing and permission checks."""

from typing import Any

import jinja2
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from markupsafe import Markup

from coproduce.frontend.forms import error_summary_items, field_params


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def has_perm(user: Any, permission: str, obj: Any = None) -> bool:
    """Ask the one permission module (rules) from a template, e.g. has_perm(request.user, ...)."""
    return bool(user and user.has_perm(permission, obj))


def format_date(value: Any, fmt: str = "j F Y") -> str:
    """Dates the NHS way: 4 March 2026. Datetimes are shown in local time."""
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(value, fmt)


def format_datetime(value: Any) -> str:
    """4 March 2026 at 2:05pm, in local time."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{date_format(local, 'j F Y')} at {hour}:{local:%M}{suffix}"


def pence(value: Any) -> str:
    """Money as £1,234.50; accepts Decimal or None."""
    if value is None:
        return ""
    return f"£{value:,.2f}"


def html(template: str, *values: Any, **named: Any) -> Markup:
    """Markup for a component's `html` parameter: the template's own tags, every value escaped.

    html("<p><strong>Reason:</strong> {}</p>", claim.decision_reason). Joining markup with `~`
    does not work: once one part is escaped, Jinja escapes the tags around it too, and the page
    shows "<a href=...>" as characters. Values that are already markup (html_link(...)) stay
    as they are. The template is written by us, never taken from what someone typed.
    """
    return Markup(template).format(*values, **named)  # noqa: S704 - values are escaped by format


def html_link(href: Any, text: Any = None) -> Markup:
    """A link as markup, for a component's `html` parameter: html_link(session.video_link)."""
    return html('<a href="{}">{}</a>', href, href if text is None else text)


def environment(**options: Any) -> jinja2.Environment:
    # Our templates first, then the NHS.UK frontend macros from the nhsuk-frontend-jinja package.
    options["loader"] = jinja2.ChoiceLoader(
        [options["loader"], jinja2.PackageLoader("nhsuk_frontend_jinja")]
    )
    # The NHS macros read optional nested parameters, which need a forgiving undefined.
    options["undefined"] = jinja2.ChainableUndefined
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = jinja2.Environment(**options)  # noqa: S701 - autoescape is set on by Django's backend
    env.globals.update(
        {
            "url": url,
            "static": static,
            "has_perm": has_perm,
            "get_messages": get_messages,
            "now": timezone.now,
            "field_params": field_params,
            "error_summary_items": error_summary_items,
            "html": html,
            "html_link": html_link,
        }
    )
    env.filters.update({"date": format_date, "datetime": format_datetime, "pence": pence})
    return env
