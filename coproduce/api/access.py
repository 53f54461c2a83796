"""What every endpoint shares: the same permission checks as the pages, the caller's
organisation, and bounded input types.

Endpoints ask `require(request, "perm", obj)` exactly where the page view calls
`require_permission` or `check_permission`, and load objects from querysets scoped to the
caller's organisation, so a guessed id from another trust is "not found" (404) and a
missing permission is "not allowed" (403), as on the pages.
"""

import datetime
import re
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from ninja import Path
from pydantic import BeforeValidator, Field

# Ids fit a 32-bit integer column on every database we run on; anything larger cannot exist,
# and SQLite refuses to even compare with numbers past 64 bits.
MAX_ID = 2_147_483_647

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID, description="The record's id")]
FilterId = Annotated[int | None, Field(default=None, ge=1, le=MAX_ID)]
# Free-text search: PostgreSQL cannot store or compare text holding a NUL character.
SearchText = Annotated[
    str | None,
    Field(default=None, max_length=200, pattern=r"^[^\x00]*$", description="Words to look for"),
]


def require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    """Raise PermissionDenied (a 403 problem) unless the caller holds the permission."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied(permission)


def organisation_id(request: HttpRequest) -> int | None:
    return getattr(request.user, "organisation_id", None)


def get_or_404[M: Model](queryset: QuerySet[M], pk: int) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("not found")
    return found


def own_organisation(request: HttpRequest) -> Any:
    """The caller's organisation; an account without one has nothing to see here."""
    organisation = getattr(request.user, "organisation", None)
    if organisation is None:
        raise Http404("no organisation")
    return organisation


def _iso_date(value: Any) -> Any:
    # Without this, pydantic would read "0" or "1700000000" as a date (seconds since 1970).
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("Enter a date as YYYY-MM-DD, for example 2026-03-31")
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DateFilter = Annotated[datetime.date | None, BeforeValidator(_iso_date)]
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
