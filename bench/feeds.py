"""Home timeline before and after precomputed feeds, side by side in one run.

Builds the instance of bench/timelines.py (1,000 members, 200,000 posts over 60 days, the reader
following 200 accounts; SQLite by default, DATABASE_URL for PostgreSQL; ANALYZE after seeding),
then times, in process, one page of the reader's home: the read-time query (`paginate` over
`home_timeline`, as before) and the same page read through the SQL feed store and, when Redis
answers at BENCH_REDIS_URL (default redis://127.0.0.1:6379/3), the Redis store. It also times
the fan-out of one post to 1,000 active followers on each store. The readers take turns, round
after round, so load from elsewhere on the machine weighs on each alike.

    .venv/bin/python bench/feeds.py [--posts 200000]
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from bench.timelines import populate
from parley.accounts.models import Follow, User
from parley.feeds.actions import fan_out_post, rebuild_feed
from parley.feeds.models import HomeFeed
from parley.feeds.queries import home_page
from parley.feeds.stores import feed_store
from parley.posts.models import Post
from parley.posts.queries import home_timeline, paginate

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")


def stores() -> list[tuple[str, dict[str, str]]]:
    found = [("SQL store", {"PARLEY_FEED_STORE": "sql"})]
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
        found.append(("Redis store", {"PARLEY_FEED_STORE": "redis", "REDIS_URL": REDIS_URL}))
    except redis.RedisError:
        print(f"(no Redis at {REDIS_URL}: the Redis store is not measured)")
    return found


def fan_out_time(author: User, followers: list[User], repeat: int = 5) -> float:
    """Median seconds to push one post to every follower's (built, active) feed."""
    posts = list(Post.objects.filter(author=author).order_by("-id")[:repeat])
    samples = []
    for post in posts:
        start = time.perf_counter()
        fan_out_post(post=post)
        samples.append(time.perf_counter() - start)
    samples.sort()
    return samples[len(samples) // 2]


Reader = tuple[dict[str, str], Callable[[], object]]


def side_by_side(label: str, readers: dict[str, Reader], repeat: int = 200) -> None:
    """Time each reader in turn, round after round, so machine load weighs on all alike."""
    samples: dict[str, list[float]] = {name: [] for name in readers}
    for round_number in range(repeat + 5):
        for name, (overrides, run) in readers.items():
            with override_settings(**overrides):
                start = time.perf_counter()
                run()
                elapsed = (time.perf_counter() - start) * 1000
            if round_number >= 5:  # warm-up rounds are not counted
                samples[name].append(elapsed)
    for name, values in samples.items():
        values.sort()
        p95, p99 = (values[min(len(values) - 1, int(q * len(values)))] for q in (0.95, 0.99))
        print(f"{label:<22} {name:<30} p50 {statistics.median(values):7.2f} ms   p95 {p95:7.2f} ms   p99 {p99:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=200_000)
    args = parser.parse_args()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    existing = User.objects.order_by("id").first()
    reader = existing if existing is not None and Post.objects.exists() else populate(args.members, args.posts)
    print(
        f"{connection.vendor}: {args.members} members, {args.posts} posts, ready in {time.perf_counter() - started:.0f} s"
    )

    def deep_cursor(pages: int) -> int | None:
        cursor = None
        for _ in range(pages):
            cursor = paginate(home_timeline(reader), max_id=cursor, limit=20).next_max_id
        return cursor

    readers_of_store = {name: overrides for name, overrides in stores()}
    for name, overrides in readers_of_store.items():
        with override_settings(**overrides):
            start = time.perf_counter()
            rebuild_feed(member=reader)
            print(f"{name}: the reader's feed built in {(time.perf_counter() - start) * 1000:.0f} ms")
    for label, cursor in (
        ("home, first page", None),
        ("home, page 5", deep_cursor(4)),
        ("home, page 21", deep_cursor(20)),
    ):
        readers: dict[str, Reader] = {
            "before (read-time query)": ({}, lambda c=cursor: paginate(home_timeline(reader), max_id=c, limit=20))
        }
        for name, overrides in readers_of_store.items():
            readers[f"after ({name})"] = (
                overrides,
                lambda c=cursor: home_page(reader, home_timeline(reader), max_id=c, limit=20),
            )
        side_by_side(label, readers)

    # Fan-out: every other member follows one author and reads home (a built, active feed).
    author = User.objects.exclude(pk=reader.pk).order_by("id").first()
    assert author is not None
    fans = list(User.objects.exclude(pk=author.pk))
    Follow.objects.bulk_create([Follow(follower=f, followee=author) for f in fans], ignore_conflicts=True)
    User.objects.filter(pk=author.pk).update(followers_count=len(fans))
    author.refresh_from_db()
    for fan in fans:
        HomeFeed.objects.update_or_create(member=fan, defaults={"last_read_at": timezone.now()})
    for name, overrides in readers_of_store.items():
        with override_settings(**overrides):
            for fan in fans:
                feed_store().replace(fan.pk, [], floor=0)
            seconds = fan_out_time(author, fans)
            print(f"after ({name}): fan-out of one post to {len(fans)} active followers: {seconds * 1000:.0f} ms")
            for fan in fans:
                feed_store().drop(fan.pk)


if __name__ == "__main__":
    main()
