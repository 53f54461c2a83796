"""Property-based run of schemathesis against the OpenAPI document, bounded to fit CI.

Every operation is called with generated input, as a signed-in coordinator with a real token over
demo data; no call may fail with a server error or return a response that breaks the schema.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from coproduce.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_headers(db):
    from django.core.management import call_command

    from coproduce.accounts.models import User
    from coproduce.api.models import ApiToken

    call_command("demo", "--quiet")
    _, raw = ApiToken.issue(User.objects.get(email="coordinator@example.org"), "fuzz")
    # Calls go straight into the WSGI app, which closes the database connection after each
    # request; the test's own transaction must survive that, as it does with Django's test client.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {raw}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema_and_never_fails(case, token_headers):
    case.call_and_validate(headers=token_headers)
