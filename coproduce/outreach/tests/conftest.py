from collections.abc import Iterator

import pytest

from coproduce.matching.tests.conftest import opportunity, project  # noqa: F401
from coproduce.outreach.tests import notify_server


@pytest.fixture
def notify(settings) -> Iterator[notify_server.FakeNotify]:  # type: ignore[no-untyped-def]
    state, server = notify_server.start()
    settings.MESSAGES_BACKEND = "notify"
    settings.NOTIFY_API_KEY = notify_server.API_KEY
    settings.NOTIFY_BASE_URL = state.url
    settings.NOTIFY_TEMPLATE_IDS = {
        "email": "f33517ff-2a88-4f6e-b855-c550268ce08a",
        "sms": "9a0e5b5d-8d3e-4a1c-9a5f-2f4c1a3a2b11",
        "letter": "c0e3b8f6-2a3b-4f1e-8c6d-1e2f3a4b5c6d",
    }
    yield state
    server.shutdown()
    server.server_close()
