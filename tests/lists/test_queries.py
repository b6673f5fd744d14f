import pytest

from parley.accounts.actions import block, follow, mute
from parley.core.errors import NotFound
from parley.lists.actions import add_list_members, create_list
from parley.lists.queries import access_list, home_posts, list_members, list_timeline, lists_containing
from parley.posts.actions import echo_post, publish_post

pytestmark = pytest.mark.django_db


def ids(posts) -> list[int]:
    return [p.pk for p in posts]


@pytest.fixture
def world(make_member):
    """The owner follows alice, bob and carol; alice and bob are in the owner's list."""
    owner, alice, bob, carol, stranger = (make_member(n) for n in ("owner", "alice", "bob", "carol", "stranger"))
    for target in (alice, bob, carol):
        follow(follower=owner, target=target)
    found = create_list(owner=owner, title="Friends")
    add_list_members(owned_list=found, accounts=[alice, bob])
    return owner, alice, bob, carol, stranger, found


def test_access_list_is_the_owners_only(world) -> None:
    owner, alice, *_rest, found = world
    assert access_list(owner, found.pk) == found
    assert access_list(owner, str(found.pk)) == found
    for who, list_id in ((alice, found.pk), (owner, "abc"), (owner, found.pk + 1), (owner, None)):
        with pytest.raises(NotFound):
            access_list(who, list_id)


def test_list_timeline_shows_members_posts_and_echoes_only(world) -> None:
    _owner, alice, bob, carol, stranger, found = world
    by_alice = publish_post(author=alice, text="alice here")
    publish_post(author=carol, text="carol is not in the list")
    by_stranger = publish_post(author=stranger, text="a stranger")
    echo = echo_post(user=bob, post=by_stranger)
    for_followers = publish_post(author=alice, text="followers only", visibility="followers")
    assert ids(list_timeline(found)) == [for_followers.pk, echo.pk, by_alice.pk]


def test_list_timeline_obeys_visibility_mutes_and_blocks(world) -> None:
    owner, alice, bob, _carol, _stranger, found = world
    publish_post(author=alice, text="direct to someone else", visibility="direct")
    by_bob = publish_post(author=bob, text="bob")
    mute(muter=owner, target=alice)
    publish_post(author=alice, text="muted")
    assert ids(list_timeline(found)) == [by_bob.pk]


def test_replies_policy(world) -> None:
    owner, alice, bob, carol, stranger, found = world
    root_stranger = publish_post(author=stranger, text="stranger's post")
    root_carol = publish_post(author=carol, text="carol's post")
    root_bob = publish_post(author=bob, text="bob's post")
    root_owner = publish_post(author=owner, text="owner's post")
    root_alice = publish_post(author=alice, text="alice's post")
    to_stranger = publish_post(author=alice, text="hi stranger", in_reply_to=root_stranger)
    to_carol = publish_post(author=alice, text="hi carol", in_reply_to=root_carol)
    to_bob = publish_post(author=alice, text="hi bob", in_reply_to=root_bob)
    to_owner = publish_post(author=alice, text="hi owner", in_reply_to=root_owner)
    to_self = publish_post(author=alice, text="more", in_reply_to=root_alice)
    always = {root_bob.pk, root_alice.pk, to_owner.pk, to_self.pk}

    def shown(policy: str) -> set[int]:
        found.replies_policy = policy
        found.save(update_fields=["replies_policy"])
        return set(ids(list_timeline(found)))

    assert shown("none") == always
    assert shown("list") == always | {to_bob.pk}
    assert shown("followed") == always | {to_bob.pk, to_carol.pk}
    assert to_stranger.pk not in shown("followed")


def test_exclusive_lists_take_their_members_out_of_home(world) -> None:
    owner, alice, _bob, carol, _stranger, found = world
    posts = {who.username: publish_post(author=who, text=f"{who.username} posts") for who in (owner, alice, carol)}
    assert set(ids(home_posts(owner))) == {p.pk for p in posts.values()}
    found.exclusive = True
    found.save(update_fields=["exclusive"])
    assert set(ids(home_posts(owner))) == {posts["owner"].pk, posts["carol"].pk}
    assert ids(list_timeline(found)) == [posts["alice"].pk]


def test_members_and_lists_containing(world) -> None:
    owner, alice, bob, carol, _stranger, found = world
    other = create_list(owner=owner, title="Other")
    add_list_members(owned_list=other, accounts=[alice])
    assert [m.member for m in list_members(found)] == [bob, alice]
    assert set(lists_containing(owner, alice)) == {found, other}
    assert list(lists_containing(owner, carol)) == []
    block(blocker=owner, target=bob)
    assert [m.member for m in list_members(found)] == [alice]
