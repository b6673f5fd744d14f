"""The two FeedStores keep the same feeds: order, bounds, trimming and its floor, removal."""

import pytest
from pytest_django.fixtures import Settings

from parley.feeds.stores import Entry, feed_store
from parley.posts.actions import publish_post

pytestmark = pytest.mark.django_db


def _posts(author, n: int) -> list[Entry]:
    return [Entry(publish_post(author=author, text=f"post {i}").pk, author.pk) for i in range(n)]


def test_a_feed_not_built_has_no_floor_and_takes_no_pushes(store_name: str, make_member) -> None:
    owner, author = make_member(), make_member()
    store = feed_store()
    assert store.floor(owner.pk) is None
    (entry,) = _posts(author, 1)
    store.push([owner.pk], entry)
    assert store.ids(owner.pk, below=None, above=None, count=10, ascending=False) == []
    store.add(owner.pk, [entry], floor=0)
    assert store.floor(owner.pk) is None


def test_ids_in_order_within_exclusive_bounds(store_name: str, make_member) -> None:
    owner, author = make_member(), make_member()
    entries = _posts(author, 6)
    ids = [e.post_id for e in entries]
    store = feed_store()
    store.replace(owner.pk, list(reversed(entries)), floor=0)
    assert store.floor(owner.pk) == 0
    assert store.ids(owner.pk, below=None, above=None, count=10, ascending=False) == ids[::-1]
    assert store.ids(owner.pk, below=ids[4], above=ids[1], count=10, ascending=False) == [ids[3], ids[2]]
    assert store.ids(owner.pk, below=ids[4], above=ids[1], count=1, ascending=True) == [ids[2]]
    assert store.ids(owner.pk, below=None, above=ids[5], count=10, ascending=True) == []


def test_pushes_trim_to_the_feed_size_and_raise_the_floor(store_name: str, make_member, settings: Settings) -> None:
    settings.PARLEY_FEED_SIZE = 3
    owner, author = make_member(), make_member()
    entries = _posts(author, 8)
    store = feed_store()
    store.replace(owner.pk, [], floor=0)
    for entry in entries:
        store.push([owner.pk], entry)
    kept = store.ids(owner.pk, below=None, above=None, count=10, ascending=False)
    assert kept == [e.post_id for e in entries[-3:]][::-1]
    assert store.floor(owner.pk) == entries[-3].post_id


def test_backfill_skips_what_is_below_the_floor_and_raises_it(store_name: str, make_member) -> None:
    owner, author = make_member(), make_member()
    entries = _posts(author, 5)
    store = feed_store()
    store.replace(owner.pk, [entries[4], entries[3]], floor=entries[3].post_id)
    store.add(owner.pk, [entries[2], entries[1]], floor=0)
    assert store.ids(owner.pk, below=None, above=None, count=10, ascending=False) == [
        entries[4].post_id,
        entries[3].post_id,
    ]
    store.add(owner.pk, [], floor=entries[4].post_id)
    assert store.floor(owner.pk) == entries[4].post_id


def test_remove_author_takes_only_that_author_out(store_name: str, make_member) -> None:
    owner, first, second = make_member(), make_member(), make_member()
    mine, theirs = _posts(first, 2), _posts(second, 2)
    store = feed_store()
    store.replace(owner.pk, sorted(mine + theirs, key=lambda e: -e.post_id), floor=0)
    store.remove_author(owner.pk, first.pk)
    assert store.ids(owner.pk, below=None, above=None, count=10, ascending=False) == [
        theirs[1].post_id,
        theirs[0].post_id,
    ]


def test_drop_forgets_the_feed(store_name: str, make_member) -> None:
    owner, author = make_member(), make_member()
    store = feed_store()
    store.replace(owner.pk, _posts(author, 2), floor=0)
    store.drop(owner.pk)
    assert store.floor(owner.pk) is None
    assert store.ids(owner.pk, below=None, above=None, count=10, ascending=False) == []
