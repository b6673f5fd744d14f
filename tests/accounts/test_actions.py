"""The account rules, driven through the actions: registration, follows, locked accounts, blocks,
mutes, suspension, two-factor sign-in, sessions and account deletion."""

import time
from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.sessions.backends.base import SessionBase
from django.core import mail
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parley.accounts import actions
from parley.accounts.actions import RegistrationRejected
from parley.accounts.models import Block, Follow, FollowRequest, MemberSession, Mute, User
from parley.accounts.queries import access_member, blocked_either_way, hidden_ids, muted_ids
from parley.core.errors import Forbidden, NotFound, RateLimited, ValidationFailed
from parley.core.models import AuditLogEntry
from parley.posts.actions import publish_post, upvote_post
from parley.posts.models import Notification, Post

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def totp_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now (or a step later, to avoid replay refusal)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def new_session() -> SessionBase:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.create()
    return store


def session_exists(key: str) -> bool:
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


def register(**overrides: object) -> User:
    data: dict[str, object] = {
        "username": "alice",
        "email": "alice@example.org",
        "password": PASSWORD,
        "accepted_terms": True,
    }
    data.update(overrides)
    return actions.register_member(**data)  # type: ignore[arg-type]


# Registration


def test_register_creates_member_with_terms_and_sends_confirmation() -> None:
    user = register(display_name="  Alice A.  ")
    assert user.display_name == "Alice A."
    assert user.terms_accepted_version == settings.PARLEY_TERMS_VERSION
    assert user.email_confirmed_at is None
    assert user.check_password(PASSWORD)
    assert len(mail.outbox) == 1
    assert "/confirm-email/" in mail.outbox[0].body
    assert AuditLogEntry.objects.filter(action="account.register", target_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "ALICE"}, "username"),  # taken, case-insensitively
        ({"username": "bad name"}, "username"),
        ({"username": "x" * 31}, "username"),
        ({"username": ""}, "username"),
        ({"username": "admin"}, "username"),
        ({"username": "zoe", "email": "ALICE@example.org"}, "email"),
        ({"username": "zoe", "email": "not-an-email"}, "email"),
        ({"username": "zoe", "email": "zoe@example.org", "password": "password"}, "password"),
        ({"username": "zoe", "email": "zoe@example.org", "password": "12345678901"}, "password"),
        ({"username": "zoe", "email": "zoe@example.org", "password": "zoe"}, "password"),
        ({"username": "zoe", "email": "zoe@example.org", "accepted_terms": False}, "accept_terms"),
    ],
)
def test_register_rejects_bad_input_per_field_and_creates_nothing(overrides: dict[str, object], field: str) -> None:
    register()
    mail.outbox.clear()
    with pytest.raises(RegistrationRejected) as rejected:
        register(**overrides)
    assert field in rejected.value.errors
    assert rejected.value.status == 422
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_confirm_email_accepts_a_valid_token_only_for_the_current_address(make_member) -> None:
    user = register()
    token = actions.email_confirmation_token(user)
    with pytest.raises(ValidationFailed, match="not valid"):
        actions.confirm_email(token + "x")
    assert actions.confirm_email(token).email_confirmed_at is not None
    actions.change_email(user=user, email="new@example.org")
    with pytest.raises(ValidationFailed, match="not valid"):
        actions.confirm_email(token)  # issued for the old address


def test_confirm_email_refuses_an_expired_token(monkeypatch: pytest.MonkeyPatch) -> None:
    user = register()
    token = actions.email_confirmation_token(user)
    monkeypatch.setattr(actions, "EMAIL_CONFIRMATION_MAX_AGE", -1)
    with pytest.raises(ValidationFailed, match="expired"):
        actions.confirm_email(token)
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_resend_confirmation_is_limited_and_refused_once_confirmed() -> None:
    user = register()
    mail.outbox.clear()
    actions.resend_email_confirmation(user=user)
    assert len(mail.outbox) == 1
    with pytest.raises(RateLimited):
        actions.resend_email_confirmation(user=user)
    assert len(mail.outbox) == 1
    actions.confirm_email(actions.email_confirmation_token(user))
    user.refresh_from_db()
    with pytest.raises(ValidationFailed, match="already confirmed"):
        actions.resend_email_confirmation(user=user)


def test_change_email_requires_a_free_address_and_new_confirmation(
    make_member, django_capture_on_commit_callbacks
) -> None:
    alice = make_member("alice")
    make_member("bob")
    with pytest.raises(ValidationFailed, match="already uses"):
        actions.change_email(user=alice, email="BOB@example.org")
    with pytest.raises(ValidationFailed):
        actions.change_email(user=alice, email="nonsense")
    alice.refresh_from_db()
    assert alice.email == "alice@example.org" and alice.email_confirmed_at is not None
    with pytest.raises(ValidationFailed, match="already your"):
        actions.change_email(user=alice, email="Alice@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_email(user=alice, email="alice@new.example")
    alice.refresh_from_db()
    assert alice.email == "alice@new.example" and alice.email_confirmed_at is None
    assert mail.outbox[0].to == ["alice@new.example"]


def test_accept_terms_records_the_current_version(make_member, settings) -> None:
    alice = make_member("alice")
    settings.PARLEY_TERMS_VERSION = 2
    with pytest.raises(Forbidden, match="terms"):
        publish_post(author=alice, text="hello")
    actions.accept_terms(user=alice)
    alice.refresh_from_db()
    assert alice.terms_accepted_version == 2
    assert publish_post(author=alice, text="hello").pk


# Follows and locked accounts


def test_follow_and_unfollow_keep_counters_and_notify(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    assert actions.follow(follower=alice, target=bob) == "following"
    assert actions.follow(follower=alice, target=bob) == "following"  # idempotent
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.following_count, bob.followers_count) == (1, 1)
    assert Notification.objects.filter(recipient=bob, kind="follow").count() == 1
    actions.unfollow(follower=alice, target=bob)
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.following_count, bob.followers_count) == (0, 0)
    with pytest.raises(ValidationFailed):
        actions.follow(follower=alice, target=alice)


def test_locked_account_approves_or_rejects_follow_requests(make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    actions.update_profile(user=bob, locked=True)
    assert actions.follow(follower=alice, target=bob) == "requested"
    assert actions.follow(follower=carol, target=bob) == "requested"
    assert not Follow.objects.filter(followee=bob).exists()
    assert Notification.objects.filter(recipient=bob, kind="follow_request").count() == 2
    actions.approve_follow_request(target=bob, requester=alice)
    actions.reject_follow_request(target=bob, requester=carol)
    assert list(Follow.objects.filter(followee=bob).values_list("follower__username", flat=True)) == ["alice"]
    assert not FollowRequest.objects.exists()
    with pytest.raises(NotFound):
        actions.approve_follow_request(target=bob, requester=carol)
    with pytest.raises(NotFound):
        actions.reject_follow_request(target=bob, requester=carol)


# Blocks and mutes


def test_block_removes_follows_both_ways_and_hides_both_ways(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    actions.follow(follower=alice, target=bob)
    actions.follow(follower=bob, target=alice)
    actions.block(blocker=alice, target=bob)
    assert not Follow.objects.exists()
    alice.refresh_from_db()
    assert (alice.followers_count, alice.following_count) == (0, 0)
    assert blocked_either_way(bob, alice)
    assert bob.pk in hidden_ids(alice) and alice.pk in hidden_ids(bob)
    with pytest.raises(NotFound):
        access_member(bob, "alice")  # the blocker's profile is gone for the blocked
    with pytest.raises(Forbidden):
        actions.follow(follower=bob, target=alice)
    with pytest.raises(Forbidden):
        actions.follow(follower=alice, target=bob)
    with pytest.raises(ValidationFailed):
        actions.block(blocker=alice, target=alice)


def test_block_drops_pending_follow_requests_and_unblock_does_not_restore_follows(
    make_member,
) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    actions.update_profile(user=alice, locked=True)
    actions.follow(follower=bob, target=alice)
    actions.block(blocker=alice, target=bob)
    assert not FollowRequest.objects.exists()
    actions.unblock(blocker=alice, target=bob)
    assert not Block.objects.exists() and not Follow.objects.exists()
    assert access_member(bob, "alice") == alice


def test_mute_hides_until_it_expires(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    entry = actions.mute(muter=alice, target=bob, duration=timedelta(hours=1))
    assert entry.expires_at is not None
    assert bob.pk in muted_ids(alice)
    assert alice.pk not in muted_ids(bob)  # muting is one-way and silent
    Mute.objects.filter(pk=entry.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bob.pk not in muted_ids(alice)
    actions.mute(muter=alice, target=bob)  # again, for good
    assert bob.pk in muted_ids(alice)
    actions.unmute(muter=alice, target=bob)
    assert not Mute.objects.exists()


def test_mute_refuses_self_and_non_positive_durations(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    with pytest.raises(ValidationFailed):
        actions.mute(muter=alice, target=alice)
    with pytest.raises(ValidationFailed):
        actions.mute(muter=alice, target=bob, duration=timedelta(0))
    assert not Mute.objects.exists()


# Suspension


def test_suspension_refuses_sign_in_ends_sessions_and_hides_the_profile(
    make_member, django_capture_on_commit_callbacks
) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    session = new_session()
    actions.record_session(user=alice, session=session, ip_address="192.0.2.1", user_agent="UA")
    with django_capture_on_commit_callbacks(execute=True):
        actions.suspend_member(user=alice, actor=None, reason="test")
    assert alice.is_suspended
    assert authenticate(username="alice", password=PASSWORD) is None
    assert not session_exists(session.session_key or "")
    assert not MemberSession.objects.filter(user=alice).exists()
    with pytest.raises(NotFound):
        access_member(bob, "alice")
    assert AuditLogEntry.objects.filter(action="account.suspend").exists()


def test_temporary_suspension_ends_by_itself_and_unsuspend_lifts_it(make_member) -> None:
    alice = make_member("alice")
    actions.suspend_member(user=alice, actor=None, reason="x", until=timezone.now() + timedelta(days=1))
    assert authenticate(username="alice", password=PASSWORD) is None
    User.objects.filter(pk=alice.pk).update(suspended_until=timezone.now() - timedelta(seconds=1))
    assert authenticate(username="ALICE@example.org", password=PASSWORD) == alice
    actions.suspend_member(user=alice, actor=None, reason="again")
    actions.unsuspend_member(user=alice, actor=None)
    assert authenticate(username="alice", password=PASSWORD) == alice


# Two-factor sign-in


def test_two_factor_setup_needs_a_valid_code_and_yields_recovery_codes(make_member) -> None:
    alice = make_member("alice")
    device = actions.start_two_factor_setup(user=alice)
    assert not device.confirmed
    with pytest.raises(ValidationFailed, match="not right"):
        actions.confirm_two_factor(user=alice, token="000000" if totp_code(device) != "000000" else "111111")
    device.refresh_from_db()
    assert not device.confirmed
    codes = actions.confirm_two_factor(user=alice, token=totp_code(device))
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=alice).count() == 10
    with pytest.raises(ValidationFailed, match="already on"):
        actions.start_two_factor_setup(user=alice)


def test_confirm_without_setup_is_not_found(make_member) -> None:
    with pytest.raises(NotFound):
        actions.confirm_two_factor(user=make_member("alice"), token="123456")


def enable_two_factor(user: User) -> tuple[TOTPDevice, list[str]]:
    device = actions.start_two_factor_setup(user=user)
    codes = actions.confirm_two_factor(user=user, token=totp_code(device))
    device.refresh_from_db()
    return device, codes


def test_second_factor_accepts_app_codes_and_each_recovery_code_once(make_member) -> None:
    alice = make_member("alice")
    device, codes = enable_two_factor(alice)
    assert actions.verify_second_factor(user=alice, token=totp_code(device, steps_ahead=1)) == device
    recovery = actions.verify_second_factor(user=alice, token=f" {codes[0].upper()} ")
    assert isinstance(recovery, StaticDevice)
    assert actions.verify_second_factor(user=alice, token=codes[0]) is None
    assert StaticToken.objects.filter(device__user=alice).count() == 9
    assert AuditLogEntry.objects.filter(action="account.recovery_code_used").count() == 1
    assert actions.verify_second_factor(user=alice, token="not-a-code") is None


def test_a_member_without_two_factor_has_no_second_factor(make_member) -> None:
    assert actions.verify_second_factor(user=make_member("alice"), token="123456") is None


def test_new_recovery_codes_replace_the_old_ones_and_disable_removes_all(make_member) -> None:
    alice = make_member("alice")
    _device, old = enable_two_factor(alice)
    new = actions.regenerate_recovery_codes(user=alice)
    assert set(new).isdisjoint(old)
    assert actions.verify_second_factor(user=alice, token=old[1]) is None
    actions.disable_two_factor(user=alice)
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()
    with pytest.raises(ValidationFailed):
        actions.regenerate_recovery_codes(user=alice)


# Sessions


def test_touch_session_records_once_then_at_most_every_interval(make_member) -> None:
    alice = make_member("alice")
    session = new_session()
    actions.touch_session(user=alice, session=session, ip_address="192.0.2.7", user_agent="Firefox")
    entry = MemberSession.objects.get(user=alice)
    assert (entry.ip_address, entry.user_agent) == ("192.0.2.7", "Firefox")
    old = timezone.now() - timedelta(hours=1)
    MemberSession.objects.filter(pk=entry.pk).update(last_seen_at=old)
    actions.touch_session(user=alice, session=session, ip_address="192.0.2.7", user_agent="Firefox")
    assert MemberSession.objects.get(pk=entry.pk).last_seen_at == old  # within the interval
    session[actions.SESSION_SEEN_KEY] -= actions.SESSION_TOUCH_INTERVAL + 1
    actions.touch_session(user=alice, session=session, ip_address="192.0.2.7", user_agent="Firefox")
    assert MemberSession.objects.get(pk=entry.pk).last_seen_at > old


def test_revoking_sessions_deletes_them_from_the_session_store(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    sessions = [new_session() for _n in range(3)]
    for session in sessions:
        actions.record_session(user=alice, session=session, ip_address=None, user_agent="")
    keys = [s.session_key or "" for s in sessions]
    with pytest.raises(NotFound):
        actions.revoke_session(user=bob, session_key=keys[0])  # not bob's
    actions.revoke_session(user=alice, session_key=keys[0])
    assert not session_exists(keys[0])
    assert actions.revoke_other_sessions(user=alice, keep_session_key=keys[1]) == 1
    assert [session_exists(k) for k in keys] == [False, True, False]
    assert list(MemberSession.objects.values_list("session_key", flat=True)) == [keys[1]]


# Account deletion


def test_delete_account_removes_member_content_and_fixes_others_counters(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    bob_post = publish_post(author=bob, text="bob's post")
    publish_post(author=alice, text="a reply", in_reply_to=bob_post)
    publish_post(author=alice, text="my own")
    upvote_post(user=alice, post=bob_post)
    actions.follow(follower=alice, target=bob)
    actions.follow(follower=bob, target=alice)
    session = new_session()
    actions.record_session(user=alice, session=session, ip_address=None, user_agent="")

    actions.delete_account(user=alice)

    assert not User.objects.filter(username="alice").exists()
    assert not Post.objects.filter(text__in=["a reply", "my own"]).exists()
    assert not session_exists(session.session_key or "")
    bob_post.refresh_from_db()
    bob.refresh_from_db()
    assert (bob_post.replies_count, bob_post.upvotes_count) == (0, 0)
    assert (bob.followers_count, bob.following_count) == (0, 0)
    entry = AuditLogEntry.objects.get(action="account.delete")
    assert entry.before["username"] == "alice"
