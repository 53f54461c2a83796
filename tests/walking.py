"""Shared by the tests that walk the site by following links as the demo personas."""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from coproduce.accounts.demo import PERSONAS

# The seven published demo sign-ins, in the README's order.
DEMO_SIGN_INS = [email for email, *_ in PERSONAS]


def kind_of(path: str) -> str:
    """Addresses of one kind (every project's page, say) share a kind; words in the address
    (a list's name, a file format) make kinds of their own."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    words = sorted(f"{k}={v}" for k, v in match.kwargs.items() if not str(v).isdigit())
    return " ".join([match.view_name, *words])
