"""OAuth hardening: the password grant never skips two-factor sign-in, and a new password ends
every API token, refresh token and outstanding authorization code of the member."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from oauth2_provider.models import AccessToken, Grant, RefreshToken

from tests.mastodon_api.test_oauth import REDIRECT, authorize, register

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "another-long-passphrase-7"


def password_grant(app: dict[str, str], username: str, password: str = PASSWORD) -> dict[str, str]:
    return {
        "grant_type": "password",
        "username": username,
        "password": password,
        "client_id": app["client_id"],
        "client_secret": app["client_secret"],
        "scope": "read",
    }


def test_password_grant_refuses_a_member_with_two_factor_sign_in(make_member, settings) -> None:
    settings.PARLEY_OAUTH_PASSWORD_GRANT = True
    member = make_member("tess")
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    app = register(Client())
    response = Client().post("/oauth/token", password_grant(app, "tess"))
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_grant"
    assert "two-factor" in body["error_description"] and "authorization" in body["error_description"]
    assert not AccessToken.objects.filter(user=member).exists()


def test_password_grant_with_a_wrong_password_does_not_reveal_two_factor(make_member, settings) -> None:
    settings.PARLEY_OAUTH_PASSWORD_GRANT = True
    member = make_member("tess")
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    app = register(Client())
    response = Client().post("/oauth/token", password_grant(app, "tess", "wrong-password"))
    assert response.status_code == 400
    assert "two-factor" not in response.json().get("error_description", "")


def test_password_grant_still_works_without_two_factor(make_member, settings) -> None:
    settings.PARLEY_OAUTH_PASSWORD_GRANT = True
    make_member("uma")
    TOTPDevice.objects.create(user=make_member("other"), name="app", confirmed=True)
    app = register(Client())
    # An unconfirmed device (a setup never finished) does not turn two-factor sign-in on.
    TOTPDevice.objects.create(user=make_member("vera"), name="app", confirmed=False)
    assert Client().post("/oauth/token", password_grant(app, "uma")).status_code == 200
    assert Client().post("/oauth/token", password_grant(app, "vera")).status_code == 200


# A new password ends the member's API access


def api_access(member_name: str, settings) -> dict[str, str]:
    """Everything an app can hold for a member: an access token with its refresh token (password
    grant) and an authorization code not yet exchanged."""
    settings.PARLEY_OAUTH_PASSWORD_GRANT = True
    app = register(Client())
    tokens = Client().post("/oauth/token", password_grant(app, member_name)).json()
    browser = Client()
    browser.post("/login", {"username": member_name, "password": PASSWORD})
    code = authorize(browser, app, "read")
    return {**app, "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"], "code": code}


def assert_api_access_ended(access: dict[str, str], member) -> None:
    me = Client().get(
        "/api/v1/accounts/verify_credentials", headers={"Authorization": f"Bearer {access['access_token']}"}
    )
    assert me.status_code == 401
    credentials = {"client_id": access["client_id"], "client_secret": access["client_secret"]}
    refreshed = Client().post(
        "/oauth/token", {"grant_type": "refresh_token", "refresh_token": access["refresh_token"], **credentials}
    )
    assert refreshed.status_code == 400
    exchanged = Client().post(
        "/oauth/token",
        {"grant_type": "authorization_code", "code": access["code"], "redirect_uri": REDIRECT, **credentials},
    )
    assert exchanged.status_code == 400
    assert not AccessToken.objects.filter(user=member).exists()
    assert not RefreshToken.objects.filter(user=member).exists()
    assert not Grant.objects.filter(user=member).exists()


def assert_api_access_works(access: dict[str, str]) -> None:
    me = Client().get(
        "/api/v1/accounts/verify_credentials", headers={"Authorization": f"Bearer {access['access_token']}"}
    )
    assert me.status_code == 200


def test_changing_the_password_on_the_web_ends_api_tokens_and_other_sessions(make_member, settings) -> None:
    member = make_member("wren")
    access = api_access("wren", settings)
    other_member = make_member("xavi")
    others_access = api_access("xavi", settings)
    browser, elsewhere = Client(), Client()
    for client in (browser, elsewhere):
        assert client.post("/login", {"username": "wren", "password": PASSWORD}).status_code == 302
    wrong = browser.post(
        "/settings/account/password",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 422
    assert_api_access_works(access)
    done = browser.post(
        "/settings/account/password",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert_api_access_ended(access, member)
    assert browser.get("/settings").status_code == 200
    assert elsewhere.get("/settings").status_code == 302
    # Another member's apps are untouched.
    assert_api_access_works(others_access)
    assert AccessToken.objects.filter(user=other_member).exists()


def test_a_password_reset_ends_api_tokens(make_member, settings) -> None:
    import re

    from django.core import mail

    member = make_member("yuki")
    access = api_access("yuki", settings)
    client = Client()
    client.post("/password-reset", {"email": "yuki@example.org"})
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+)", mail.outbox[-1].body)
    assert link is not None
    set_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert_api_access_ended(access, member)


def test_the_admins_password_change_ends_api_tokens_and_the_members_sessions(make_member, settings) -> None:
    member = make_member("zora")
    access = api_access("zora", settings)
    members_browser = Client()
    members_browser.post("/login", {"username": "zora", "password": PASSWORD})
    admin = Client()
    admin.force_login(make_member("root", admin=True))
    done = admin.post(
        f"/admin/accounts/user/{member.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert done.status_code == 302, done.content
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert_api_access_ended(access, member)
    assert members_browser.get("/settings").status_code == 302
    assert admin.get("/admin/").status_code == 200


def test_the_changepassword_command_ends_api_tokens(make_member, settings, monkeypatch) -> None:
    from django.core.management import call_command

    member = make_member("ada")
    access = api_access("ada", settings)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "ada")
    assert_api_access_ended(access, member)


def test_expired_and_fresh_tokens_of_a_new_member_are_unaffected_by_sign_up(make_member) -> None:
    # Creating an account also "sets" a password; it must not fail when there is nothing to end.
    member = make_member("bea")
    AccessToken.objects.create(user=member, token="t" * 40, scope="read", expires=timezone.now() + timedelta(days=1))
    member.first_name = "B"
    member.save(update_fields=["first_name"])  # saving other fields ends nothing
    assert AccessToken.objects.filter(user=member).exists()


def test_password_guessing_on_the_api_does_not_lock_the_owner_out(make_member, settings) -> None:
    settings.PARLEY_OAUTH_PASSWORD_GRANT = True
    make_member("gus")
    app = register(Client())
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    statuses = [attacker.post("/oauth/token", password_grant(app, "gus", f"guess-{n}")).status_code for n in range(20)]
    assert set(statuses) == {400}
    assert attacker.post("/oauth/token", password_grant(app, "gus")).status_code == 400
    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert owner.post("/oauth/token", password_grant(app, "gus")).status_code == 200
    # The web sign-in and the API share the counters: the attacker's address waits there too.
    assert attacker.post("/login", {"username": "gus", "password": PASSWORD}).status_code == 429
    assert owner.post("/login", {"username": "gus", "password": PASSWORD}).status_code == 302
