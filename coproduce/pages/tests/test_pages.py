import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Putting patients and carers at the heart of quality improvement"),
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/contact/", "Contact the involvement team"),
    ],
)
def test_public_pages_are_open_to_everyone(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_the_footer_links_to_the_accessibility_statement_and_privacy_notice(client):
    page = client.get("/").content.decode()
    assert 'href="/accessibility/"' in page and 'href="/privacy/"' in page


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"


def test_the_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_the_health_check_reports_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_health_check_reports_503_with_a_session_cookie_when_the_database_is_down(
    personas, monkeypatch, signed_in
):
    """The session and sign-in middleware read the database for a visitor with a session
    cookie; the health check must answer 503 before any of them runs."""
    from django.db import connection
    from django.test import Client

    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(personas.alice)
    else:
        client.cookies["sessionid"] = "a-session-the-database-would-be-asked-about"

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    monkeypatch.setattr(connection, "ensure_connection", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
    assert len(response.content) < 100
    assert response["Cache-Control"].startswith("max-age=0")
    assert "Set-Cookie" not in response or "sessionid" not in response.cookies


def test_an_unknown_page_shows_a_friendly_not_found_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_the_server_error_page_needs_no_database_or_user(rf):
    from coproduce.pages.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_the_home_page_offers_each_role_only_what_it_may_use(client, personas):
    client.force_login(personas.alice)
    admin_home = client.get("/").content.decode()
    assert "Users and roles" in admin_home and "Audit log" in admin_home
    client.force_login(personas.pat)
    patient_home = client.get("/").content.decode()
    assert "Users and roles" not in patient_home and "Audit log" not in patient_home
    assert "Your account" in patient_home


def test_the_header_menu_depends_on_the_role(client, personas):
    client.force_login(personas.alice)
    assert 'href="/audit/"' in client.get("/account/").content.decode()
    client.force_login(personas.fin)
    assert 'href="/audit/"' not in client.get("/account/").content.decode()
