import pytest

from coproduce.api.models import ApiToken

pytestmark = pytest.mark.django_db


def _bearer(user):
    _, raw = ApiToken.issue(user, "test")
    return {"Authorization": f"Bearer {raw}"}


def test_the_openapi_document_describes_the_api(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Coproduce API"
    assert "/api/organisation" in document["paths"]


def test_the_docs_page_loads_its_scripts_from_our_own_static_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn.jsdelivr" not in body and "unpkg.com" not in body


def test_calls_without_credentials_get_problem_json(client):
    response = client.get("/api/organisation")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 401 and problem["title"] == "Not signed in"
    assert "Bearer" in problem["detail"]


def test_a_made_up_token_is_refused(client):
    response = client.get("/api/me", headers={"Authorization": "Bearer cpd_made-up"})
    assert response.status_code == 401


def test_the_organisation_is_the_callers_own(client, personas):
    response = client.get("/api/organisation", headers=_bearer(personas.olga))
    assert response.status_code == 200
    assert response.json()["name"] == "Elsewhere NHS Trust"
    assert response.json()["directorates"] == []
    response = client.get("/api/organisation", headers=_bearer(personas.sam))
    directorates = response.json()["directorates"]
    assert [d["name"] for d in directorates] == ["Adult Mental Health"]
    assert [s["name"] for s in directorates[0]["services"]] == ["Willow Ward"]


def test_an_unknown_address_is_problem_json(client, personas):
    response = client.get("/api/nothing-here", headers=_bearer(personas.sam))
    assert response.status_code == 404


def test_every_operation_documents_its_problem_replies(client):
    document = client.get("/api/openapi.json").json()
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len(operations) >= 19
    for operation in operations:
        for status in ("401", "403", "404", "422"):
            content = operation["responses"][status]["content"]
            assert list(content) == ["application/problem+json"], operation["operationId"]


def test_lists_are_paged_with_bounded_limits(client):
    document = client.get("/api/openapi.json").json()
    parameters = {p["name"]: p for p in document["paths"]["/api/projects"]["get"]["parameters"]}
    assert parameters["limit"]["schema"]["maximum"] == 200
    assert parameters["offset"]["schema"]["minimum"] == 0
