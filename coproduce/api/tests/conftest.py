"""Calling the API as one of the personas, with a real personal token."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.api.models import ApiToken


class Caller:
    """`api.get(user, "/api/projects", status=...)`, `api.post(...)`, `api.patch(...)`: one
    token per person, issued once."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.tokens: dict[int, str] = {}

    def headers(self, user: Any) -> dict[str, str]:
        if user.pk not in self.tokens:
            self.tokens[user.pk] = ApiToken.issue(user, "tests")[1]
        return {"Authorization": f"Bearer {self.tokens[user.pk]}"}

    def get(self, user: Any, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers(user))

    def post(self, user: Any, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            path, body, content_type="application/json", headers=self.headers(user)
        )

    def patch(self, user: Any, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(
            path, body, content_type="application/json", headers=self.headers(user)
        )

    def queries(self, user: Any, path: str, **params: Any) -> int:
        """How many queries one call makes, after a first call that notes the token's use."""
        headers = self.headers(user)
        self.client.get(path, params, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(path, params, headers=headers)
        assert response.status_code == 200, response.content
        return len(captured)


@pytest.fixture
def api(client) -> Caller:  # type: ignore[no-untyped-def]
    return Caller(client)
