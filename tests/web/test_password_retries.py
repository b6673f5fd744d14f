"""Forms that re-ask the signed-in member's password count wrong answers: after the budget they
refuse (429) with a clear message, even the right password, and change nothing."""

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from parley.accounts import actions
from parley.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "brand-new-pass-9"
LIMIT = 3


def with_two_factor(member: User) -> None:
    device = actions.start_two_factor_setup(user=member)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    actions.confirm_two_factor(user=member, token=f"{totp.token():06d}")


# (url, form data given the password, whether the member needs two-factor on)
FORMS = {
    "change email": ("/settings/account/email", lambda pw: {"email": "new@example.org", "password": pw}, False),
    "change password": (
        "/settings/account/password",
        lambda pw: {"old_password": pw, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        False,
    ),
    "delete account": ("/settings/account/delete", lambda pw: {"password": pw, "confirm": "on"}, False),
    "recovery codes": ("/settings/security/recovery-codes", lambda pw: {"codes-password": pw}, True),
    "two-factor off": ("/settings/security/two-factor/disable", lambda pw: {"disable-password": pw}, True),
}


@pytest.mark.parametrize("form", FORMS)
def test_wrong_passwords_are_limited_then_even_the_right_one_waits(make_member, settings, form: str) -> None:
    settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT = LIMIT
    url, data, two_factor = FORMS[form]
    member = make_member("alice")
    if two_factor:
        with_two_factor(member)
    codes_before = list(member.staticdevice_set.values_list("token_set__token", flat=True))
    client = Client()
    client.force_login(member)
    for _ in range(LIMIT):
        wrong = client.post(url, data("wrong-password"))
        assert wrong.status_code == 422
        assert "password is not correct" in wrong.content.decode()
    refused = client.post(url, data(PASSWORD))
    assert refused.status_code == 429
    assert "Too many wrong passwords" in refused.content.decode()
    member.refresh_from_db()
    assert member.is_active and member.email == "alice@example.org" and member.check_password(PASSWORD)
    assert TOTPDevice.objects.filter(user=member).exists() == two_factor
    assert list(member.staticdevice_set.values_list("token_set__token", flat=True)) == codes_before
    # The budget is the account's, not the form's or the browser's.
    other_browser = Client()
    other_browser.force_login(member)
    assert other_browser.post("/settings/account/delete", {"password": PASSWORD, "confirm": "on"}).status_code == 429
    assert User.objects.filter(pk=member.pk, is_active=True).exists()


def test_the_budget_is_per_account(make_member, settings) -> None:
    settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT = LIMIT
    alice, bob = make_member("alice"), make_member("bob")
    client = Client()
    client.force_login(alice)
    for _ in range(LIMIT + 1):
        client.post("/settings/account/email", {"email": "x@example.org", "password": "wrong"})
    bobs = Client()
    bobs.force_login(bob)
    changed = bobs.post("/settings/account/email", {"email": "bob2@example.org", "password": PASSWORD})
    assert changed.status_code == 302
