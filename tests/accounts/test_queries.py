"""Reads about members: sign-in lookup, relationships, the settings lists, sessions."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from parley.accounts import actions, queries
from parley.accounts.models import Follow, Mute, User
from parley.core.errors import NotFound

pytestmark = pytest.mark.django_db


def test_member_by_login_finds_by_username_or_email_case_insensitively(make_member) -> None:
    alice = make_member("alice")
    assert queries.member_by_login(" ALICE ") == alice
    assert queries.member_by_login("Alice@Example.org") == alice
    assert queries.member_by_login("nobody") is None
    assert queries.member_by_login("") is None


def test_relationship_reports_each_side(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    actions.follow(follower=alice, target=bob)
    actions.mute(muter=alice, target=bob, hide_notifications=False)
    seen = queries.relationship(alice, bob)
    assert seen.following and not seen.followed_by and seen.muting
    assert not seen.muting_notifications
    assert queries.relationship(bob, alice).followed_by
    actions.block(blocker=bob, target=alice)
    assert queries.relationship(alice, bob).blocked_by
    assert queries.relationship(bob, alice).blocking


def test_search_members_leaves_out_blocked_and_suspended(make_member) -> None:
    alice, _ann, anna = make_member("alice"), make_member("ann"), make_member("anna")
    actions.block(blocker=anna, target=alice)
    actions.suspend_member(user=make_member("andy"), actor=None, reason="x")
    assert [m.username for m in queries.search_members("an", viewer=alice)] == ["ann"]


def test_blocks_made_and_block_made_belong_to_their_member(make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    actions.block(blocker=alice, target=bob)
    actions.block(blocker=carol, target=bob)
    mine = list(queries.blocks_made(alice))
    assert [b.blocked for b in mine] == [bob]
    assert queries.block_made(alice, mine[0].pk) == mine[0]
    carols = queries.blocks_made(carol).get()
    with pytest.raises(NotFound):
        queries.block_made(alice, carols.pk)


def test_active_mutes_leave_out_expired_ones(make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    actions.mute(muter=alice, target=bob)
    expired = actions.mute(muter=alice, target=carol, duration=timedelta(minutes=5))
    Mute.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert [m.muted for m in queries.active_mutes(alice)] == [bob]
    with pytest.raises(NotFound):
        queries.active_mute(alice, expired.pk)


def test_follow_request_to_is_scoped_to_the_target(make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    actions.update_profile(user=bob, locked=True)
    actions.follow(follower=alice, target=bob)
    entry = queries.pending_follow_requests(bob).get()
    assert queries.follow_request_to(bob, entry.pk) == entry
    with pytest.raises(NotFound):
        queries.follow_request_to(carol, entry.pk)


def test_member_sessions_are_named_without_revealing_their_key(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.create()
    actions.record_session(user=alice, session=store, ip_address=None, user_agent="")
    key = store.session_key or ""
    public = queries.session_public_id(key)
    assert key not in public and len(public) == 20
    assert queries.member_session(alice, public).session_key == key
    with pytest.raises(NotFound):
        queries.member_session(bob, public)
    with pytest.raises(NotFound):
        queries.member_session(alice, "unknown")


def test_two_factor_devices_pending_then_confirmed(make_member) -> None:
    alice = make_member("alice")
    assert queries.two_factor_device(alice) is None
    device = actions.start_two_factor_setup(user=alice)
    assert queries.pending_two_factor_device(alice) == device
    assert queries.two_factor_device(alice) is None
    assert queries.recovery_codes_left(alice) == 0


def test_member_count_counts_active_members_and_is_cached(make_member) -> None:
    cache.delete("parley:member_count")
    make_member("alice")
    actions.suspend_member(user=make_member("bob"), actor=None, reason="x")
    assert queries.member_count() == 1
    make_member("carol")
    assert queries.member_count() == 1  # cached for a while
    cache.delete("parley:member_count")
    assert queries.member_count() == 2


def test_moderators_lists_active_moderators_only(make_member) -> None:
    make_member("alice")
    mod = make_member("mod", moderator=True)
    actions.suspend_member(user=make_member("exmod", moderator=True), actor=None, reason="x")
    assert list(queries.moderators()) == [mod]


def test_not_suspended_q_is_the_rule_of_is_suspended_through_any_relation(make_member) -> None:
    alice = make_member("alice")
    never, lapsed, timed, indefinite = (make_member(n) for n in ("never", "lapsed", "timed", "indefinite"))
    now = timezone.now()
    actions.suspend_member(user=lapsed, actor=None, reason="x", until=now - timedelta(hours=1))
    actions.suspend_member(user=timed, actor=None, reason="x", until=now + timedelta(days=3))
    actions.suspend_member(user=indefinite, actor=None, reason="x")
    for member in (never, lapsed, timed, indefinite):
        actions.follow(follower=alice, target=member)

    members = User.objects.exclude(pk=alice.pk)
    allowed = set(members.filter(queries.not_suspended_q()).values_list("username", flat=True))
    assert allowed == {"never", "lapsed"}
    assert allowed == {m.username for m in members if not m.is_suspended}
    followed = Follow.objects.filter(follower=alice).filter(queries.not_suspended_q("followee__"))
    assert {f.followee.username for f in followed} == {"never", "lapsed"}
    assert set(queries.active_members().values_list("username", flat=True)) == {"alice", "never", "lapsed"}


def test_mentioned_members_resolves_local_active_names_in_order(make_member) -> None:
    alice, bob = make_member("Alice"), make_member("bob")
    actions.suspend_member(user=make_member("gone"), actor=None, reason="x")
    text = "hi @BOB and @alice, @bob again, @gone, @nobody, @bob@elsewhere.example"
    assert queries.mentioned_members(text) == {"bob": bob, "alice": alice}
    assert list(queries.mentioned_members(text)) == ["bob", "alice"]
    assert queries.mentioned_members("no names here") == {}


def test_mentioned_members_reads_only_the_first_names(make_member) -> None:
    names = [f"m{i}" for i in range(queries.MAX_MENTIONS + 1)]
    for name in names:
        make_member(name)
    found = queries.mentioned_members(" ".join(f"@{n}" for n in names))
    assert list(found) == names[: queries.MAX_MENTIONS]
