"""The home timeline read from the member's feed, page by page, with the same cursors as `paginate`.

A page is the newest posts of up to three sources, each already narrowed by the caller's rule
(`rows`: the home timeline's visibility, follows, blocks, mutes and exclusive lists), merged:
the feed (ids newest first, loaded through `rows`, so a stale entry is simply not shown), the
database below the feed's floor (older than anything kept), and the posts of followed accounts
above the fan-out limit (never pushed, merged here). Reading notes the visit and rebuilds a feed
that is missing or whose owner was away, so the read refreshes a cache it owns.
"""

import logging
from collections.abc import Sequence

import redis
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import QuerySet, prefetch_related_objects

from parley.accounts.models import Follow, User
from parley.feeds.actions import prepare_home_feed
from parley.feeds.stores import FeedStore, feed_store
from parley.posts.models import Post
from parley.posts.queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, paginate

logger = logging.getLogger(__name__)


def merged_authors(viewer: User) -> list[int]:
    """Followed accounts whose posts are merged when read. Half the fan-out limit, so an account
    whose follower count hovers around the limit is in one place or the other, never neither."""
    limit = settings.PARLEY_FEED_FANOUT_LIMIT // 2
    return list(
        Follow.objects.filter(follower=viewer, followee__followers_count__gt=limit).values_list(
            "followee_id", flat=True
        )
    )


def _from_feed(
    store: FeedStore,
    owner_id: int,
    rows: "QuerySet[Post]",
    *,
    below: int | None,
    above: int | None,
    limit: int,
    ascending: bool,
) -> tuple[list[Post], bool]:
    """Up to `limit` posts of the feed that `rows` admits, in the page's direction, and whether more follow."""
    found: list[Post] = []
    count = limit + 1
    while len(found) <= limit:
        ids = store.ids(owner_id, below=below, above=above, count=count, ascending=ascending)
        if not ids:
            break
        loaded = {post.pk: post for post in rows.filter(pk__in=ids)}
        found.extend(loaded[pk] for pk in ids if pk in loaded)
        if len(ids) < count:
            break
        if ascending:
            above = ids[-1]
        else:
            below = ids[-1]
        count = min(count * 2, MAX_PAGE_SIZE * 10)  # entries the reader may not see: look further
    return found[:limit], len(found) > limit


def _from_database(
    rows: "QuerySet[Post]", *, max_id: int | None, since_id: int | None, min_id: int | None, limit: int
) -> tuple[list[Post], bool]:
    page = paginate(rows, max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
    posts = list(reversed(page.posts)) if min_id is not None else page.posts
    more = page.prev_min_id is not None if min_id is not None else page.next_max_id is not None
    return posts, more


def _merge(sources: Sequence[tuple[list[Post], bool]], *, limit: int, ascending: bool) -> Page[Post]:
    union = {post.pk: post for posts, _more in sources for post in posts}
    ordered = sorted(union.values(), key=lambda post: post.pk, reverse=not ascending)
    more = len(ordered) > limit or any(more for _posts, more in sources)
    rows = ordered[:limit]
    if ascending:
        rows.reverse()
        return Page(rows, rows[-1].pk if rows else None, rows[0].pk if rows and more else None)
    return Page(rows, rows[-1].pk if rows and more else None, rows[0].pk if rows else None)


def home_page(
    viewer: User,
    rows: "QuerySet[Post]",
    *,
    max_id: int | None = None,
    since_id: int | None = None,
    min_id: int | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> Page[Post]:
    """A page of the viewer's home (`rows`: their home timeline's rule) read through their feed."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    try:
        with transaction.atomic():  # a savepoint: a refused write leaves the request's transaction usable
            floor = prepare_home_feed(member=viewer)
        store = feed_store()
        lookups = rows._prefetch_related_lookups  # type: ignore[attr-defined]  # Django keeps no public accessor
        bare = rows.prefetch_related(None)
        ascending = min_id is not None
        bounds = [bound for bound in (since_id, min_id) if bound is not None]
        above = max(bounds) if bounds else None
        feed_above = floor - 1 if above is None or above < floor else above
        sources = [_from_feed(store, viewer.pk, bare, below=max_id, above=feed_above, limit=limit, ascending=ascending)]
    except (redis.RedisError, DatabaseError):
        # The Redis store is away, or the database refuses writes (read-only, a restore): the home
        # timeline is still the database's, only slower.
        logger.warning("home feed unavailable; reading the home timeline from the database", exc_info=True)
        return paginate(rows, max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
    # Below the floor the database answers; newest first, only when the feed could not fill the page.
    feed_filled = sources[0][1]
    if floor > 0 and (above is None or above < floor - 1) and (ascending or not feed_filled):
        older = bare.filter(id__lt=floor)
        sources.append(_from_database(older, max_id=max_id, since_id=since_id, min_id=min_id, limit=limit))
    merged = merged_authors(viewer)
    if merged:
        theirs = bare.filter(author_id__in=merged)
        sources.append(_from_database(theirs, max_id=max_id, since_id=since_id, min_id=min_id, limit=limit))
    page = _merge(sources, limit=limit, ascending=ascending)
    if lookups:
        prefetch_related_objects(page.posts, *lookups)
    return page


class HomeFeedPaginator:
    """`paginate`'s signature for one viewer's home, for the interfaces' paginators."""

    def __init__(self, viewer: User) -> None:
        self.viewer = viewer

    def __call__(
        self,
        rows: "QuerySet[Post]",
        /,
        *,
        max_id: int | None = None,
        since_id: int | None = None,
        min_id: int | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
    ) -> Page[Post]:
        return home_page(self.viewer, rows, max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
