"""Shapes shared by several routers."""

from ninja import Schema


class Reference(Schema):
    id: int
    name: str
