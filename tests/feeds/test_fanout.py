"""Fan-out on write and the feed-backed home page, on both stores, against the read-time query."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_django.fixtures import Settings

from parley.accounts.actions import block, follow, mute, unfollow
from parley.feeds.models import HomeFeed
from parley.feeds.queries import home_page
from parley.feeds.stores import feed_store
from parley.posts.actions import delete_post, echo_post, publish_post
from parley.posts.queries import home_timeline, paginate
from parley.safety.actions.decisions import decide_item

pytestmark = pytest.mark.django_db


def _home(reader, **cursors) -> list[int]:
    return [p.pk for p in home_page(reader, home_timeline(reader), **cursors).posts]


def _away(member, days: int = 8) -> None:
    HomeFeed.objects.filter(member=member).update(last_read_at=timezone.now() - timedelta(days=days))


def test_a_post_reaches_its_author_and_active_followers_only(store_name, feed_ids, make_member) -> None:
    author, reader, away, stranger = make_member(), make_member(), make_member(), make_member()
    for member in (reader, away):
        follow(follower=member, target=author)
    for member in (author, reader, away, stranger):
        _home(member)  # each builds a feed by reading
    _away(away)
    post = publish_post(author=author, text="hello")
    assert feed_ids(author) == [post.pk]
    assert feed_ids(reader) == [post.pk]
    assert feed_ids(away) == [] and feed_ids(stranger) == []
    # Back after a week: the feed is rebuilt from the database on the first read.
    assert _home(away) == [post.pk]
    assert feed_ids(away) == [post.pk]


def test_a_member_who_never_read_home_gets_no_pushes_then_a_full_feed(store_name, feed_ids, make_member) -> None:
    author, reader = make_member(), make_member()
    follow(follower=reader, target=author)
    posts = [publish_post(author=author, text=f"p{i}") for i in range(3)]
    assert feed_ids(reader) == []
    assert _home(reader) == [p.pk for p in reversed(posts)]


def test_direct_messages_go_to_mentioned_followers_only(store_name, feed_ids, make_member) -> None:
    author, named, other = make_member("author"), make_member("named"), make_member("other")
    for member in (named, other):
        follow(follower=member, target=author)
        _home(member)
    dm = publish_post(author=author, text="@named psst", visibility="direct")
    assert feed_ids(named) == [dm.pk] and _home(named) == [dm.pk]
    assert feed_ids(other) == [] and _home(other) == []


def test_held_post_is_in_its_authors_feed_and_reaches_followers_once_approved(
    store_name, feed_ids, make_member, hold_marked
) -> None:
    author, reader = make_member(), make_member()
    moderator = make_member(moderator=True)
    follow(follower=reader, target=author)
    _home(author), _home(reader)
    held = publish_post(author=author, text="HOLD me")
    assert _home(author) == [held.pk]
    assert feed_ids(reader) == [] and _home(reader) == []
    decide_item(moderator=moderator, action="dismiss", reason="fine", post=held)
    assert feed_ids(reader) == [held.pk] and _home(reader) == [held.pk]


def test_echoes_are_fanned_out(store_name, feed_ids, make_member) -> None:
    author, echoer, reader = make_member(), make_member(), make_member()
    follow(follower=reader, target=echoer)
    _home(reader)
    original = publish_post(author=author, text="worth sharing")
    echo = echo_post(user=echoer, post=original)
    assert feed_ids(reader) == [echo.pk]
    assert _home(reader) == [echo.pk]


def test_follow_backfills_and_unfollow_removes(store_name, feed_ids, make_member) -> None:
    author, reader = make_member(), make_member()
    posts = [publish_post(author=author, text=f"p{i}") for i in range(3)]
    _home(reader)
    follow(follower=reader, target=author)
    assert feed_ids(reader) == [p.pk for p in reversed(posts)]
    unfollow(follower=reader, target=author)
    assert feed_ids(reader) == [] and _home(reader) == []


def test_blocks_mutes_deletes_and_removals_apply_when_read(store_name, make_member, settings: Settings) -> None:
    reader, muted, blocked, plain = make_member(), make_member(), make_member(), make_member()
    moderator = make_member(moderator=True)
    for author in (muted, blocked, plain):
        follow(follower=reader, target=author)
    _home(reader)
    from_muted = publish_post(author=muted, text="muted")
    publish_post(author=blocked, text="blocked")
    deleted = publish_post(author=plain, text="deleted soon")
    removed = publish_post(author=plain, text="removed soon")
    kept = publish_post(author=plain, text="kept")
    mute(muter=reader, target=muted, duration=timedelta(hours=1))
    block(blocker=reader, target=blocked)
    delete_post(actor=plain, post=deleted)
    decide_item(moderator=moderator, action="remove", reason="rule 1", post=removed)
    assert _home(reader) == [kept.pk]
    # Mutes end: the muted posts come back, as they would have from the database.
    reader.mutes_made.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _home(reader) == [kept.pk, from_muted.pk]


def test_accounts_above_the_fan_out_limit_are_merged_when_read(
    store_name, feed_ids, make_member, settings: Settings
) -> None:
    settings.PARLEY_FEED_FANOUT_LIMIT = 2
    star, friend, reader = make_member(), make_member(), make_member()
    fans = [make_member() for _ in range(2)]
    for member in (reader, *fans):
        follow(follower=member, target=star)
    follow(follower=reader, target=friend)
    _home(reader), _home(star)
    star.refresh_from_db()
    loud = publish_post(author=star, text="to my many fans")
    quiet = publish_post(author=friend, text="to my one friend")
    assert feed_ids(reader) == [quiet.pk]
    assert feed_ids(star) == [loud.pk]  # an author's own feed always has their posts
    assert _home(reader) == [quiet.pk, loud.pk]
    assert _home(reader, max_id=quiet.pk) == [loud.pk]


def _all_pages(read, limit: int) -> list[int]:
    seen: list[int] = []
    cursor = None
    while True:
        page = read(max_id=cursor, limit=limit)
        seen += [p.pk for p in page.posts]
        if page.next_max_id is None:
            return seen
        cursor = page.next_max_id


def test_the_feed_reads_exactly_what_the_database_query_reads(store_name, make_member, settings: Settings) -> None:
    """Every cursor, on a small feed (so the floor and the database below it are used), with
    echoes, followers-only posts, a direct message, a merged account, a mute, a block, a deletion."""
    settings.PARLEY_FEED_SIZE = 5
    settings.PARLEY_FEED_FANOUT_LIMIT = 2
    reader, a, b, star, muted, blocked = (make_member(n) for n in ("reader", "a", "b", "star", "muted", "blocked"))
    for fan in (make_member(), make_member()):
        follow(follower=fan, target=star)
    for author in (a, b, star, muted, blocked):
        follow(follower=reader, target=author)
    publish_post(author=a, text="before the first read")
    _home(reader)
    posts = []
    for i in range(6):
        posts.append(publish_post(author=a, text=f"a{i}"))
        posts.append(publish_post(author=b, text=f"b{i}", visibility="followers" if i % 2 else "public"))
        posts.append(publish_post(author=star, text=f"star{i}"))
        posts.append(publish_post(author=muted, text=f"m{i}"))
        posts.append(publish_post(author=reader, text=f"me{i}"))
    publish_post(author=a, text="@reader just us", visibility="direct")
    echo_post(user=b, post=posts[0])
    publish_post(author=blocked, text="never seen")
    delete_post(actor=a, post=posts[5])
    mute(muter=reader, target=muted)
    block(blocker=reader, target=blocked)

    def expected(**cursors):
        return paginate(home_timeline(reader), **cursors)

    def actual(**cursors):
        return home_page(reader, home_timeline(reader), **cursors)

    everything = [p.pk for p in expected(limit=40).posts]
    assert len(everything) > 20
    for limit in (1, 3, 7, 40):
        assert _all_pages(actual, limit) == _all_pages(expected, limit)
    for cursor in everything:
        for key in ("max_id", "since_id", "min_id"):
            want, got = expected(**{key: cursor, "limit": 4}), actual(**{key: cursor, "limit": 4})
            assert [p.pk for p in got.posts] == [p.pk for p in want.posts], (key, cursor)
            assert (got.next_max_id, got.prev_min_id) == (want.next_max_id, want.prev_min_id), (key, cursor)
        both = {"max_id": everything[0], "min_id": cursor, "limit": 3}
        assert [p.pk for p in actual(**both).posts] == [p.pk for p in expected(**both).posts]


def test_losing_the_store_loses_nothing_and_the_command_rebuilds(store_name, feed_ids, make_member) -> None:
    author, reader = make_member("author"), make_member("reader")
    follow(follower=reader, target=author)
    _home(reader)
    post = publish_post(author=author, text="kept safe")
    feed_store().drop(reader.pk)  # as if Redis had been flushed
    call_command("feeds", "rebuild")
    assert feed_ids(reader) == [post.pk]
    feed_store().drop(reader.pk)
    call_command("feeds", "rebuild", "--member", "READER")
    assert feed_ids(reader) == [post.pk]
    feed_store().drop(reader.pk)
    assert _home(reader) == [post.pk]  # or simply on the next read
    with pytest.raises(CommandError, match="No member named nobody"):
        call_command("feeds", "rebuild", "--member", "nobody")


def test_rebuild_forgets_the_feeds_of_members_away(store_name, feed_ids, make_member) -> None:
    author, reader = make_member(), make_member()
    follow(follower=reader, target=author)
    _home(reader)
    publish_post(author=author, text="while away")
    _away(reader)
    call_command("feeds", "rebuild")
    assert feed_store().floor(reader.pk) is None


def test_an_erased_member_leaves_no_feed_behind(store_name, make_member) -> None:
    from parley.accounts.erasure import erase_account

    member = make_member()
    _home(member)
    assert feed_store().floor(member.pk) == 0
    erase_account(user=member)
    assert feed_store().floor(member.pk) is None
