import pytest

from coproduce.api.models import ApiToken, hash_token
from coproduce.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _create(client, name="Reports"):
    response = client.post("/account/api-tokens/", {"name": name})
    body = response.content.decode()
    raw = body.split('<code class="app-token">')[1].split("</code>")[0]
    return raw, body


def test_a_token_is_shown_once_and_stored_only_as_a_hash(client, personas):
    client.force_login(personas.leo)
    raw, body = _create(client)
    assert raw.startswith("cpd_") and len(raw) > 40
    token = ApiToken.objects.get(user=personas.leo)
    assert token.token_hash == hash_token(raw)
    assert raw not in str(ApiToken.objects.values_list()[0])
    assert raw not in client.get("/account/api-tokens/").content.decode()
    assert AuditEvent.objects.filter(action="api.token_created").count() == 1


def test_a_token_speaks_for_its_owner(client, personas):
    client.force_login(personas.leo)
    raw, _ = _create(client)
    client.logout()
    response = client.get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["email"] == "leo@example.org"
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_no_longer_works(client, personas):
    client.force_login(personas.leo)
    raw, _ = _create(client)
    token = ApiToken.objects.get()
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    client.logout()
    response = client.get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert AuditEvent.objects.filter(action="api.token_revoked").count() == 1


def test_nobody_revokes_another_persons_token(client, personas):
    token, _ = ApiToken.issue(personas.leo, "Leo's")
    client.force_login(personas.alice)
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_token_of_a_switched_off_account_is_refused(client, personas):
    _, raw = ApiToken.issue(personas.leo, "Leo's")
    personas.leo.is_active = False
    personas.leo.save()
    response = client.get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_token_needs_a_name(client, personas):
    client.force_login(personas.leo)
    body = client.post("/account/api-tokens/", {"name": ""}).content.decode()
    assert "Enter what the token is for" in body
    assert not ApiToken.objects.exists()


def test_signed_out_visitors_cannot_manage_tokens(client, db):
    assert client.get("/account/api-tokens/").status_code == 302
