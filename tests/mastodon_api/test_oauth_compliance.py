"""RFC 9700 hardening that keeps the Mastodon apps people use working: redirect targets,
PKCE for public clients only, `iss` on the way back, tokens stored as checksums."""

import base64
import hashlib
import importlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.test import Client
from oauth2_provider.models import AccessToken, Application, Grant, RefreshToken

from parley.mastodon_api.actions import create_token

CSP = "Content-Security-Policy"


def register(redirect: str) -> dict[str, str]:
    response = Client().post("/api/v1/apps", {"client_name": "Some app", "redirect_uris": redirect, "scopes": "read"})
    assert response.status_code == 200, response.content
    return response.json()


def consent(browser: Client, client_id: str, redirect: str, **extra: str) -> tuple[str, str]:
    """Open the consent page and allow; returns the page's CSP and where the answer leads."""
    query = {"client_id": client_id, "redirect_uri": redirect, "response_type": "code", "scope": "read", **extra}
    page = browser.get("/oauth/authorize", query)
    assert page.status_code == 200, page.content
    answer = browser.post("/oauth/authorize", {**query, "allow": "Authorize"})
    assert answer.status_code == 302, answer.content
    return page[CSP], answer["Location"]


def form_action(policy: str) -> list[str]:
    directive = next(part.strip() for part in policy.split(";") if part.strip().startswith("form-action"))
    return directive.split()[1:]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "redirect",
    [
        "javascript:alert(document.cookie)",
        "JavaScript://%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        "http://app.example/callback",
        "https://app.example/ok\njavascript:alert(1)",
    ],
)
def test_registration_refuses_redirects_that_run_code_or_leave_in_clear(redirect: str) -> None:
    response = Client().post("/api/v1/apps", {"client_name": "Bad app", "redirect_uris": redirect})
    assert response.status_code == 422
    assert "Redirect URI" in response.json()["error"]
    assert Application.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "redirect",
    [
        "https://app.example/callback",
        "tusky://oauth",
        "myapp://callback",
        "http://127.0.0.1/callback",
        "http://localhost:8080/cb",
        "urn:ietf:wg:oauth:2.0:oob",
    ],
)
def test_registration_accepts_what_mastodon_apps_use(redirect: str) -> None:
    assert register(redirect)["redirect_uri"] == redirect


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("registered", "requested", "source"),
    [
        ("tusky://oauth", "tusky://oauth", "tusky:"),
        ("https://app.example/callback", "https://app.example/callback", "https://app.example"),
        # RFC 8252: a loopback redirect may use any port the desktop app opened.
        ("http://127.0.0.1/callback", "http://127.0.0.1:53117/callback", "http://127.0.0.1:53117"),
    ],
)
def test_confidential_app_without_pkce_signs_in_and_gets_iss(
    make_member, registered: str, requested: str, source: str
) -> None:
    app = register(registered)
    browser = Client()
    browser.force_login(make_member("alice"))
    policy, location = consent(browser, app["client_id"], requested)
    # The consent form may lead only here and back to the app (browsers check the redirect).
    assert form_action(policy) == ["'self'", source]
    assert location.startswith(requested + "?")
    answer = parse_qs(urlsplit(location).query)
    assert answer["iss"] == [Client().get("/.well-known/oauth-authorization-server").json()["issuer"]]
    token = Client().post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": answer["code"][0],
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "redirect_uri": requested,
        },
    )
    assert token.status_code == 200, token.content
    value = token.json()["access_token"]
    me = Client().get("/api/v1/accounts/verify_credentials", headers={"Authorization": f"Bearer {value}"})
    assert me.status_code == 200
    # Stored as a checksum only (RFC 9700 §4): the database holds nothing a thief could replay.
    assert AccessToken.objects.get().token == ""
    assert all(row.token == "" for row in RefreshToken.objects.all())


@pytest.mark.django_db
def test_public_clients_must_use_pkce_with_s256(make_member) -> None:
    public = Application.objects.create(
        name="Public app",
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="https://app.example/callback",
        algorithm=Application.NO_ALGORITHM,
    )
    browser = Client()
    browser.force_login(make_member("bob"))
    query = {
        "client_id": public.client_id,
        "redirect_uri": "https://app.example/callback",
        "response_type": "code",
        "scope": "read",
    }
    without = browser.get("/oauth/authorize", query)
    assert without.status_code == 302
    assert parse_qs(urlsplit(without["Location"]).query)["error"] == ["invalid_request"]
    plain = {**query, "code_challenge": "x" * 43, "code_challenge_method": "plain"}
    refused = browser.post("/oauth/authorize", {**plain, "allow": "Authorize"})
    assert "code=" not in refused.get("Location", "")
    assert not Grant.objects.exists()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(b"v" * 64).digest()).rstrip(b"=").decode()
    _policy, location = consent(
        browser,
        public.client_id,
        "https://app.example/callback",
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    assert "code" in parse_qs(urlsplit(location).query)


@pytest.mark.django_db
def test_a_redirect_registered_before_the_rules_is_not_followed(make_member) -> None:
    """An app registered with a plain-http redirect before this rule existed gets no code."""
    app = register("https://app.example/callback")
    Application.objects.filter(client_id=app["client_id"]).update(redirect_uris="http://app.example/callback")
    browser = Client()
    browser.force_login(make_member("carol"))
    query = {
        "client_id": app["client_id"],
        "redirect_uri": "http://app.example/callback",
        "response_type": "code",
        "scope": "read",
    }
    assert browser.get("/oauth/authorize", query).status_code == 200
    answer = browser.post("/oauth/authorize", {**query, "allow": "Authorize"})
    assert answer.status_code == 400
    assert "code=" not in answer.get("Location", "")


@pytest.mark.django_db
def test_tokens_issued_before_hashed_storage_keep_working_once_erased(make_member) -> None:
    member = make_member("dana")
    value = create_token(username="dana", scopes=["read"])
    assert AccessToken.objects.get(user=member).token == ""  # the command stores a checksum too
    # A token as stored before hashing: plaintext in the row, the checksum beside it.
    legacy = "legacy-token-issued-last-year"
    issued = AccessToken.objects.get()
    AccessToken.objects.create(
        user=member, application=issued.application, token=legacy, scope="read", expires=issued.expires
    )
    assert AccessToken.objects.filter(token=legacy).exists()

    migration = importlib.import_module("parley.mastodon_api.migrations.0002_erase_plaintext_tokens")
    migration.erase_plaintext(apps, None)

    assert not AccessToken.objects.exclude(token="").exists()
    for token in (legacy, value):
        me = Client().get("/api/v1/accounts/verify_credentials", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, token
        assert me.json()["username"] == "dana"


@pytest.mark.django_db
def test_metadata_says_iss_is_sent() -> None:
    metadata = Client().get("/.well-known/oauth-authorization-server").json()
    assert metadata["authorization_response_iss_parameter_supported"] is True
    assert metadata["code_challenge_methods_supported"] == ["S256"]
