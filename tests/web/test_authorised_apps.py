"""Settings, Authorised apps: the apps a member let in through OAuth, with their revocation."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application, RefreshToken

from tests.mastodon_api.test_oauth import REDIRECT, authorize, register


def authorised_token(member: object) -> tuple[dict[str, str], str]:
    """An app registered and authorised by `member` through the real flow, and its token."""
    app = register(Client(), scopes="read write")
    browser = Client()
    browser.force_login(member)
    code = authorize(browser, app, "read write")
    answer = Client().post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "redirect_uri": REDIRECT,
        },
    )
    assert answer.status_code == 200, answer.content
    return app, answer.json()["access_token"]


def api_status(token: str) -> int:
    return Client().get("/api/v1/accounts/verify_credentials", headers={"Authorization": f"Bearer {token}"}).status_code


@pytest.mark.django_db
def test_the_page_lists_an_app_and_revoking_it_ends_its_token(make_member) -> None:
    member = make_member("alice")
    app, token = authorised_token(member)
    browser = Client()
    browser.force_login(member)

    page = browser.get("/settings/apps")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Test app" in text
    assert 'href="https://app.example"' in text
    assert "<code>read</code>" in text and "<code>write</code>" in text
    assert 'href="/settings/apps"' in browser.get("/settings/sessions").content.decode()

    application = Application.objects.get(client_id=app["client_id"])
    assert api_status(token) == 200
    refused = browser.get("/settings/apps/revoke")
    assert refused.status_code == 405
    answer = browser.post("/settings/apps/revoke", {"app": application.pk})
    assert answer.status_code == 302
    assert api_status(token) == 401
    assert not AccessToken.objects.filter(user=member).exists()
    assert not RefreshToken.objects.filter(user=member).exists()
    assert "Test app" not in browser.get("/settings/apps").content.decode()


@pytest.mark.django_db
def test_another_member_cannot_revoke_it_and_bad_input_changes_nothing(make_member) -> None:
    alice = make_member("alice")
    bob = make_member("bob")
    app, token = authorised_token(alice)
    application = Application.objects.get(client_id=app["client_id"])
    browser = Client()
    browser.force_login(bob)
    assert "Test app" not in browser.get("/settings/apps").content.decode()
    for data in ({"app": application.pk}, {"app": "x"}, {}):
        assert browser.post("/settings/apps/revoke", data).status_code == 404
    assert api_status(token) == 200
    assert Client().post("/settings/apps/revoke", {"app": application.pk}).status_code == 302  # to sign-in
    assert api_status(token) == 200


@pytest.mark.django_db
def test_the_page_and_the_password_warning_in_french(make_member) -> None:
    member = make_member("alice")
    authorised_token(member)
    browser = Client(headers={"Accept-Language": "fr"})
    browser.force_login(member)
    page = browser.get("/settings/apps").content.decode()
    assert "Applications autorisées" in page
    assert "Révoquer" in page
    password = browser.get("/settings/account/password").content.decode()
    assert "toutes les applications que vous avez autorisées" in password


@pytest.mark.django_db
def test_last_use_is_recorded_at_most_once_an_hour(make_member) -> None:
    member = make_member("alice")
    _app, token = authorised_token(member)
    two_hours_ago = timezone.now() - timedelta(hours=2)
    AccessToken.objects.filter(user=member).update(updated=two_hours_ago)
    browser = Client()
    browser.force_login(member)
    assert two_hours_ago.isoformat(timespec="seconds")[:16] in browser.get("/settings/apps").content.decode()

    assert api_status(token) == 200
    used = AccessToken.objects.get(user=member).updated
    assert used > timezone.now() - timedelta(minutes=1)
    assert "Last used" in browser.get("/settings/apps").content.decode()
    assert api_status(token) == 200
    assert AccessToken.objects.get(user=member).updated == used  # within the hour: no write
