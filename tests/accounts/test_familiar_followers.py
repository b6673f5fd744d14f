"""familiar_followers: the accounts a member follows that follow someone, less those hidden."""

import pytest

from parley.accounts.actions import block, follow, mute, suspend_member
from parley.accounts.queries import familiar_followers

pytestmark = pytest.mark.django_db


def names(users) -> list[str]:
    return [u.username for u in users]


def test_followed_accounts_that_follow_the_target(make_member) -> None:
    me, target, ann, ben, cat, dan = (make_member(n) for n in ("me", "target", "ann", "ben", "cat", "dan"))
    for friend in (ann, ben, cat):
        follow(follower=me, target=friend)
    for fan in (ann, ben, dan):  # dan follows the target but I do not follow dan
        follow(follower=fan, target=target)
    assert names(familiar_followers(me, target)) == ["ann", "ben"]
    assert names(familiar_followers(me, cat)) == []


def test_hidden_accounts_are_left_out(make_member) -> None:
    me, target, ann, ben, cat, moderator = (make_member(n) for n in ("me", "target", "ann", "ben", "cat", "moderator"))
    for friend in (ann, ben, cat):
        follow(follower=me, target=friend)
        follow(follower=friend, target=target)
    mute(muter=me, target=ann)
    block(blocker=ben, target=me)  # a block ends my follow too, and hides ben both ways
    suspend_member(user=cat, actor=moderator, reason="spam")
    assert names(familiar_followers(me, target)) == []
