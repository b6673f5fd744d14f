"""Timeline query latency on a populated instance (SQLite by default; DATABASE_URL for PostgreSQL).

Builds a throwaway instance with 1,000 members and 200,000 posts, then times the home timeline of
a member following 200 accounts, the local and hashtag timelines, a deep page, search and the
unread-notification count. Prints p50/p95/p99 in milliseconds.

    .venv/bin/python bench/timelines.py [--posts 200000]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PARLEY_DATA_DIR", tempfile.mkdtemp(prefix="parley-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
os.environ.setdefault("PARLEY_FAST_PASSWORD_HASHER", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from parley.accounts.models import Follow, User  # noqa: E402
from parley.core.ids import id_floor_for_time  # noqa: E402
from parley.posts.models import Hashtag, Post, PostHashtag  # noqa: E402
from parley.posts.notifications import unread_count  # noqa: E402
from parley.posts.queries import hashtag_timeline, home_timeline, paginate, public_timeline  # noqa: E402
from parley.posts.search import search_posts  # noqa: E402

# A Zipf-like vocabulary of 5,000 words, so search and hashtag selectivity resemble real text.
VOCABULARY = [f"w{i}" for i in range(5000)]
ZIPF_WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def populate(members: int, posts: int) -> User:
    rng = random.Random(7)
    with transaction.atomic():
        users = [User(username=f"m{i}", email=f"m{i}@bench.invalid", terms_accepted_version=1) for i in range(members)]
        User.objects.bulk_create(users, batch_size=500)
        users = list(User.objects.order_by("id"))
        reader = users[0]
        Follow.objects.bulk_create([Follow(follower=reader, followee=u) for u in users[1:201]])
        tag = Hashtag.objects.create(name="rain")  # on about 2 % of posts
        batch: list[Post] = []
        links: list[PostHashtag] = []
        # Spread the posts over the last 60 days, as a real instance's would be.
        start = time.time() - 60 * 86400
        stamps = sorted(start + rng.random() * 60 * 86400 for _ in range(posts))
        for n, stamp in enumerate(stamps):
            pk = id_floor_for_time(datetime.fromtimestamp(stamp, tz=UTC)) + n % 65536
            words = rng.choices(VOCABULARY, weights=ZIPF_WEIGHTS, k=14)
            tagged = rng.random() < 0.02
            post = Post(
                id=pk, conversation_id=pk, author=rng.choice(users), text=" ".join(words) + (" #rain" if tagged else "")
            )
            batch.append(post)
            if tagged:
                links.append(PostHashtag(post=post, hashtag=tag))
            if len(batch) == 5000:
                Post.objects.bulk_create(batch)
                PostHashtag.objects.bulk_create(links)
                batch, links = [], []
        Post.objects.bulk_create(batch)
        PostHashtag.objects.bulk_create(links)
    # Planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) keep them live.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return reader


def timed(label: str, run, repeat: int = 200) -> None:
    for _ in range(5):
        run()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]  # noqa: E731
    print(f"{label:<44} p50 {statistics.median(samples):7.2f} ms   p95 {p(0.95):7.2f} ms   p99 {p(0.99):7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=200_000)
    args = parser.parse_args()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    existing = User.objects.order_by("id").first()
    # Reusing a populated PARLEY_DATA_DIR lets one compare query changes on the same data.
    reader = existing if existing is not None and Post.objects.exists() else populate(args.members, args.posts)
    print(
        f"{connection.vendor}: {args.members} members, {args.posts} posts, built in {time.perf_counter() - started:.0f} s"
    )
    deep_cursor = paginate(home_timeline(reader), limit=40).next_max_id
    for _ in range(20):
        deep_cursor = paginate(home_timeline(reader), max_id=deep_cursor, limit=40).next_max_id
    timed("home timeline, following 200, limit 20", lambda: paginate(home_timeline(reader), limit=20))
    timed(
        "home timeline, page 21 (max_id cursor)", lambda: paginate(home_timeline(reader), max_id=deep_cursor, limit=20)
    )
    timed("local timeline, limit 20", lambda: paginate(public_timeline(reader), limit=20))
    timed("hashtag timeline #rain, limit 20", lambda: paginate(hashtag_timeline(reader, "rain"), limit=20))
    timed(
        "search 'w40 w90' (two mid-frequency words)",
        lambda: paginate(search_posts("w40 w90", viewer=reader), limit=20),
        repeat=50,
    )
    timed("unread notification count", lambda: unread_count(reader))


if __name__ == "__main__":
    main()
