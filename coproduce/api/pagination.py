"""Limit/offset pagination with bounds, so no caller can ask for a million rows at once."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000


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
