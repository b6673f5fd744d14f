"""Signing up, in (with the second step) and out, email confirmation, password reset and the
terms re-acceptance, driven over HTTP as a browser would."""

import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from parley.accounts import actions
from parley.accounts.models import MemberSession, User
from parley.core.errors import Forbidden
from parley.posts.actions import publish_post

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
SIGNUP = {
    "username": "alice",
    "email": "alice@example.org",
    "password": PASSWORD,
    "display_name": "Alice",
    "accept_terms": "on",
}


def totp_code(device: TOTPDevice, steps_ahead: int = 1) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("web:settings")).status_code == 200


# Sign up


def test_signup_page_links_the_terms(client: Client) -> None:
    response = client.get("/signup")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="accept_terms"' in body and 'href="/terms"' in body


def test_signup_emails_a_link_that_creates_confirms_and_signs_in(client: Client) -> None:
    response = client.post("/signup", SIGNUP, HTTP_USER_AGENT="TestBrowser/1.0")
    assert response["Location"] == reverse("web:signup_sent")
    assert "Check your email" in client.get(response["Location"]).content.decode()
    # Nothing exists, and no name is held, until the owner of the address opens the link.
    assert not User.objects.filter(username="alice").exists()
    assert not is_signed_in(client)
    assert len(mail.outbox) == 1
    assert PASSWORD not in mail.outbox[0].body
    link = re.search(r"https?://[^/\s]+(/signup/confirm/\S+)", mail.outbox[0].body)
    assert link is not None
    done = client.get(link.group(1), HTTP_USER_AGENT="TestBrowser/1.0")
    assert done["Location"] == reverse("web:home")
    user = User.objects.get(username="alice")
    assert user.display_name == "Alice" and user.email_confirmed_at is not None and user.check_password(PASSWORD)
    assert MemberSession.objects.get(user=user).user_agent == "TestBrowser/1.0"
    assert is_signed_in(client)
    # The link works once.
    again = Client().get(link.group(1))
    assert again.status_code == 422 and "already used" in again.content.decode()
    assert Client().get("/signup/confirm/forged-token").status_code == 422


def test_signup_with_a_taken_email_looks_the_same_and_tells_the_owner(client: Client, make_member) -> None:
    owner = make_member("olga")
    User.objects.filter(pk=owner.pk).update(language="fr")
    fresh = Client().post("/signup", {**SIGNUP, "username": "fresh", "email": "fresh@example.org"})
    taken = client.post("/signup", {**SIGNUP, "username": "probe", "email": "OLGA@example.org"})
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    page_taken, page_fresh = (c.get(r["Location"]).content.decode() for c, r in ((client, taken), (Client(), fresh)))
    random_values = r'(nonce|value)="[^"]*"'  # CSP nonces and CSRF tokens differ on every page
    assert re.sub(random_values, "", page_taken) == re.sub(random_values, "", page_fresh)
    notice = mail.outbox[-1]
    assert notice.to == ["olga@example.org"]
    assert "@olga" in notice.body and "/password-reset" in notice.body
    assert "/signup/confirm/" not in notice.body
    assert not User.objects.filter(username="probe").exists()
    # Said in the owner's language, and at most once an hour.
    from django.conf import settings as django_settings

    if (django_settings.BASE_DIR / "parley/locale/fr/LC_MESSAGES/django.mo").exists():
        assert "Bonjour" in notice.body
    Client().post("/signup", {**SIGNUP, "username": "probe2", "email": "olga@example.org"})
    assert [m.to for m in mail.outbox].count(["olga@example.org"]) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"accept_terms": ""}, "You must accept the terms of service"),
        ({"username": "ALICE_"}, "This username is taken."),
        ({"username": "bad name!"}, "letters, digits or underscores"),
        ({"password": "password"}, "too common"),
        ({"password": "12345678"}, "entirely numeric"),
        ({"email": "nope"}, "valid email"),
    ],
)
def test_signup_with_bad_input_answers_422_keeps_input_and_creates_nothing(
    client: Client, make_member, changes: dict[str, str], message: str
) -> None:
    make_member("alice_")
    data = {**SIGNUP, **changes}
    response = client.post("/signup", data)
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    assert f'value="{data["username"]}"' in body  # what was typed comes back
    assert not User.objects.filter(email="alice@example.org").exists()
    assert mail.outbox == []
    assert not is_signed_in(client)


def test_signup_reports_every_problem_at_once(client: Client) -> None:
    response = client.post("/signup", {**SIGNUP, "email": "nope", "accept_terms": ""})
    assert response.status_code == 422
    body = response.content.decode()
    assert "valid email" in body and "You must accept the terms of service" in body


def test_signup_without_csrf_token_is_forbidden() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/signup", SIGNUP)
    assert response.status_code == 403
    assert not User.objects.exists()


def test_signed_in_member_is_sent_home_from_signup_and_login(client: Client, make_member) -> None:
    client.force_login(make_member("alice"))
    assert client.get("/signup").status_code == 302
    assert client.get("/login").status_code == 302


# Log in and out


@pytest.mark.parametrize("login", ["alice", "ALICE", "Alice@Example.org"])
def test_login_with_username_or_email_records_the_session(client: Client, make_member, login: str) -> None:
    alice = make_member("alice")
    response = client.post(
        "/login",
        {"username": login, "password": PASSWORD, "next": "/settings/profile"},
        HTTP_USER_AGENT="TestBrowser/2.0",
        REMOTE_ADDR="192.0.2.5",
    )
    assert response.status_code == 302
    assert response["Location"] == "/settings/profile"
    entry = MemberSession.objects.get(user=alice)
    assert (entry.user_agent, entry.ip_address) == ("TestBrowser/2.0", "192.0.2.5")
    assert entry.session_key == client.session.session_key


def test_login_ignores_a_next_url_on_another_site(client: Client, make_member) -> None:
    make_member("alice")
    response = client.post("/login", {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("web:home")


def test_login_with_wrong_password_is_422_and_says_nothing_more(client: Client, make_member) -> None:
    make_member("alice")
    for login in ("alice", "nobody"):
        response = client.post("/login", {"username": login, "password": "wrong"})
        assert response.status_code == 422
        assert "do not match an account" in response.content.decode()
    assert not MemberSession.objects.exists()
    assert not is_signed_in(client)


def test_suspended_member_is_told_only_after_the_right_password(client: Client, make_member) -> None:
    alice = make_member("alice")
    actions.suspend_member(user=alice, actor=None, reason="test")
    wrong = client.post("/login", {"username": "alice", "password": "wrong"})
    assert "suspended" not in wrong.content.decode()
    right = client.post("/login", {"username": "alice", "password": PASSWORD})
    assert right.status_code == 422
    assert "This account is suspended" in right.content.decode()
    assert not is_signed_in(client)


def test_logout_is_post_only_and_ends_the_recorded_session(client: Client, make_member) -> None:
    alice = make_member("alice")
    client.post("/login", {"username": "alice", "password": PASSWORD})
    assert client.get("/logout").status_code == 405
    assert is_signed_in(client)
    response = client.post("/logout")
    assert response.status_code == 302
    assert not MemberSession.objects.filter(user=alice).exists()
    assert not is_signed_in(client)


# Two-factor sign-in


@pytest.fixture
def two_factor_member(make_member) -> tuple[User, TOTPDevice, list[str]]:
    alice = make_member("alice")
    device = actions.start_two_factor_setup(user=alice)
    codes = actions.confirm_two_factor(user=alice, token=totp_code(device, steps_ahead=0))
    device.refresh_from_db()
    return alice, device, codes


def test_two_factor_login_needs_the_app_code(client: Client, two_factor_member) -> None:
    alice, device, _codes = two_factor_member
    first = client.post("/login", {"username": "alice", "password": PASSWORD, "next": "/settings"})
    assert first["Location"] == reverse("web:login_verify")
    assert not is_signed_in(client)
    assert not MemberSession.objects.exists()
    assert client.get(first["Location"]).status_code == 200
    wrong = client.post("/login/verify", {"code": "12345"})
    assert wrong.status_code == 422
    assert not is_signed_in(client)
    done = client.post("/login/verify", {"code": totp_code(device)})
    assert done["Location"] == "/settings"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert MemberSession.objects.filter(user=alice).count() == 1
    assert is_signed_in(client)


def test_two_factor_login_accepts_a_recovery_code_once(two_factor_member) -> None:
    _alice, _device, codes = two_factor_member
    first, second = Client(), Client()
    for client in (first, second):
        client.post("/login", {"username": "alice", "password": PASSWORD})
    assert first.post("/login/verify", {"code": codes[3]}).status_code == 302
    assert second.post("/login/verify", {"code": codes[3]}).status_code == 422
    assert is_signed_in(first) and not is_signed_in(second)


def test_too_many_wrong_codes_start_the_login_again(client: Client, two_factor_member) -> None:
    client.post("/login", {"username": "alice", "password": PASSWORD})
    for _attempt in range(4):
        assert client.post("/login/verify", {"code": "abcdefgh"}).status_code == 422
    response = client.post("/login/verify", {"code": "abcdefgh"})
    assert response["Location"] == reverse("web:login")
    assert client.get("/login/verify")["Location"] == reverse("web:login")


def test_second_step_without_the_first_goes_back_to_login(client: Client) -> None:
    response = client.post("/login/verify", {"code": "123456"})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:login")


def test_second_step_refuses_a_member_suspended_meanwhile(client: Client, two_factor_member) -> None:
    alice, device, _codes = two_factor_member
    client.post("/login", {"username": "alice", "password": PASSWORD})
    actions.suspend_member(user=alice, actor=None, reason="x")
    response = client.post("/login/verify", {"code": totp_code(device)})
    assert response["Location"] == reverse("web:login")
    assert not is_signed_in(client)


def test_admin_login_goes_through_the_member_login(client: Client, make_member) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=%2Fadmin%2F"
    client.force_login(make_member("alice"))
    assert client.get("/admin/login/?next=/admin/").status_code == 403


# Email confirmation page


def test_confirm_email_with_a_bad_token_explains(client: Client) -> None:
    response = client.get("/confirm-email/not-a-token")
    assert response.status_code == 422
    assert "not valid" in response.content.decode()


# Password reset


def test_password_reset_sends_a_link_that_sets_a_new_password(make_member) -> None:
    alice = make_member("alice")
    elsewhere = Client()
    elsewhere.post("/login", {"username": "alice", "password": PASSWORD})
    client = Client()
    response = client.post("/password-reset", {"email": "ALICE@example.org"})
    assert response["Location"] == reverse("web:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Reset your password" in message.subject
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+)", message.body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": "a-new-secret-42", "new_password2": "other"})
    assert mismatch.status_code == 422
    done = client.post(set_url, {"new_password1": "a-new-secret-42", "new_password2": "a-new-secret-42"})
    assert done["Location"] == reverse("web:password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password("a-new-secret-42")
    assert not is_signed_in(elsewhere)
    assert not MemberSession.objects.filter(user=alice).exists()


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(
    client: Client,
) -> None:
    response = client.post("/password-reset", {"email": "nobody@example.org"})
    assert response["Location"] == reverse("web:password_reset_done")
    assert mail.outbox == []
    assert client.post("/password-reset", {"email": "not an email"}).status_code == 422


def test_password_reset_link_cannot_be_forged(client: Client, make_member) -> None:
    make_member("alice")
    response = client.get("/password-reset/MQ/abc-def", follow=True)
    assert "not valid" in response.content.decode()


# Terms re-acceptance


def test_changed_terms_must_be_accepted_before_posting(client: Client, make_member, settings) -> None:
    alice = make_member("alice")
    settings.PARLEY_TERMS_VERSION = 2
    response = client.post("/login", {"username": "alice", "password": PASSWORD, "next": "/local"})
    assert response["Location"] == "/terms/accept?next=%2Flocal"
    with pytest.raises(Forbidden):
        publish_post(author=alice, text="hello")
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'href="/terms"' in page.content.decode()
    refused = client.post("/terms/accept", {"next": "/local"})
    assert refused.status_code == 422
    alice.refresh_from_db()
    assert alice.terms_accepted_version == 1
    accepted = client.post("/terms/accept", {"accept_terms": "on", "next": "/local"})
    assert accepted["Location"] == "/local"
    alice.refresh_from_db()
    assert alice.terms_accepted_version == 2
    assert publish_post(author=alice, text="hello").pk
    assert client.get("/terms/accept")["Location"] == reverse("web:home")


def test_members_signed_in_when_the_terms_change_see_a_banner(client: Client, make_member, settings) -> None:
    client.force_login(make_member("alice"))
    assert "Our terms of service changed" not in client.get("/settings").content.decode()
    settings.PARLEY_TERMS_VERSION = 2
    body = client.get("/settings").content.decode()
    assert "Our terms of service changed" in body and 'href="/terms/accept"' in body
    assert "Read and accept them" not in client.get("/terms/accept").content.decode()


# Rate limits: password guessing, sign-up and reset floods


def test_repeated_failed_sign_ins_lock_the_account_then_the_right_password_waits(
    client: Client, make_member, settings
) -> None:
    settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT = 3
    make_member("alice")
    for _ in range(3):
        assert client.post("/login", {"username": "alice", "password": "guess"}).status_code == 422
    # From that address, the account waits (tests/web/test_sign_in_limits.py: not from others).
    locked = client.post("/login", {"username": "ALICE", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert 'value="ALICE"' in locked.content.decode()
    assert not MemberSession.objects.exists()
    # Other accounts are not affected.
    make_member("bob")
    assert client.post("/login", {"username": "bob", "password": PASSWORD}).status_code == 302


def test_one_address_guessing_many_accounts_is_stopped(client: Client, make_member, settings) -> None:
    settings.PARLEY_LOGIN_FAILURES_PER_ADDRESS = 4
    make_member("carol")
    for name in ("a1", "a2", "a3", "a4"):
        client.post("/login", {"username": name, "password": "guess"})
    assert client.post("/login", {"username": "carol", "password": PASSWORD}).status_code == 429
    assert (
        Client(REMOTE_ADDR="198.51.100.7").post("/login", {"username": "carol", "password": PASSWORD}).status_code
        == 302
    )


def test_a_successful_sign_in_does_not_count_against_the_limit(client: Client, make_member, settings) -> None:
    settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT = 2
    make_member("dora")
    for _ in range(4):
        assert Client().post("/login", {"username": "dora", "password": PASSWORD}).status_code == 302


def test_sign_ups_from_one_address_are_limited(client: Client, settings) -> None:
    settings.PARLEY_SIGNUPS_PER_ADDRESS = 1
    assert client.post("/signup", SIGNUP).status_code == 302
    flood = Client().post("/signup", {**SIGNUP, "username": "alice2", "email": "a2@example.org"})
    assert flood.status_code == 429
    assert "Too many sign-ups" in flood.content.decode()
    assert len(mail.outbox) == 1


def test_password_reset_requests_from_one_address_are_limited(make_member, settings) -> None:
    settings.PARLEY_PASSWORD_RESETS_PER_ADDRESS = 1
    make_member("erin")
    client = Client()
    assert client.post("/password-reset", {"email": "erin@example.org"}).status_code == 302
    again = client.post("/password-reset", {"email": "erin@example.org"})
    assert again.status_code == 429
    assert "Too many reset requests" in again.content.decode()
    assert len(mail.outbox) == 1
