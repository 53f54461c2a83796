"""A refused request is logged on one line, without a traceback; a fault keeps its traceback."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path, re_path, reverse

pytestmark = pytest.mark.django_db


def _refuse(request):
    raise PermissionDenied("projects.delete_everything")


def _fail(request):
    raise RuntimeError("something really broke")


urlpatterns = [re_path(r"^refuse/", _refuse), path("fail/", _fail)]


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_refused_page_is_one_line_with_method_path_user_and_reason(client, personas, caplog):
    client.force_login(personas.pat)
    caplog.set_level(logging.INFO, logger="django.request")
    claims = reverse("payments:claim-list")
    assert client.get(claims).status_code == 403
    (record,) = _request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage() == (
        f"Refused GET {claims} for user {personas.pat.pk}: payments.view_claim_list"
    )
    assert "Traceback" not in caplog.text
    assert "\n" not in caplog.text.strip()


def test_a_refused_api_call_says_why_too(client, personas, caplog):
    client.force_login(personas.pat)
    caplog.set_level(logging.INFO, logger="django.request")
    assert client.get("/api/projects").status_code == 403
    (record,) = _request_records(caplog)
    assert record.getMessage() == (
        f"Refused GET /api/projects for user {personas.pat.pk}: projects.view_project_list"
    )


@pytest.mark.urls(__name__)
def test_a_path_cannot_forge_a_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="django.request")
    assert client.get("/refuse/%0A2026-12-03 ERROR forged").status_code == 403
    (record,) = _request_records(caplog)
    assert record.getMessage() == (
        "Refused GET /refuse/\\n2026-12-03 ERROR forged for user anonymous: "
        "projects.delete_everything"
    )
    assert record.exc_info is None


@pytest.mark.urls(__name__)
def test_a_real_fault_keeps_its_traceback(caplog):
    caplog.set_level(logging.INFO, logger="django.request")
    response = Client(raise_request_exception=False).get("/fail/")
    assert response.status_code == 500
    (record,) = _request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert "RuntimeError: something really broke" in caplog.text
    assert "Traceback" in caplog.text


@pytest.mark.urls(__name__)
def test_logging_configured_twice_still_says_why(client, caplog):
    """logging.config adds filters without removing the old ones, so django.setup() run again
    in a process leaves two on the logger: the line is still written once, with its reason."""
    from coproduce.lib.request_log import RefusalsOnOneLine

    request_logger = logging.getLogger("django.request")
    second = RefusalsOnOneLine()
    request_logger.addFilter(second)
    try:
        caplog.set_level(logging.INFO, logger="django.request")
        assert client.get("/refuse/%0Aforged").status_code == 403
        (record,) = _request_records(caplog)
        assert record.getMessage() == (
            "Refused GET /refuse/\\nforged for user anonymous: projects.delete_everything"
        )
    finally:
        request_logger.removeFilter(second)
