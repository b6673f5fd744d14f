"""The home timeline over HTTP (Mastodon API and the web page), read through the feeds."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from parley.accounts.actions import block, follow, mute, unfollow
from parley.feeds.models import HomeFeed
from parley.feeds.stores import feed_store
from parley.posts.actions import delete_post, publish_post
from parley.safety.actions.decisions import decide_item

pytestmark = pytest.mark.django_db


def _ids(response) -> list[str]:
    assert response.status_code == 200
    return [status["id"] for status in response.json()]


def _feed(member) -> list[int]:
    return feed_store().ids(member.pk, below=None, above=None, count=100, ascending=False)


def test_api_home_reads_the_feed_with_link_headers(store_name, make_member, api_for) -> None:
    reader, author = make_member("reader"), make_member("author")
    follow(follower=reader, target=author)
    client = api_for(reader)
    assert _ids(client.get("/api/v1/timelines/home")) == []  # the first read builds the feed
    posts = [publish_post(author=author, text=f"post {i}") for i in range(3)]
    assert _feed(reader) == [p.pk for p in reversed(posts)]
    first = client.get("/api/v1/timelines/home", {"limit": 2})
    assert _ids(first) == [str(posts[2].pk), str(posts[1].pk)]
    assert f"max_id={posts[1].pk}" in first["Link"] and f"min_id={posts[2].pk}" in first["Link"]
    assert _ids(client.get("/api/v1/timelines/home", {"max_id": posts[1].pk})) == [str(posts[0].pk)]
    assert client.get("/api/v1/timelines/home", {"since_id": "x"}).status_code == 422


def test_api_home_after_unfollow_block_mute_delete_and_removal(store_name, make_member, api_for) -> None:
    reader, gone, blocked, muted, plain = (make_member(n) for n in ("reader", "gone", "blocked", "muted", "plain"))
    moderator = make_member("mod", moderator=True)
    for author in (gone, blocked, muted, plain):
        follow(follower=reader, target=author)
    client = api_for(reader)
    client.get("/api/v1/timelines/home")
    posts = {m.username: publish_post(author=m, text=f"by {m.username}") for m in (gone, blocked, muted, plain)}
    deleted = publish_post(author=plain, text="deleted soon")
    removed = publish_post(author=plain, text="removed soon")
    assert len(_ids(client.get("/api/v1/timelines/home"))) == 6
    unfollow(follower=reader, target=gone)
    block(blocker=reader, target=blocked)
    mute(muter=reader, target=muted)
    delete_post(actor=plain, post=deleted)
    decide_item(moderator=moderator, action="remove", reason="rule 1", post=removed)
    assert _ids(client.get("/api/v1/timelines/home")) == [str(posts["plain"].pk)]


def test_web_home_shows_followed_posts_from_the_feed_and_drops_unfollowed_ones(store_name, make_member) -> None:
    reader, author, stranger = make_member("reader"), make_member("author"), make_member("stranger")
    follow(follower=reader, target=author)
    browser = Client()
    browser.force_login(reader)
    assert browser.get("/").status_code == 200
    publish_post(author=author, text="followed words")
    publish_post(author=stranger, text="stranger words")
    assert _feed(reader) != []
    body = browser.get("/").content.decode()
    assert "followed words" in body and "stranger words" not in body
    unfollow(follower=reader, target=author)
    assert _feed(reader) == []
    assert "followed words" not in browser.get("/").content.decode()


def test_a_follower_back_after_a_week_gets_a_rebuilt_home(store_name, make_member, api_for) -> None:
    reader, author = make_member("reader"), make_member("author")
    follow(follower=reader, target=author)
    client = api_for(reader)
    client.get("/api/v1/timelines/home")
    HomeFeed.objects.filter(member=reader).update(last_read_at=timezone.now() - timedelta(days=8))
    post = publish_post(author=author, text="while you were away")
    assert _feed(reader) == []  # skipped by the fan-out
    assert _ids(client.get("/api/v1/timelines/home")) == [str(post.pk)]
    assert _feed(reader) == [post.pk]
    assert HomeFeed.objects.get(member=reader).last_read_at > timezone.now() - timedelta(minutes=1)


def test_a_widely_followed_account_is_merged_into_home_when_read(
    store_name, make_member, api_for, settings: Settings
) -> None:
    settings.PARLEY_FEED_FANOUT_LIMIT = 2
    reader, star, friend = make_member("reader"), make_member("star"), make_member("friend")
    for fan in (reader, make_member(), make_member()):
        follow(follower=fan, target=star)
    follow(follower=reader, target=friend)
    client = api_for(reader)
    client.get("/api/v1/timelines/home")
    loud = publish_post(author=star, text="to all")
    quiet = publish_post(author=friend, text="to one")
    older = publish_post(author=star, text="and again")
    assert loud.pk not in _feed(reader)
    assert _ids(client.get("/api/v1/timelines/home")) == [str(older.pk), str(quiet.pk), str(loud.pk)]
    page = client.get("/api/v1/timelines/home", {"limit": 1, "max_id": older.pk})
    assert _ids(page) == [str(quiet.pk)] and 'rel="next"' in page["Link"]


def test_home_answers_from_the_database_while_redis_is_away(make_member, api_for, settings: Settings) -> None:
    settings.PARLEY_FEED_STORE = "redis"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    reader, author = make_member("reader"), make_member("author")
    follow(follower=reader, target=author)
    post = publish_post(author=author, text="posted while Redis is away")  # the failed push does not stop it
    assert _ids(api_for(reader).get("/api/v1/timelines/home")) == [str(post.pk)]


def test_home_answers_from_the_database_when_the_feed_cannot_be_written(
    store_name, make_member, api_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DatabaseError

    import parley.feeds.actions as feed_actions

    reader, author = make_member("reader"), make_member("author")
    follow(follower=reader, target=author)
    post = publish_post(author=author, text="readable while writes are refused")

    def refuse(**_kwargs: object) -> None:
        raise DatabaseError("cannot execute UPDATE in a read-only transaction")

    monkeypatch.setattr(feed_actions, "rebuild_feed", refuse)
    client = api_for(reader)
    assert _ids(client.get("/api/v1/timelines/home")) == [str(post.pk)]
    assert _ids(client.get("/api/v1/timelines/home")) == [str(post.pk)]  # the request's transaction stayed usable
