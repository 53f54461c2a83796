"""Splitting work into batches (no Django): bounded `IN` lists and bulk writes."""

from collections.abc import Iterable, Iterator
from typing import Any


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """`items` in lists of at most `size`, in order; any iterable, read once."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
