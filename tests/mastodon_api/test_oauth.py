"""OAuth: app registration, the authorization-code flow with consent, tokens, scopes, revocation."""

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from oauth2_provider.models import AccessToken

from tests.mastodon_api.openapi import validate_response

REDIRECT = "https://app.example/callback"


def register(client: Client, scopes: str = "read write follow") -> dict[str, str]:
    response = client.post(
        "/api/v1/apps",
        {
            "client_name": "Test app",
            "redirect_uris": REDIRECT,
            "scopes": scopes,
            "website": "https://app.example",
        },
    )
    assert response.status_code == 200, response.content
    validate_response("POST", "/api/v1/apps", 200, response.json())
    return response.json()


def authorize(client: Client, app: dict[str, str], scope: str, **extra: str) -> str:
    query = {
        "client_id": app["client_id"],
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": scope,
        **extra,
    }
    page = client.get("/oauth/authorize", query)
    assert page.status_code == 200
    assert b"Test app" in page.content
    form = {field: value for field, value in query.items()}
    form["allow"] = "Authorize"
    answer = client.post("/oauth/authorize", form)
    assert answer.status_code == 302, answer.content
    return parse_qs(urlsplit(answer["Location"]).query)["code"][0]


@pytest.mark.django_db
def test_app_registration_rejects_bad_input_and_stores_nothing() -> None:
    client = Client()
    for data in (
        {"redirect_uris": REDIRECT},
        {"client_name": "x", "redirect_uris": "not a uri"},
        {"client_name": "x", "redirect_uris": REDIRECT, "scopes": "read admin:everything"},
    ):
        response = client.post("/api/v1/apps", data)
        assert response.status_code == 422
        assert "error" in response.json()
    from oauth2_provider.models import Application

    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_authorization_code_flow_with_pkce_gives_a_working_token(make_member) -> None:
    member = make_member("alice")
    app = register(Client())
    browser = Client()
    browser.force_login(member)
    verifier = "v" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    code = authorize(browser, app, "read write", code_challenge=challenge, code_challenge_method="S256")

    client = Client()
    bad = client.post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "redirect_uri": REDIRECT,
            "code_verifier": "wrong" * 10,
        },
    )
    assert bad.status_code == 400
    assert bad.json()["error"] == "invalid_grant"

    code = authorize(browser, app, "read write", code_challenge=challenge, code_challenge_method="S256")
    token = client.post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
    )
    assert token.status_code == 200, token.content
    body = token.json()
    validate_response("POST", "/oauth/token", 200, body)
    assert body["scope"] == "read write"

    me = client.get(
        "/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {body['access_token']}"},
    )
    assert me.status_code == 200
    assert me.json()["username"] == "alice"

    refreshed = client.post(
        "/oauth/token",
        {
            "grant_type": "refresh_token",
            "refresh_token": body["refresh_token"],
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    )
    assert refreshed.status_code == 200
    new_token = refreshed.json()["access_token"]

    revoked = client.post(
        "/oauth/revoke",
        {"token": new_token, "client_id": app["client_id"], "client_secret": app["client_secret"]},
    )
    assert revoked.status_code == 200
    assert revoked.json() == {}
    after = client.get("/api/v1/accounts/verify_credentials", headers={"Authorization": f"Bearer {new_token}"})
    assert after.status_code == 401
    assert after.json() == {"error": "The access token is invalid"}


@pytest.mark.django_db
def test_app_cannot_get_scopes_it_did_not_register(make_member) -> None:
    member = make_member("bob")
    app = register(Client(), scopes="read")
    browser = Client()
    browser.force_login(member)
    page = browser.get(
        "/oauth/authorize",
        {
            "client_id": app["client_id"],
            "redirect_uri": REDIRECT,
            "response_type": "code",
            "scope": "read write",
        },
    )
    assert page.status_code in (302, 400)
    assert AccessToken.objects.count() == 0


@pytest.mark.django_db
def test_client_credentials_token_is_an_app_token() -> None:
    app = register(Client(), scopes="read write")
    client = Client()
    token = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "scope": "read",
        },
    )
    assert token.status_code == 200, token.content
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    verified = client.get("/api/v1/apps/verify_credentials", headers=headers)
    assert verified.status_code == 200
    assert verified.json()["name"] == "Test app"
    assert "client_secret" not in verified.json()
    # An app token has no member behind it.
    me = client.get("/api/v1/accounts/verify_credentials", headers=headers)
    assert me.status_code == 422
    assert me.json()["error"] == "This method requires an authenticated user"


@pytest.mark.django_db
def test_password_grant_only_when_the_operator_enables_it(make_member, settings) -> None:
    make_member("carol")
    app = register(Client())
    data = {
        "grant_type": "password",
        "username": "carol",
        "password": "correct-horse-battery",
        "client_id": app["client_id"],
        "client_secret": app["client_secret"],
        "scope": "read",
    }
    settings.PARLEY_OAUTH_PASSWORD_GRANT = False
    assert Client().post("/oauth/token", data).status_code in (400, 401)
    assert "password" not in Client().get("/.well-known/oauth-authorization-server").json()["grant_types_supported"]
    settings.PARLEY_OAUTH_PASSWORD_GRANT = True
    assert "password" in Client().get("/.well-known/oauth-authorization-server").json()["grant_types_supported"]
    response = Client().post("/oauth/token", data)
    assert response.status_code == 200, response.content
    wrong = Client().post("/oauth/token", {**data, "password": "nope"})
    assert wrong.status_code == 400


@pytest.mark.django_db
def test_scopes_are_enforced_per_endpoint(make_member, api_for) -> None:
    member = make_member("dana")
    reader = api_for(member, "read")
    refused = reader.post("/api/v1/statuses", {"status": "hello"})
    assert refused.status_code == 403
    assert refused.json() == {"error": "This action is outside the authorized scopes"}
    granular = api_for(member, "write:statuses")
    assert granular.post("/api/v1/statuses", {"status": "hello"}).status_code == 200
    assert granular.get("/api/v1/timelines/home").status_code == 403
    follow_scope = api_for(member, "follow")
    assert follow_scope.get("/api/v1/blocks").status_code == 200
    assert api_for(None).get("/api/v1/timelines/home").status_code == 401


@pytest.mark.django_db
def test_out_of_band_apps_get_the_code_shown(make_member) -> None:
    member = make_member("erin")
    response = Client().post(
        "/api/v1/apps",
        {"client_name": "Desktop", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob", "scopes": "read"},
    )
    app = response.json()
    browser = Client()
    browser.force_login(member)
    query = {
        "client_id": app["client_id"],
        "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
        "response_type": "code",
        "scope": "read",
    }
    assert browser.get("/oauth/authorize", query).status_code == 200
    shown = browser.post("/oauth/authorize", {**query, "allow": "Authorize"})
    assert shown.status_code == 200
    assert b"Copy this code" in shown.content


@pytest.mark.django_db
def test_suspended_members_tokens_stop_working(make_member, api_for) -> None:
    from parley.accounts.actions import suspend_member

    member = make_member("frank")
    client = api_for(member)
    assert client.get("/api/v1/accounts/verify_credentials").status_code == 200
    suspend_member(user=member, actor=None, reason="test")
    assert client.get("/api/v1/accounts/verify_credentials").status_code == 401


def test_token_command_prints_a_working_token(make_member) -> None:
    from io import StringIO

    from django.core.management import call_command

    make_member("gina")
    out = StringIO()
    call_command("token", "create", "--username", "gina", "--scopes", "read write follow", stdout=out)
    token = out.getvalue().strip()
    response = Client().get("/api/v1/accounts/verify_credentials", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["username"] == "gina"


@pytest.mark.django_db
def test_password_grant_shares_the_failed_sign_in_limit(make_member, settings) -> None:
    settings.PARLEY_OAUTH_PASSWORD_GRANT = True
    settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT = 2
    make_member("gina")
    app = register(Client())
    data = {
        "grant_type": "password",
        "username": "gina",
        "password": "nope",
        "client_id": app["client_id"],
        "client_secret": app["client_secret"],
        "scope": "read",
    }
    for _ in range(2):
        assert Client().post("/oauth/token", data).status_code == 400
    # The right password no longer helps until the window ends, on the API as on the web.
    right = Client().post("/oauth/token", {**data, "password": "correct-horse-battery"})
    assert right.status_code == 400
    assert Client().post("/login", {"username": "gina", "password": "correct-horse-battery"}).status_code == 429
