"""OAuth token and revocation with JSON bodies, as Elk and masto.js send them."""

import base64
import hashlib
import json

import pytest
from django.test import Client
from oauth2_provider.models import AccessToken

from tests.mastodon_api.test_oauth import REDIRECT, authorize, register


def post_json(client: Client, path: str, body: object) -> object:
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_authorization_code_flow_with_json_bodies_gives_then_revokes_a_token(make_member) -> None:
    make_member("alice")
    member = make_member("bob")
    app = register(Client())
    browser = Client()
    browser.force_login(member)
    verifier = "v" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    code = authorize(browser, app, "read write", code_challenge=challenge, code_challenge_method="S256")

    client = Client()
    token = post_json(
        client,
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
            "scope": "read write",
        },
    )
    assert token.status_code == 200, token.content
    body = token.json()
    assert body["scope"] == "read write"
    assert isinstance(body["created_at"], int)
    auth = {"Authorization": f"Bearer {body['access_token']}"}
    me = client.get("/api/v1/accounts/verify_credentials", headers=auth)
    assert me.status_code == 200
    assert me.json()["username"] == "bob"

    revoked = post_json(
        client,
        "/oauth/revoke",
        {"token": body["access_token"], "client_id": app["client_id"], "client_secret": app["client_secret"]},
    )
    assert revoked.status_code == 200, revoked.content
    assert revoked.json() == {}
    assert client.get("/api/v1/accounts/verify_credentials", headers=auth).status_code == 401
    assert not AccessToken.objects.filter(user=member).exists()


@pytest.mark.django_db
def test_client_credentials_with_a_json_body() -> None:
    app = register(Client())
    token = post_json(
        Client(),
        "/oauth/token",
        {"grant_type": "client_credentials", "client_id": app["client_id"], "client_secret": app["client_secret"]},
    )
    assert token.status_code == 200, token.content
    assert token.json()["token_type"] == "Bearer"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/revoke"])
@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[1, 2]", b'"grant"', b'{"grant_type": {"nested": 1}}', b"[" * 100_000, b"\xff\xfe"],
)
def test_a_body_that_is_not_a_json_object_of_fields_is_an_invalid_request(path: str, raw: bytes) -> None:
    app = register(Client())
    response = Client().post(path, raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert response.json()["error_description"]
    assert AccessToken.objects.filter(application__client_id=app["client_id"]).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["a\u0000b", "\ud800"])
def test_unstorable_text_in_a_json_body_is_refused(text: str) -> None:
    app = register(Client())
    raw = json.dumps(
        {
            "grant_type": "client_credentials",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "scope": text,
        }
    )
    response = Client().post("/oauth/token", raw, content_type="application/json")
    assert response.status_code == 422
    assert "cannot be stored" in response.json()["error"]
    assert not AccessToken.objects.exists()
