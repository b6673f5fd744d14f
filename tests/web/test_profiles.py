import pytest
from django.test import Client

from parley.accounts.actions import block, follow, update_profile
from parley.accounts.models import Follow, FollowRequest, Mute
from parley.accounts.queries import relationship
from parley.posts.actions import publish_post

pytestmark = pytest.mark.django_db


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_profile_shows_identity_counts_and_rendered_bio(client: Client, make_member) -> None:
    alice = make_member("alice")
    make_member("bob")
    update_profile(user=alice, display_name="Alice Martin", bio="Friends with @bob. <b>#baking</b>")
    publish_post(author=alice, text="a post")
    body = client.get("/@alice").content.decode()
    assert "Alice Martin" in body and "@alice" in body
    assert 'href="/@bob"' in body and 'href="/tags/baking"' in body
    assert "<b>" not in body and "&lt;b&gt;" in body
    assert "Joined" in body and "a post" in body
    assert 'href="/@alice/followers"' in body


def test_username_is_case_insensitive_and_unknown_is_404(client: Client, make_member) -> None:
    make_member("Alice")
    assert client.get("/@alice").status_code == 200
    response = client.get("/@nobody")
    assert response.status_code == 404
    assert "No member with that username" in response.content.decode()


def test_profile_tabs(client: Client, make_member) -> None:
    alice = make_member("alice")
    root = publish_post(author=alice, text="top level")
    publish_post(author=alice, text="a reply", in_reply_to=root)
    posts_tab = client.get("/@alice").content.decode()
    assert "top level" in posts_tab and "a reply" not in posts_tab
    replies_tab = client.get("/@alice/with_replies").content.decode()
    assert "top level" in replies_tab and "a reply" in replies_tab
    media_tab = client.get("/@alice/media")
    assert media_tab.status_code == 200
    assert "top level" not in media_tab.content.decode()


def test_follow_and_unfollow(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    client = signed_in(alice)
    assert ">Follow</button>" in client.get("/@bob").content.decode()
    response = client.post("/@bob/follow", {"next": "/@bob"}, follow=True)
    assert "You now follow @bob" in response.content.decode()
    assert ">Unfollow</button>" in response.content.decode()
    assert Follow.objects.filter(follower=alice, followee=bob).exists()
    client.post("/@bob/unfollow")
    assert not Follow.objects.exists()


def test_locked_account_shows_requested(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    update_profile(user=bob, locked=True)
    client = signed_in(alice)
    assert "Request to follow" in client.get("/@bob").content.decode()
    body = client.post("/@bob/follow", follow=True).content.decode()
    assert "Follow request sent" in body and "Requested" in body
    assert FollowRequest.objects.filter(requester=alice, target=bob).exists()
    assert not Follow.objects.exists()
    client.post("/@bob/unfollow")
    assert not FollowRequest.objects.exists()


def test_following_yourself_is_refused(make_member) -> None:
    alice = make_member("alice")
    response = signed_in(alice).post("/@alice/follow")
    assert response.status_code == 422
    assert "cannot follow yourself" in response.content.decode()
    assert not Follow.objects.exists()


def test_block_hides_both_ways_and_unblock(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    follow(follower=alice, target=bob)
    publish_post(author=bob, text="words of bob")
    client = signed_in(alice)
    body = client.post("/@bob/block", follow=True).content.decode()
    assert "You blocked @bob" in body
    assert not Follow.objects.exists()
    assert "words of bob" not in client.get("/@bob").content.decode()
    assert signed_in(bob).get("/@alice").status_code == 404
    client.post("/@bob/unblock")
    assert not relationship(alice, bob).blocking


def test_mute_with_a_duration_and_unmute(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    client = signed_in(alice)
    page = client.get("/@bob").content.decode()
    assert "1 hour" in page and "7 days" in page and "Until I unmute" in page
    client.post("/@bob/mute", {"duration": "86400", "hide_notifications": "on"})
    entry = Mute.objects.get(muter=alice, muted=bob)
    assert entry.expires_at is not None and entry.hide_notifications
    client.post("/@bob/mute", {"duration": "forever"})
    entry.refresh_from_db()
    assert entry.expires_at is None and not entry.hide_notifications
    assert ">Unmute</button>" in client.get("/@bob").content.decode()
    client.post("/@bob/unmute")
    assert not Mute.objects.exists()


def test_bad_mute_duration_is_refused(make_member) -> None:
    make_member("bob")
    response = signed_in(make_member("alice")).post("/@bob/mute", {"duration": "12"})
    assert response.status_code == 422
    assert not Mute.objects.exists()


def test_profile_actions_need_post_and_login(client: Client, make_member) -> None:
    make_member("bob")
    assert client.post("/@bob/follow").status_code == 302
    assert signed_in(make_member("alice")).get("/@bob/follow").status_code == 405
    assert signed_in(make_member("carol")).post("/@nobody/follow").status_code == 404
    assert not Follow.objects.exists()


def test_followers_and_following_lists(client: Client, make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    follow(follower=bob, target=alice)
    follow(follower=carol, target=alice)
    followers = client.get("/@alice/followers").content.decode()
    assert 'href="/@bob"' in followers and 'href="/@carol"' in followers
    following = client.get("/@bob/following").content.decode()
    assert 'href="/@alice"' in following and 'href="/@carol"' not in following
    assert client.get("/@alice/followers?offset=x").status_code == 400


def test_own_profile_has_no_follow_buttons(make_member) -> None:
    alice = make_member("alice")
    body = signed_in(alice).get("/@alice").content.decode()
    assert 'action="/@alice/follow"' not in body and 'action="/@alice/block"' not in body


def test_block_target_still_sees_nothing_of_the_blocker(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    publish_post(author=alice, text="alice writes")
    block(blocker=alice, target=bob)
    assert "alice writes" not in signed_in(bob).get("/local").content.decode()
