"""Shared pieces for the demo data loaders that each app provides (see settings.DEMO_LOADERS)."""

from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "coproduce-demo"  # noqa: S105 - published demo sign-in, refused on real data


class DemoRefused(Exception):
    """The database holds data that is not demo data; loading would mix the two."""


@dataclass
class DemoContext:
    """What loaders share: the demo organisation, the password, and named records."""

    password: str
    write: Any  # a callable that prints a line
    organisation: Any = None
    records: dict[str, Any] = field(default_factory=dict)
