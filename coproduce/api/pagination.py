"""Limit/offset pagination with bounds, so no caller can ask for a million rows at once, and
lists paged in two steps, so a page costs the same however many records match.

A list endpoint returns `TwoStep(keys=..., rows=...)`: `keys` holds the caller's records with
the filters and the list's order and nothing else (no joins for display, no annotations);
`rows` is the same scope with everything an item shows (select_related, counts, this month's
level). A page is then read as: the ids of that page from `keys` (and the count of `keys`),
then the full rows for just those ids from `rows`, put back in the order of the ids. The
database works out counts and joins for one page of rows, not for every matching record
before cutting the page out (see docs/adr/0604).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000


@dataclass(frozen=True)
class TwoStep[M: Model]:
    """What a list endpoint returns: the ordered, filtered `keys` and the full `rows`.

    `keys` carries every rule deciding who sees what, the filters, and an order ending with
    the primary key (so the order is total). It must not annotate anything it does not filter
    on: an annotation would be worked out for every matching record. (`select_related` does no
    harm there: reading only the ids leaves it out.) `rows` starts from the caller's trust
    again, so a row is only ever read through a queryset scoped to it. `present`, when given,
    turns the page's rows into what the items show, as the page's presenter does for its table
    (called once a page, on the rows only)."""

    keys: QuerySet[M]
    rows: QuerySet[M]
    present: Callable[[list[M]], list[Any]] | None = None

    def __post_init__(self) -> None:
        if not self.keys.ordered:
            raise ValueError("A list paged in two steps needs a fixed order")

    def page(self, offset: int, limit: int) -> list[M]:
        """The full rows of one page, in the order of `keys`."""
        ids = list(self.keys.values_list("pk", flat=True)[offset : offset + limit])
        rows = in_order(self.rows, ids)
        return self.present(rows) if self.present is not None else rows

    def count(self) -> int:
        # Only the filters: Django drops the order, and `keys` has nothing else to drop.
        return self.keys.count()


def in_order[M: Model](rows: QuerySet[M], ids: Sequence[Any]) -> list[M]:
    """The rows with these ids, in the order of the ids (one query, none for no ids)."""
    if not ids:
        return []
    found = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found]


class Pages(LimitOffsetPagination):
    """`limit` (1 to 200, default 50) and `offset` (0 or more); the reply holds `items` and
    `count`, the number of matching records. Every list orders by fixed fields ending with the
    id, so pages never overlap or skip a record while the data stays the same."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many records to return"
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many records to skip")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        if not isinstance(queryset, TwoStep):
            raise TypeError("A paged list returns TwoStep(keys=..., rows=...)")
        limit = min(pagination.limit, self.max_limit)
        return {
            self.items_attribute: queryset.page(pagination.offset, limit),
            "count": queryset.count(),
        }
