"""Property-based run of schemathesis against the OpenAPI document, bounded to fit CI.

Every operation is called with generated input over demo data, with a real token: as the
coordinator (who may call almost everything) and as a patient in the pool (who is refused
almost everything), and the changes only administrators may make as the administrator too. No
call may fail with a server error or return a response that breaks the schema; a refusal must
itself be a documented problem reply, not a crash.

The demo is loaded once for the module inside a transaction that is rolled back at the end,
so the run costs one demo load, not one per operation.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from coproduce.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

pytestmark = pytest.mark.django_db

# Examples per operation and caller: enough to try every filter and a few bad values while the
# whole module stays under a minute on two cores. The examples are derived from the schema, not
# drawn at random, so a run in CI is repeatable; no shrinking, since a failure is shown as is.
EXAMPLES = {"coordinator@example.org": 10, "patient@example.org": 4, "admin@example.org": 10}
# Changes only a trust's administrators may make (the team contact): the coordinator and the
# patient are refused them, so they are also called as the demo administrator, whose requests
# go through the page's form and service.
ADMINISTRATORS_WRITES = schema.include(method="PATCH")


@pytest.fixture(scope="module")
def demo_tokens(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    from coproduce.accounts.models import User
    from coproduce.api.models import ApiToken

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--quiet")
        tokens = {
            email: ApiToken.issue(User.objects.get(email=email), "fuzz")[1] for email in EXAMPLES
        }
        # Calls go straight into the WSGI app, which closes the database connection after each
        # request; the module's transaction must survive that, as with Django's test client.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            yield tokens
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
            transaction.set_rollback(True)


def _check(case, demo_tokens, email: str) -> None:  # type: ignore[no-untyped-def]
    # A request the schema allows may still break a rule the schema cannot state (a ledger
    # entry dated before its project began, a date range back to front): that is a 422 problem
    # with field messages, checked by the routers' own tests, not a failure here.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {demo_tokens[email]}"},
        excluded_checks=[positive_data_acceptance],
    )


@schema.parametrize()
@settings(
    max_examples=EXAMPLES["coordinator@example.org"],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
)
def test_the_api_keeps_to_its_schema_for_the_coordinator(case, demo_tokens):
    _check(case, demo_tokens, "coordinator@example.org")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES["patient@example.org"],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
)
def test_the_api_refuses_a_pool_member_without_failing(case, demo_tokens):
    _check(case, demo_tokens, "patient@example.org")


@ADMINISTRATORS_WRITES.parametrize()
@settings(
    max_examples=EXAMPLES["admin@example.org"],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
)
def test_the_administrators_changes_keep_to_the_schema(case, demo_tokens):
    _check(case, demo_tokens, "admin@example.org")
