"""Password guessing over HTTP: an attacker is slowed, the owner is never locked out by them.

Counters are per (account, address), per address, and per account from everywhere; a browser that
signed in to the account before (device cookie) is judged only by its own failures."""

import pytest
from django.test import Client

from parley.accounts.limits import DEVICE_COOKIE
from parley.accounts.models import MemberSession

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.20"


def sign_in(client: Client, username: str = "alice", password: str = PASSWORD) -> int:
    return client.post("/login", {"username": username, "password": password}).status_code


def test_twenty_wrong_passwords_from_one_address_do_not_lock_out_another(make_member) -> None:
    make_member("alice")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = [sign_in(attacker, password=f"guess-{n}") for n in range(20)]
    assert statuses[:10] == [422] * 10 and set(statuses[10:]) == {429}
    # The attacker's address is stopped even with the right password...
    assert sign_in(attacker) == 429
    # ...but the owner, from their own address, signs in.
    assert sign_in(Client(REMOTE_ADDR=OWNER)) == 302
    # By email too: the account is one, whatever name is typed.
    assert sign_in(Client(REMOTE_ADDR=OWNER), "ALICE@example.org") == 302


def test_the_owners_known_device_signs_in_even_from_the_attackers_address(make_member) -> None:
    make_member("alice")
    owner = Client(REMOTE_ADDR=ATTACKER)  # e.g. one address behind a shared NAT
    assert sign_in(owner) == 302
    assert DEVICE_COOKIE in owner.cookies
    owner.post("/logout")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for n in range(20):
        sign_in(attacker, password=f"guess-{n}")
    assert sign_in(attacker) == 429
    assert sign_in(owner) == 302


def test_a_spray_from_many_addresses_is_slowed_but_known_devices_still_sign_in(make_member, settings) -> None:
    settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT_TOTAL = 6
    make_member("alice")
    known = Client(REMOTE_ADDR=OWNER)
    assert sign_in(known) == 302
    known.post("/logout")
    for n in range(6):
        assert sign_in(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), password="guess") == 422
    # The account-wide budget is spent: a new address, even with the right password, waits...
    fresh = Client(REMOTE_ADDR="192.0.2.200")
    refused = fresh.post("/login", {"username": "alice", "password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.content.decode()
    assert not MemberSession.objects.filter(ip_address="192.0.2.200").exists()
    # ...the owner's device does not, and other accounts are not affected.
    assert sign_in(known) == 302
    make_member("bob")
    assert sign_in(Client(REMOTE_ADDR="192.0.2.201"), "bob") == 302


def test_a_known_device_has_its_own_budget(make_member, settings) -> None:
    settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT = 3
    make_member("alice")
    device = Client(REMOTE_ADDR=OWNER)
    assert sign_in(device) == 302
    device.post("/logout")
    assert [sign_in(device, password="typo") for _ in range(4)] == [422, 422, 422, 429]
    assert sign_in(device) == 429
    # A stolen or guessed cookie gets no more than that; another address is still free.
    assert sign_in(Client(REMOTE_ADDR="192.0.2.9")) == 302


def test_a_forged_or_foreign_device_cookie_counts_for_nothing(make_member, settings) -> None:
    settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT_TOTAL = 2
    make_member("alice")
    bobs_browser = Client(REMOTE_ADDR=OWNER)
    make_member("bob")
    assert sign_in(bobs_browser, "bob") == 302
    bobs_browser.post("/logout")
    for n in range(2):
        sign_in(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), password="guess")
    # Bob's device cookie says nothing about Alice's account.
    assert sign_in(bobs_browser) == 429
    forged = Client(REMOTE_ADDR="192.0.2.50")
    forged.cookies[DEVICE_COOKIE] = "W1sxLCJ4Il1d:forged:signature"
    assert sign_in(forged) == 429


def test_one_browser_remembers_several_accounts(make_member, settings) -> None:
    settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT_TOTAL = 1
    make_member("alice")
    make_member("bob")
    shared = Client(REMOTE_ADDR=OWNER)
    for name in ("alice", "bob"):
        assert sign_in(shared, name) == 302
        shared.post("/logout")
    for name in ("alice", "bob"):
        sign_in(Client(REMOTE_ADDR="192.0.2.1"), name, "guess")
    for name in ("alice", "bob"):
        assert sign_in(shared, name) == 302
        shared.post("/logout")


def test_a_guess_that_a_concurrent_one_pushed_over_budget_answers_429(make_member, monkeypatch) -> None:
    """Two workers may both pass the page's early check; the one whose reservation is refused by
    the backend must still answer 429, not "wrong password"."""
    from parley.accounts import limits

    make_member("alice")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for n in range(10):
        assert sign_in(attacker, password=f"guess-{n}") == 422
    monkeypatch.setattr(limits, "sign_in_blocked", lambda _request, _username: False)  # raced past it
    response = attacker.post("/login", {"username": "alice", "password": "guess-late"})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
