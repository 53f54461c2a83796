"""Each trust's own identity provider: set up by its administrators, chosen by the domain of the
address a person types or by the trust's own sign-in address, and vouching only for its own
staff."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from coproduce.accounts import sso
from coproduce.accounts.models import IdentityProvider
from coproduce.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SETTINGS_URL = reverse("accounts:sign-in-settings")


def _provider(organisation, domains="riverside.nhs.uk", source="RIVERSIDE_OIDC_SECRET", **kw):  # type: ignore[no-untyped-def]
    return IdentityProvider.objects.create(
        organisation=organisation,
        issuer=kw.pop("issuer", "https://login.example.org/riverside/v2.0"),
        client_id=kw.pop("client_id", "coproduce"),
        client_secret_source=source,
        email_domains=domains,
        button_label=kw.pop("button_label", "Sign in with your Riverside account"),
        **kw,
    )


@pytest.fixture
def secrets(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RIVERSIDE_OIDC_SECRET", "riverside-secret")
    monkeypatch.setenv("ELSEWHERE_OIDC_SECRET", "elsewhere-secret")


# -- Choosing the provider from the address -------------------------------------------------


def test_the_domain_of_the_address_chooses_the_trusts_provider(personas, secrets):
    riverside = _provider(personas.trust)
    elsewhere = _provider(
        personas.other_trust, domains="elsewhere.nhs.uk\nnhs.net", source="ELSEWHERE_OIDC_SECRET"
    )
    assert sso.providers_for_email("Sam@Riverside.NHS.uk") == [riverside]
    assert sso.providers_for_email("olga@elsewhere.nhs.uk") == [elsewhere]
    assert sso.providers_for_email("pat@example.org") == []
    # A domain's ending is not the domain: no provider for a look-alike.
    assert sso.providers_for_email("x@evil-riverside.nhs.uk") == []


def test_a_shared_domain_offers_each_trust_that_uses_it(personas, secrets):
    _provider(personas.trust, domains="nhs.net")
    _provider(personas.other_trust, domains="nhs.net", source="ELSEWHERE_OIDC_SECRET")
    found = sso.providers_for_email("someone@nhs.net")
    assert {p.organisation for p in found} == {personas.trust, personas.other_trust}


def test_a_provider_without_its_secret_or_switched_off_is_not_offered(personas, monkeypatch):
    _provider(personas.trust)
    assert sso.providers_for_email("sam@riverside.nhs.uk") == []
    monkeypatch.setenv("RIVERSIDE_OIDC_SECRET", "riverside-secret")
    assert len(sso.providers_for_email("sam@riverside.nhs.uk")) == 1
    IdentityProvider.objects.update(enabled=False)
    assert sso.providers_for_email("sam@riverside.nhs.uk") == []


def test_the_secret_may_be_kept_in_a_file(personas, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    provider = _provider(personas.trust, source=str(secret))
    assert provider.client_secret() == "from-a-file"
    app = sso.social_app(provider)
    assert app.secret == "from-a-file"
    assert app.provider_id == f"staff-{personas.trust.pk}"


def test_allauth_finds_each_trusts_app_by_its_id(personas, secrets, rf):
    from allauth.socialaccount.adapter import get_adapter

    riverside = _provider(personas.trust)
    _provider(personas.other_trust, domains="elsewhere.nhs.uk", source="ELSEWHERE_OIDC_SECRET")
    app = get_adapter().get_app(rf.get("/"), riverside.provider_id)
    assert app.client_id == "coproduce" and app.secret == "riverside-secret"
    assert app.settings["server_url"] == "https://login.example.org/riverside/v2.0"


def test_the_first_step_offers_the_trusts_button_for_its_domain(client, personas, secrets):
    _provider(personas.trust)
    page = client.get("/account/sign-in/").content.decode()
    assert "Continue" in page and "Password" not in page
    response = client.post(
        "/account/sign-in/", {"work_email": "1", "email": "sam@riverside.nhs.uk"}
    )
    page = response.content.decode()
    action = reverse("openid_connect_login", kwargs={"provider_id": f"staff-{personas.trust.pk}"})
    assert f'action="{action}"' in page
    assert "Sign in with your Riverside account" in page
    # The button's form goes on to the trust's provider, which the page's policy allows.
    assert "https://login.example.org" in response["Content-Security-Policy"]
    # The password form is there too, with the address filled in.
    assert 'value="sam@riverside.nhs.uk"' in page and "Password" in page


def test_other_addresses_get_the_password_form(client, personas, secrets):
    _provider(personas.trust)
    response = client.post("/account/sign-in/", {"work_email": "1", "email": "pat@example.org"})
    page = response.content.decode()
    assert "Sign in with your Riverside account" not in page
    assert 'value="pat@example.org"' in page and "Password" in page
    assert "login.example.org" not in response["Content-Security-Policy"]


def test_a_wrong_address_at_the_first_step_says_so(client, personas, secrets):
    _provider(personas.trust)
    page = client.post("/account/sign-in/", {"work_email": "1", "email": "sam"}).content.decode()
    assert "Enter an email address in the correct format" in page
    assert "<title>Error: " in page
    assert "Password" not in page


def test_the_trusts_own_sign_in_address_offers_its_button(client, personas, secrets):
    _provider(personas.trust)
    page = client.get("/account/sign-in/riverside-test-nhs-foundation-trust/").content.decode()
    assert "Sign in with your Riverside account" in page and "Password" in page
    other = client.get("/account/sign-in/elsewhere-nhs-trust/").content.decode()
    assert "Sign in with your Riverside account" not in other and "Password" in other
    assert client.get("/account/sign-in/no-such-trust/").status_code == 404


def test_without_trust_providers_the_page_is_as_before(client, personas):
    page = client.get("/account/sign-in/").content.decode()
    assert "Password" in page and "Continue" not in page


# -- A trust's provider vouches only for its own people -------------------------------------


def _decide(user_email, organisation, provider_id, linked=None):  # type: ignore[no-untyped-def]
    claims = {"sub": "subject-1", "email": user_email}
    return sso.decide(
        claims, linked_user=linked, organisation=organisation, provider_id=provider_id
    )


def test_a_trusts_provider_links_its_own_staff(personas):
    decision = _decide("sam@example.org", personas.trust, f"staff-{personas.trust.pk}")
    assert decision.outcome == "link" and decision.user == personas.sam


def test_a_person_of_another_trust_is_never_signed_in_through_a_trusts_provider(personas):
    elsewhere = f"staff-{personas.other_trust.pk}"
    decision = _decide("sam@example.org", personas.other_trust, elsewhere)
    assert decision.refused and decision.reason == "other_organisation"
    # Not even when the subject is already linked to them at that provider.
    linked = _decide("sam@example.org", personas.other_trust, elsewhere, linked=personas.sam)
    assert linked.refused and linked.reason == "other_organisation"


def test_an_account_of_no_trust_is_not_found_through_a_trusts_provider(personas):
    personas.sam.organisation = None
    personas.sam.save()
    decision = _decide("sam@example.org", personas.trust, f"staff-{personas.trust.pk}")
    assert decision.refused and decision.reason == "other_organisation"
    # The installation's own provider keeps its rule: such an account may be linked.
    assert _decide("sam@example.org", personas.trust, sso.PROVIDER_ID).outcome == "link"


def test_a_link_at_one_provider_does_not_block_another(personas):
    SocialAccount.objects.create(user=personas.sam, provider=sso.PROVIDER_ID, uid="old")
    decision = _decide("sam@example.org", personas.trust, f"staff-{personas.trust.pk}")
    assert decision.outcome == "link"
    SocialAccount.objects.create(user=personas.sam, provider=f"staff-{personas.trust.pk}", uid="x")
    decision = _decide("sam@example.org", personas.trust, f"staff-{personas.trust.pk}")
    assert decision.refused and decision.reason == "linked_to_another"


def test_the_provider_id_names_its_trust(personas, secrets):
    riverside = _provider(personas.trust)
    assert sso.organisation_of_provider(riverside.provider_id) == personas.trust
    assert sso.organisation_of_provider(f"staff-{personas.other_trust.pk}") is None
    assert sso.organisation_of_provider("staff-x") is None


# -- The administrator sets it up ------------------------------------------------------------


def _form(**changes):  # type: ignore[no-untyped-def]
    data = {
        "provider-issuer": "https://login.microsoftonline.com/tenant/v2.0/",
        "provider-client_id": "coproduce",
        "provider-client_secret_source": "RIVERSIDE_OIDC_SECRET",
        "provider-button_label": "Sign in with your Riverside account",
        "provider-scopes": "openid profile email",
        "provider-email_domains": "Riverside.nhs.uk\n@riverside.nhs.uk\n",
        "provider-enabled": "on",
    }
    data.update(changes)
    return data


def test_an_administrator_sets_up_the_trusts_provider(client, personas):
    client.force_login(personas.alice)
    page = client.get(SETTINGS_URL).content.decode()
    assert f"/account/sign-in/provider/staff-{personas.trust.pk}/callback/" in page
    response = client.post(SETTINGS_URL, _form())
    assert response.status_code == 302
    saved = IdentityProvider.objects.get(organisation=personas.trust)
    assert saved.issuer == "https://login.microsoftonline.com/tenant/v2.0"
    assert saved.domain_list() == ["riverside.nhs.uk"]
    event = AuditEvent.objects.get(action="account.identity_provider_changed")
    assert event.organisation == personas.trust
    assert event.changes["client_secret_source"] == [None, "RIVERSIDE_OIDC_SECRET"]
    client.post(SETTINGS_URL, _form(**{"provider-client_id": "new-id"}))
    latest = AuditEvent.objects.filter(action="account.identity_provider_changed").latest("pk")
    assert latest.changes == {"client_id": ["coproduce", "new-id"]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("provider-issuer", "http://login.example.org", "must start with https://"),
        ("provider-issuer", "not a url", "correct format"),
        ("provider-client_secret_source", "a-real-secret-value!", "environment variable"),
        ("provider-client_secret_source", "lower_case", "environment variable"),
        ("provider-client_secret_source", "/etc/../secret", "full path"),
        ("provider-scopes", "profile email", "must include openid"),
        ("provider-email_domains", "riverside", "is not an email domain"),
        ("provider-client_id", "", "Enter the client ID"),
    ],
)
def test_wrong_provider_settings_are_refused(client, personas, field, value, message):
    client.force_login(personas.alice)
    response = client.post(SETTINGS_URL, _form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert not IdentityProvider.objects.exists()
    assert not AuditEvent.objects.filter(action="account.identity_provider_changed").exists()


def test_a_local_provider_may_use_http_for_testing(client, personas):
    client.force_login(personas.alice)
    client.post(SETTINGS_URL, _form(**{"provider-issuer": "http://127.0.0.1:8800"}))
    assert IdentityProvider.objects.get().issuer == "http://127.0.0.1:8800"


def test_each_administrator_sets_up_only_their_own_trusts(client, personas):
    client.force_login(personas.olga)
    client.post(SETTINGS_URL, _form())
    assert IdentityProvider.objects.get().organisation == personas.other_trust


@pytest.mark.parametrize("name", ["cora", "sam", "fin", "pat"])
def test_only_administrators_set_it_up(client, personas, name):
    client.force_login(getattr(personas, name))
    assert client.post(SETTINGS_URL, _form()).status_code == 403
    assert not IdentityProvider.objects.exists()
