"""The REST API at /api/, with its OpenAPI document at /api/openapi.json and docs at /api/docs.

Every endpoint asks the same rules as the pages (coproduce/accounts/rules.py), so a token sees
exactly what its owner could see. Each part of the product adds its own router here.
"""

from ninja import NinjaAPI

from coproduce.api import problems
from coproduce.api.auth import AUTH
from coproduce.api.routers import organisations

api = NinjaAPI(
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
)
problems.install(api)

api.add_router("/", organisations.router)
