"""Where home feeds are kept: one interface, a SQL store (the default) and a Redis store.

A feed is the newest post ids of one member's home, at most PARLEY_FEED_SIZE of them, and a
*floor*: every post at or above the floor that belongs in the feed is in it (older ones were
trimmed or never loaded, and are read from the database instead). A feed with no floor was never
built, or the store lost it: it is rebuilt from the database on its owner's next read. Stores keep
ids only; what a reader may see is decided when reading, by the visibility rule.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F

from parley.feeds.models import FeedEntry, SqlFeed
from parley.posts.models import Post

# Backends write in batches of this many rows or commands.
BATCH = 1000


@dataclass(frozen=True)
class Entry:
    post_id: int
    author_id: int


class FeedStore(Protocol):
    def floor(self, owner_id: int) -> int | None:
        """The feed's floor, or None when it is not built."""

    def replace(self, owner_id: int, entries: Sequence[Entry], *, floor: int) -> None:
        """The feed is now exactly `entries` (newest first, at most the feed size), complete from `floor`."""

    def push(self, owner_ids: Sequence[int], entry: Entry) -> None:
        """Add one post to each built feed among `owner_ids` (fan-out); feeds not built are skipped."""

    def add(self, owner_id: int, entries: Sequence[Entry], *, floor: int) -> None:
        """Add posts to a built feed (a backfill), whose floor rises to at least `floor`."""

    def remove_author(self, owner_id: int, author_id: int) -> None:
        """Take an author's posts and echoes out of one feed."""

    def ids(self, owner_id: int, *, below: int | None, above: int | None, count: int, ascending: bool) -> list[int]:
        """Up to `count` post ids strictly between `above` and `below`, newest first or oldest first."""

    def drop(self, owner_id: int) -> None:
        """Forget the feed: it is rebuilt on its owner's next read."""


def feed_size() -> int:
    return int(settings.PARLEY_FEED_SIZE)


class SqlFeedStore:
    """Feeds as rows of the database Parley already has: nothing more to run."""

    def floor(self, owner_id: int) -> int | None:
        return SqlFeed.objects.filter(owner_id=owner_id).values_list("floor_id", flat=True).first()

    @transaction.atomic
    def replace(self, owner_id: int, entries: Sequence[Entry], *, floor: int) -> None:
        FeedEntry.objects.filter(owner_id=owner_id).delete()
        FeedEntry.objects.bulk_create(
            [FeedEntry(owner_id=owner_id, post_id=e.post_id, author_id=e.author_id) for e in entries],
            batch_size=BATCH,
        )
        SqlFeed.objects.update_or_create(owner_id=owner_id, defaults={"floor_id": floor, "added": 0})

    @transaction.atomic
    def push(self, owner_ids: Sequence[int], entry: Entry) -> None:
        for start in range(0, len(owner_ids), BATCH):
            chunk = owner_ids[start : start + BATCH]
            built = list(SqlFeed.objects.filter(owner_id__in=chunk).values_list("owner_id", flat=True))
            FeedEntry.objects.bulk_create(
                [FeedEntry(owner_id=owner, post_id=entry.post_id, author_id=entry.author_id) for owner in built],
                ignore_conflicts=True,
            )
            SqlFeed.objects.filter(owner_id__in=built).update(added=F("added") + 1)
            # Trimming reads the owner's index: it runs once the pushes since the last trim
            # reach an eighth of the feed size, so a feed holds at most 9/8 of it.
            slack = max(1, feed_size() // 8)
            for owner in SqlFeed.objects.filter(owner_id__in=built, added__gte=slack).values_list(
                "owner_id", flat=True
            ):
                self.trim(owner)

    @transaction.atomic
    def add(self, owner_id: int, entries: Sequence[Entry], *, floor: int) -> None:
        current = SqlFeed.objects.select_for_update().filter(owner_id=owner_id).first()
        if current is None:
            return
        floor = max(floor, current.floor_id)
        FeedEntry.objects.bulk_create(
            [
                FeedEntry(owner_id=owner_id, post_id=e.post_id, author_id=e.author_id)
                for e in entries
                if e.post_id >= floor
            ],
            ignore_conflicts=True,
            batch_size=BATCH,
        )
        SqlFeed.objects.filter(owner_id=owner_id).update(floor_id=floor)
        self.trim(owner_id)

    def trim(self, owner_id: int) -> None:
        """Keep the newest feed-size entries; the floor rises to the oldest kept when any went."""
        size = feed_size()
        entries = FeedEntry.objects.filter(owner_id=owner_id)
        oldest_kept = entries.order_by("-post_id").values_list("post_id", flat=True)[size - 1 : size].first()
        trimmed = 0
        if oldest_kept is not None:
            trimmed, _details = entries.filter(post_id__lt=oldest_kept).delete()
        update: dict[str, object] = {"added": 0}
        if trimmed:
            update["floor_id"] = oldest_kept
        SqlFeed.objects.filter(owner_id=owner_id).update(**update)

    def remove_author(self, owner_id: int, author_id: int) -> None:
        FeedEntry.objects.filter(owner_id=owner_id, author_id=author_id).delete()

    def ids(self, owner_id: int, *, below: int | None, above: int | None, count: int, ascending: bool) -> list[int]:
        entries = FeedEntry.objects.filter(owner_id=owner_id)
        if below is not None:
            entries = entries.filter(post_id__lt=below)
        if above is not None:
            entries = entries.filter(post_id__gt=above)
        order = "post_id" if ascending else "-post_id"
        return list(entries.order_by(order).values_list("post_id", flat=True)[:count])

    @transaction.atomic
    def drop(self, owner_id: int) -> None:
        FeedEntry.objects.filter(owner_id=owner_id).delete()
        SqlFeed.objects.filter(owner_id=owner_id).delete()


# Adds ids to a built feed (the floor key exists), skipping those below its floor, raises the
# floor to ARGV[2] at least, then trims to ARGV[1] entries, raising the floor to the oldest kept.
# Ids are compared as decimal strings (Lua numbers are doubles: 64-bit ids lose precision).
_ADD_SCRIPT = """
local function greater(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end
local floor = redis.call('GET', KEYS[2])
if not floor then return 0 end
if greater(ARGV[2], floor) then
  floor = ARGV[2]
  redis.call('SET', KEYS[2], floor)
end
for i = 3, #ARGV do
  if not greater(floor, ARGV[i]) then
    redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i])
  end
end
local size = tonumber(ARGV[1])
local n = redis.call('ZCARD', KEYS[1])
if n > size then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - size - 1)
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if greater(oldest, floor) then redis.call('SET', KEYS[2], oldest) end
end
return 1
"""

# Scores are doubles, exact only up to 2^53; ids are larger, so neighbouring ids may share a
# score. Ranges are read a little wider and cut exactly on the members (the ids as text).
_SCORE_SLACK = 8


class RedisFeedStore:
    """Feeds as one Redis sorted set per member (scored by post id) and a floor key, as Mastodon keeps them."""

    def __init__(self, client: redis.Redis, prefix: str = "parley:feed:") -> None:
        self.client = client
        self.prefix = prefix
        self._add = client.register_script(_ADD_SCRIPT)

    def _keys(self, owner_id: int) -> list[str]:
        return [f"{self.prefix}{owner_id}", f"{self.prefix}{owner_id}:floor"]

    def floor(self, owner_id: int) -> int | None:
        value = self.client.get(self._keys(owner_id)[1])
        return None if value is None else int(value)

    def replace(self, owner_id: int, entries: Sequence[Entry], *, floor: int) -> None:
        feed, floor_key = self._keys(owner_id)
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(feed)
        if entries:
            pipe.zadd(feed, {str(e.post_id): e.post_id for e in entries})
        pipe.set(floor_key, str(floor))
        pipe.execute()

    def push(self, owner_ids: Sequence[int], entry: Entry) -> None:
        size = str(feed_size())
        for start in range(0, len(owner_ids), BATCH):
            pipe = self.client.pipeline(transaction=False)
            for owner in owner_ids[start : start + BATCH]:
                self._add(keys=self._keys(owner), args=[size, "0", str(entry.post_id)], client=pipe)
            pipe.execute()

    def add(self, owner_id: int, entries: Sequence[Entry], *, floor: int) -> None:
        self._add(keys=self._keys(owner_id), args=[str(feed_size()), str(floor), *(str(e.post_id) for e in entries)])

    def remove_author(self, owner_id: int, author_id: int) -> None:
        feed = self._keys(owner_id)[0]
        oldest = self.client.zrange(feed, 0, 0)
        if not oldest:
            return
        ids = Post.objects.filter(author_id=author_id, id__gte=_as_id(oldest[0])).values_list("id", flat=True)
        members = [str(pk) for pk in ids]
        for start in range(0, len(members), BATCH):
            self.client.zrem(feed, *members[start : start + BATCH])

    def ids(self, owner_id: int, *, below: int | None, above: int | None, count: int, ascending: bool) -> list[int]:
        feed = self._keys(owner_id)[0]
        low = "-inf" if above is None else str(above)
        high = "+inf" if below is None else str(below)
        wanted = count + _SCORE_SLACK
        if ascending:
            raw = self.client.zrangebyscore(feed, low, high, start=0, num=wanted)
        else:
            raw = self.client.zrevrangebyscore(feed, high, low, start=0, num=wanted)
        ids = [_as_id(member) for member in raw]
        # Members sharing a score are ordered as text, which is numeric order for ids of one length.
        ids.sort(reverse=not ascending)
        kept = [pk for pk in ids if (below is None or pk < below) and (above is None or pk > above)]
        return kept[:count]

    def drop(self, owner_id: int) -> None:
        self.client.delete(*self._keys(owner_id))


def _as_id(member: object) -> int:
    """A sorted-set member (the id as text) as an int."""
    if not isinstance(member, bytes | str):
        raise TypeError(f"unexpected feed member {member!r}")
    return int(member)


@cache
def _redis_client(url: str) -> redis.Redis:
    # An unreachable Redis must cost a request little: without these a connect can hang.
    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1.0)


def feed_store() -> FeedStore:
    """The store the settings name: `sql` (default) or `redis` (with REDIS_URL)."""
    if settings.PARLEY_FEED_STORE == "redis":
        return RedisFeedStore(_redis_client(settings.REDIS_URL))
    return SqlFeedStore()
