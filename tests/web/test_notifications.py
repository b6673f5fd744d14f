import pytest
from django.test import Client

from parley.accounts.actions import follow, mute, update_profile
from parley.posts.actions import echo_post, publish_post, upvote_post
from parley.posts.models import Notification, NotificationKind
from parley.posts.notifications import notify, unread_count

pytestmark = pytest.mark.django_db


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_every_kind_is_shown_and_the_page_marks_them_read(make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    post = publish_post(author=alice, text="hello world")
    follow(follower=bob, target=alice)
    publish_post(author=bob, text="@alice look", visibility="public")
    publish_post(author=bob, text="nice", in_reply_to=post)
    echo_post(user=bob, post=post)
    publish_post(author=bob, text="quoting", quote_of=post)
    upvote_post(user=bob, post=post)
    update_profile(user=alice, locked=True)
    follow(follower=carol, target=alice)
    notify(
        recipient=alice,
        actor=None,
        kind=NotificationKind.MODERATION,
        message="Your post was labelled.",
    )
    client = signed_in(alice)
    assert unread_count(alice) == 8
    home = client.get("/local").content.decode()
    assert '<span class="badge">8' in home
    body = client.get("/notifications").content.decode()
    for text in (
        "followed you",
        "mentioned you",
        "replied to you",
        "echoed your post",
        "quoted your post",
        "upvoted your post",
        "asked to follow you",
        "Your post was labelled.",
    ):
        assert text in body, text
    assert body.count('class="label label-new"') == 8
    assert unread_count(alice) == 0
    again = client.get("/notifications").content.decode()
    assert 'class="label label-new"' not in again and 'class="badge"' not in again


def test_muted_actors_do_not_notify(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    mute(muter=alice, target=bob)
    upvote_post(user=bob, post=publish_post(author=alice, text="x"))
    body = signed_in(alice).get("/notifications").content.decode()
    assert "upvoted your post" not in body and "No notifications yet" in body


def test_notifications_page_in_pages(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=alice, text="popular")
    for n in range(35):
        notify(recipient=alice, actor=bob, kind=NotificationKind.UPVOTE, post=post, message=str(n))
    client = signed_in(alice)
    first = client.get("/notifications")
    assert first.content.decode().count("upvoted your post") == 30
    older = first.context["next_max_id"]
    assert older is not None
    second = client.get(f"/notifications?max_id={older}").content.decode()
    assert second.count("upvoted your post") == 5
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert client.get("/notifications?max_id=-3").status_code == 400


def test_notifications_need_login(client: Client) -> None:
    assert client.get("/notifications").status_code == 302
