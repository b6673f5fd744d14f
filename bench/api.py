"""Mastodon API throughput and latency over HTTP, one gunicorn worker on loopback.

Builds a throwaway instance (SQLite by default; DATABASE_URL for PostgreSQL) with 400 members
and 20,000 posts, a reader following 200 accounts, then measures sequential requests:

- GET /api/v1/timelines/home?limit=20 as the reader (presenting 20 statuses, filters applied);
- POST /api/v1/statuses (validation, screening, storage, presentation).

Prints requests/second and p50/p95/p99 and appends a section to docs/benchmarks.md.

    .venv/bin/python bench/api.py [--timeline-requests 500] [--post-requests 200] [--no-record]
"""

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PARLEY_DATA_DIR", tempfile.mkdtemp(prefix="parley-bench-api-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
os.environ.setdefault("PARLEY_FAST_PASSWORD_HASHER", "1")
os.environ["PARLEY_API_RATE_LIMIT"] = str(10**9)  # measure the server, not the limiter

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from parley.accounts.models import Follow, User  # noqa: E402
from parley.core.ids import id_floor_for_time  # noqa: E402
from parley.mastodon_api.actions import create_token  # noqa: E402
from parley.posts.models import Post  # noqa: E402

WORDS = [
    "river",
    "morning",
    "bread",
    "garden",
    "train",
    "music",
    "market",
    "bicycle",
    "coffee",
    "library",
    "rain",
    "park",
]


def populate(members: int, posts: int) -> User:
    rng = random.Random(11)
    now = datetime.now(UTC).timestamp()
    with transaction.atomic():
        User.objects.bulk_create(
            [User(username=f"m{i}", email=f"m{i}@bench.invalid", terms_accepted_version=1) for i in range(members)],
            batch_size=500,
        )
        users = list(User.objects.order_by("id"))
        reader = users[0]
        Follow.objects.bulk_create([Follow(follower=reader, followee=u) for u in users[1:201]])
        User.objects.filter(pk=reader.pk).update(following_count=200)
        stamps = sorted(now - 30 * 86400 + rng.random() * 30 * 86400 for _ in range(posts))
        batch = []
        for n, stamp in enumerate(stamps):
            pk = id_floor_for_time(datetime.fromtimestamp(stamp, tz=UTC)) + n % 65536
            text = " ".join(rng.choices(WORDS, k=12)).capitalize() + "."
            batch.append(Post(id=pk, author=rng.choice(users[1:]), text=text, conversation_id=pk))
            if len(batch) == 2000:
                Post.objects.bulk_create(batch)
                batch = []
        Post.objects.bulk_create(batch)
    reader.refresh_from_db()
    return reader


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(name: str, count: int, call: Callable[[int], requests.Response]) -> dict[str, float]:
    for i in range(min(20, count)):  # warm up: imports, caches, connections
        call(-1 - i)
    timings = []
    started = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        response = call(i)
        timings.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{name}: HTTP {response.status_code}: {response.text[:300]}")
    elapsed = time.perf_counter() - started
    result = {
        "requests": count,
        "rps": count / elapsed,
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "p99": percentile(timings, 0.99),
    }
    print(
        f"{name:<34} {result['rps']:7.1f} req/s   p50 {result['p50']:6.1f} ms   "
        f"p95 {result['p95']:6.1f} ms   p99 {result['p99']:6.1f} ms   ({count} requests)"
    )
    return result


def record(results: dict[str, dict[str, float]], args: argparse.Namespace) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    cpu = platform.processor() or platform.machine()
    lines = [
        "",
        f"## Mastodon API over HTTP (bench/api.py), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {os.cpu_count()} CPU cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, database {connection.vendor}. One gunicorn sync worker "
        f"on 127.0.0.1, sequential requests from one client on the same machine. Instance: "
        f"{args.members} members, {args.posts} posts; the reader follows 200 accounts. "
        f"Load average during the run: {os.getloadavg()[0]:.1f} (other work on the machine "
        "slows every figure down).",
        "",
        "| Request | req/s | p50 ms | p95 ms | p99 ms | requests |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['requests']:.0f} |"
        )
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n")
    print(f"recorded in {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--timeline-requests", type=int, default=500)
    parser.add_argument("--post-requests", type=int, default=200)
    parser.add_argument("--no-record", action="store_true", help="print only")
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    reader = populate(args.members, args.posts)
    token = create_token(username=reader.username, scopes=["read", "write"])
    connection.close()

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "parley.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):  # the worker loads Django and the screening model first
            try:
                requests.get(f"{base}/api/v1/instance", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        results = {
            "GET home timeline (limit 20)": measure(
                "GET /api/v1/timelines/home?limit=20",
                args.timeline_requests,
                lambda i: session.get(f"{base}/api/v1/timelines/home", params={"limit": 20}, timeout=30),
            ),
            "POST status (screening included)": measure(
                "POST /api/v1/statuses",
                args.post_requests,
                lambda i: session.post(
                    f"{base}/api/v1/statuses",
                    data={"status": f"Bench note {i}: the {WORDS[i % len(WORDS)]} by the station was lovely today."},
                    timeout=30,
                ),
            ),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
    if not args.no_record:
        record(results, args)


if __name__ == "__main__":
    main()
