from datetime import timedelta

import pytest

from parley.accounts.actions import block, follow, mute, suspend_member
from parley.core.errors import NotFound
from parley.posts.actions import echo_post, publish_post
from parley.posts.queries import (
    access_post,
    hashtag_timeline,
    home_timeline,
    paginate,
    profile_timeline,
    public_timeline,
    thread,
    trending_hashtags,
)
from parley.posts.search import search_posts

pytestmark = pytest.mark.django_db


def ids(page_or_qs) -> list[int]:
    posts = page_or_qs.posts if hasattr(page_or_qs, "posts") else page_or_qs
    return [p.pk for p in posts]


def test_visibility_levels(make_member) -> None:
    alice, follower, stranger, friend = make_member(), make_member(), make_member(), make_member()
    follow(follower=follower, target=alice)
    public = publish_post(author=alice, text="public")
    followers = publish_post(author=alice, text="followers", visibility="followers")
    direct = publish_post(author=alice, text="hi @" + friend.username, visibility="direct")
    for viewer, expected in [
        (None, {public.pk}),
        (stranger, {public.pk}),
        (follower, {public.pk, followers.pk}),
        (friend, {public.pk, direct.pk}),
        (alice, {public.pk, followers.pk, direct.pk}),
    ]:
        assert set(ids(profile_timeline(viewer, alice))) == expected
    with pytest.raises(NotFound):
        access_post(stranger, followers.pk)


def test_home_timeline_has_followed_and_own_posts_newest_first(make_member) -> None:
    alice, bob, carol = make_member(), make_member(), make_member()
    follow(follower=alice, target=bob)
    own = publish_post(author=alice, text="mine")
    followed = publish_post(author=bob, text="bob's")
    publish_post(author=carol, text="not followed")
    assert ids(paginate(home_timeline(alice))) == [followed.pk, own.pk]


def test_cursor_pagination_is_stable_while_posts_arrive(make_member) -> None:
    alice = make_member()
    posts = [publish_post(author=alice, text=f"post {i}") for i in range(7)]
    first = paginate(home_timeline(alice), limit=3)
    assert ids(first) == [p.pk for p in reversed(posts[-3:])]
    publish_post(author=alice, text="new arrival")
    second = paginate(home_timeline(alice), max_id=first.next_max_id, limit=3)
    assert ids(second) == [p.pk for p in reversed(posts[1:4])]
    newer = paginate(home_timeline(alice), min_id=posts[-1].pk, limit=3)
    assert [p.text for p in newer.posts] == ["new arrival"]


def test_blocks_hide_both_directions_everywhere(make_member) -> None:
    alice, bob = make_member(), make_member()
    follow(follower=bob, target=alice)
    follow(follower=alice, target=bob)
    a_post = publish_post(author=alice, text="alice #topic")
    b_post = publish_post(author=bob, text="bob #topic")
    block(blocker=alice, target=bob)
    assert a_post.pk not in ids(paginate(home_timeline(bob)))
    assert b_post.pk not in ids(paginate(home_timeline(alice)))
    assert b_post.pk not in ids(public_timeline(alice))
    assert a_post.pk not in ids(hashtag_timeline(bob, "topic"))
    assert a_post.pk not in ids(search_posts("alice", viewer=bob))
    with pytest.raises(NotFound):
        access_post(bob, a_post.pk)


def test_mutes_hide_from_timelines_and_expire(make_member) -> None:
    alice, bob = make_member(), make_member()
    follow(follower=alice, target=bob)
    post = publish_post(author=bob, text="noise")
    entry = mute(muter=alice, target=bob, duration=timedelta(hours=1))
    assert post.pk not in ids(paginate(home_timeline(alice)))
    assert access_post(alice, post.pk) == post  # a direct link still works
    entry.expires_at = entry.created_at - timedelta(seconds=1)
    entry.save(update_fields=["expires_at"])
    assert post.pk in ids(paginate(home_timeline(alice)))


def test_suspended_author_disappears(make_member) -> None:
    alice, bob = make_member(), make_member()
    post = publish_post(author=bob, text="gone soon")
    suspend_member(user=bob, actor=None, reason="test")
    assert post.pk not in ids(public_timeline(alice))
    with pytest.raises(NotFound):
        access_post(alice, post.pk)


def test_echo_hidden_when_original_hidden(make_member) -> None:
    alice, bob, carol = make_member(), make_member(), make_member()
    follow(follower=alice, target=bob)
    original = publish_post(author=carol, text="original")
    echo = echo_post(user=bob, post=original)
    assert echo.pk in ids(paginate(home_timeline(alice)))
    block(blocker=alice, target=carol)
    assert echo.pk not in ids(paginate(home_timeline(alice)))


def test_thread_order_and_hidden_branches(make_member) -> None:
    alice, bob, carol = make_member(), make_member(), make_member()
    root = publish_post(author=alice, text="root")
    r1 = publish_post(author=bob, text="r1", in_reply_to=root)
    r2 = publish_post(author=carol, text="r2", in_reply_to=root)
    r11 = publish_post(author=alice, text="r1.1", in_reply_to=r1)
    view = thread(alice, root)
    assert [p.pk for p in view.descendants] == [r1.pk, r11.pk, r2.pk]
    assert [p.pk for p in thread(alice, r11).ancestors] == [root.pk, r1.pk]
    block(blocker=alice, target=carol)
    assert r2.pk not in [p.pk for p in thread(alice, root).descendants]


def test_pending_posts_only_visible_to_author(make_member) -> None:
    alice, bob = make_member(), make_member()
    post = publish_post(author=alice, text="held")
    post.state = "pending"
    post.save(update_fields=["state"])
    assert post.pk in ids(profile_timeline(alice, alice))
    assert post.pk not in ids(profile_timeline(bob, alice))
    assert post.pk not in ids(public_timeline(None))


def test_trending_counts_recent_public_hashtags(make_member) -> None:
    alice, bob = make_member(), make_member()
    publish_post(author=alice, text="#rain today")
    publish_post(author=bob, text="so much #rain")
    publish_post(author=bob, text="#sun", visibility="followers")
    trending = trending_hashtags()
    assert [(t.name, t.accounts) for t in trending] == [("rain", 2)]


def test_full_text_search_ignores_accents_and_private_posts(make_member) -> None:
    alice = make_member()
    public = publish_post(author=alice, text="Le café est prêt")
    publish_post(author=alice, text="café secret", visibility="followers")
    assert ids(search_posts("cafe", viewer=None)) == [public.pk]
    assert ids(search_posts("", viewer=None)) == []
