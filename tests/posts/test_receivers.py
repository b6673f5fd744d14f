"""The posts layer's answers to account events (parley/posts/receivers.py), driven through the
accounts actions that send them."""

import pytest

from parley.accounts.actions import approve_follow_request, follow, unfollow
from parley.accounts.erasure import erase_account
from parley.accounts.models import User
from parley.posts.actions import publish_post, upvote_post
from parley.posts.models import Notification, Post

pytestmark = pytest.mark.django_db


def test_a_follow_and_a_follow_request_each_notify_the_followed_member(make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    carol.locked = True
    carol.save(update_fields=["locked"])
    assert follow(follower=alice, target=bob) == "following"
    assert follow(follower=alice, target=carol) == "requested"
    assert list(Notification.objects.filter(recipient=bob).values_list("kind", "actor__username")) == [
        ("follow", "alice")
    ]
    assert list(Notification.objects.filter(recipient=carol).values_list("kind", flat=True)) == ["follow_request"]
    approve_follow_request(target=carol, requester=alice)
    assert sorted(Notification.objects.filter(recipient=carol).values_list("kind", flat=True)) == [
        "follow",
        "follow_request",
    ]


def test_unfollowing_and_following_again_notifies_once(make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    for _ in range(3):
        follow(follower=alice, target=bob)
        unfollow(follower=alice, target=bob)
    follow(follower=alice, target=bob)
    follow(follower=carol, target=bob)
    assert sorted(Notification.objects.filter(recipient=bob).values_list("kind", "actor__username")) == [
        ("follow", "alice"),
        ("follow", "carol"),
    ]


def test_erasing_a_member_takes_their_posts_and_upvotes_and_keeps_others_counters_right(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    bobs = publish_post(author=bob, text="Bob's post")
    publish_post(author=alice, text="Alice's post")
    upvote_post(user=alice, post=bobs)
    reply = publish_post(author=alice, text="A reply", in_reply_to=bobs)
    assert Post.objects.get(pk=bobs.pk).replies_count == 1
    erase_account(user=alice)
    assert not User.objects.filter(username="alice").exists()
    assert not Post.objects.filter(pk=reply.pk).exists()
    bobs.refresh_from_db()
    assert (bobs.upvotes_count, bobs.replies_count) == (0, 0)
