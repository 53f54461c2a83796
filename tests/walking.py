"""Shared by the tests that walk the site by following links as the demo personas."""

import re
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

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


# What fills each kind of path parameter when every address is opened: ids that name no record,
# words that name nothing.
NO_SUCH = {"int": "2147483000", "str": "no-such-thing", "slug": "no-such-thing", "path": "no/such"}
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _no_such(parameter: re.Match[str]) -> str:
    converter, name = parameter.group("converter") or "str", parameter.group("name")
    if converter == "str" and (name == "pk" or name.endswith("id")):
        converter = "int"  # the API's ids are plain parameters, checked by the operation
    return NO_SUCH[converter]


def every_address(patterns: list[Any] | None = None, prefix: str = "/") -> list[str]:
    """Every address in the URL conf, its parameters filled from `NO_SUCH` (so a page that
    loads a record finds none), in the conf's order."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    addresses: list[str] = []
    for pattern in patterns:
        route = _PARAMETER.sub(_no_such, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            addresses += every_address(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            addresses.append(prefix + route)
    return list(dict.fromkeys(addresses))
