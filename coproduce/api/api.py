"""The REST API at /api/, with its OpenAPI document at /api/openapi.json and docs at /api/docs.

Every endpoint asks the same rules as the pages (coproduce/accounts/rules.py), so a token sees
exactly what its owner could see. Each part of the product adds its own router here.
"""

from typing import Any

from ninja import NinjaAPI

from coproduce.api import problems
from coproduce.api.auth import AUTH
from coproduce.api.docs import CoproduceSwagger
from coproduce.api.routers import (
    measures,
    opportunities,
    organisations,
    payments,
    pool,
    projects,
    training,
)


class CoproduceAPI(NinjaAPI):
    """Documents error replies as problem JSON, the content type they are really sent with."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                for status, reply in operation.get("responses", {}).items():
                    content = reply.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return document


api = CoproduceAPI(
    title="Coproduce API",
    version="1",
    description=(
        "Projects, involvement, the monthly measure, the pool, claims and training for NHS "
        "trusts. Authenticate with a personal API token: `Authorization: Bearer <token>` "
        "(create one under Your account, API tokens). Errors are problem JSON (RFC 9457)."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    docs=CoproduceSwagger(),
)
problems.install(api)

api.add_router("/", organisations.router)
api.add_router("/", projects.router)
api.add_router("/", measures.router)
api.add_router("/", opportunities.router)
api.add_router("/", pool.router)
api.add_router("/", payments.router)
api.add_router("/", training.router)
