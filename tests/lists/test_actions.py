import pytest

from parley.accounts.actions import block, follow, unfollow, update_profile
from parley.core.errors import ValidationFailed
from parley.lists.actions import (
    MAX_LISTS,
    add_list_members,
    create_list,
    delete_list,
    remove_list_members,
    update_list,
)
from parley.lists.models import List, ListMember

pytestmark = pytest.mark.django_db


def stored(found: List) -> tuple[str, str, bool]:
    fresh = List.objects.get(pk=found.pk)
    return fresh.title, fresh.replies_policy, fresh.exclusive


def members(found: List) -> set[int]:
    return set(ListMember.objects.filter(list=found).values_list("member_id", flat=True))


def test_create_list_with_defaults_and_options(make_member) -> None:
    owner = make_member()
    plain = create_list(owner=owner, title="  Friends  ")
    assert stored(plain) == ("Friends", "list", False)
    strict = create_list(owner=owner, title="News", replies_policy="none", exclusive=True)
    assert stored(strict) == ("News", "none", True)


@pytest.mark.parametrize(
    ("title", "policy"),
    [("", "list"), ("   ", "list"), ("x" * 256, "list"), ("ok\x00", "list"), ("Fine", "everyone"), ("Fine", "")],
)
def test_create_list_refuses_bad_input_and_stores_nothing(make_member, title: str, policy: str) -> None:
    owner = make_member()
    with pytest.raises(ValidationFailed):
        create_list(owner=owner, title=title, replies_policy=policy)
    assert not List.objects.exists()


def test_a_title_of_255_characters_is_allowed(make_member) -> None:
    assert len(create_list(owner=make_member(), title="t" * 255).title) == 255


def test_create_list_stops_at_the_limit(make_member) -> None:
    owner = make_member()
    List.objects.bulk_create([List(owner=owner, title=f"list {i}") for i in range(MAX_LISTS)])
    with pytest.raises(ValidationFailed):
        create_list(owner=owner, title="one too many")
    assert List.objects.filter(owner=owner).count() == MAX_LISTS


def test_update_list_changes_only_what_is_given(make_member) -> None:
    found = create_list(owner=make_member(), title="Friends")
    update_list(owned_list=found, exclusive=True)
    assert stored(found) == ("Friends", "list", True)
    update_list(owned_list=found, title="Pals", replies_policy="followed")
    assert stored(found) == ("Pals", "followed", True)


def test_update_list_refuses_bad_input_and_changes_nothing(make_member) -> None:
    found = create_list(owner=make_member(), title="Friends")
    with pytest.raises(ValidationFailed):
        update_list(owned_list=found, title="New title", replies_policy="all")
    with pytest.raises(ValidationFailed):
        update_list(owned_list=found, title="y" * 256, exclusive=True)
    assert stored(found) == ("Friends", "list", False)


def test_delete_list_removes_its_members_too(make_member) -> None:
    owner, friend = make_member(), make_member()
    follow(follower=owner, target=friend)
    found = create_list(owner=owner, title="Friends")
    add_list_members(owned_list=found, accounts=[friend])
    delete_list(owned_list=found)
    assert not List.objects.exists() and not ListMember.objects.exists()


def test_only_followed_accounts_can_be_added_all_or_nothing(make_member) -> None:
    owner, friend, stranger = make_member(), make_member(), make_member()
    follow(follower=owner, target=friend)
    found = create_list(owner=owner, title="Friends")
    with pytest.raises(ValidationFailed) as refused:
        add_list_members(owned_list=found, accounts=[friend, stranger])
    assert stranger.username in refused.value.message
    assert members(found) == set()
    add_list_members(owned_list=found, accounts=[friend])
    add_list_members(owned_list=found, accounts=[friend])  # twice is harmless
    assert members(found) == {friend.pk}


def test_locked_account_with_a_pending_request_cannot_be_added(make_member) -> None:
    owner, locked = make_member(), make_member()
    update_profile(user=locked, locked=True)
    assert follow(follower=owner, target=locked) == "requested"
    found = create_list(owner=owner, title="Friends")
    with pytest.raises(ValidationFailed):
        add_list_members(owned_list=found, accounts=[locked])


def test_remove_list_members(make_member) -> None:
    owner, a, b = make_member(), make_member(), make_member()
    for target in (a, b):
        follow(follower=owner, target=target)
    found = create_list(owner=owner, title="Friends")
    add_list_members(owned_list=found, accounts=[a, b])
    remove_list_members(owned_list=found, accounts=[a])
    assert members(found) == {b.pk}


def test_unfollowing_or_blocking_removes_the_account_from_the_followers_lists(make_member) -> None:
    owner, a, b, other_owner = make_member(), make_member(), make_member(), make_member()
    for target in (a, b):
        follow(follower=owner, target=target)
    follow(follower=other_owner, target=a)
    mine = create_list(owner=owner, title="Mine")
    theirs = create_list(owner=other_owner, title="Theirs")
    add_list_members(owned_list=mine, accounts=[a, b])
    add_list_members(owned_list=theirs, accounts=[a])
    unfollow(follower=owner, target=a)
    assert members(mine) == {b.pk}
    assert members(theirs) == {a.pk}  # someone else's list is untouched
    block(blocker=b, target=owner)  # a block ends the follow too
    assert members(mine) == set()
