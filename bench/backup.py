"""Backup, verify and restore time and archive size, as an operator runs them.

Builds a throwaway SQLite instance (the demo data, or with --posts N that many extra posts by
1,000 members with 14-word texts), then times `parley backup`, `parley backup verify` and
`parley restore` into a second empty instance (PostgreSQL with --restore-to postgres://.../db,
which must exist and be empty), each as its own process.

    .venv/bin/python bench/backup.py [--posts 100000] [--restore-to postgres://postgres@127.0.0.1/db]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARLEY = str(Path(sys.executable).parent / "parley")

SEED = """
import random
from datetime import UTC, datetime
from django.db import transaction
from parley.accounts.models import User
from parley.core.ids import id_floor_for_time
from parley.posts.models import Post

rng = random.Random(7)
words = [f"w{{i}}" for i in range(5000)]
with transaction.atomic():
    User.objects.bulk_create(
        [User(username=f"m{{i}}", email=f"m{{i}}@bench.invalid", terms_accepted_version=1) for i in range(1000)],
        batch_size=500,
    )
    users = list(User.objects.filter(username__startswith="m").order_by("id"))
    start = datetime.now(UTC).timestamp() - 60 * 86400
    batch = []
    for n in range({posts}):
        pk = id_floor_for_time(datetime.fromtimestamp(start + n * 60 * 86400 / {posts}, tz=UTC)) + n % 65536
        batch.append(Post(id=pk, conversation_id=pk, author=rng.choice(users), text=" ".join(rng.choices(words, k=14))))
        if len(batch) == 5000:
            Post.objects.bulk_create(batch)
            batch = []
    Post.objects.bulk_create(batch)
"""


def run(data_dir: Path, *args: str, database_url: str = "") -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "SECRET_KEY")}
    env.update(PARLEY_DATA_DIR=str(data_dir), PARLEY_FAST_PASSWORD_HASHER="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    started = time.monotonic()
    subprocess.run([PARLEY, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=0, help="extra posts on top of the demo data")
    parser.add_argument("--restore-to", default="", help="a PostgreSQL URL to restore into (empty database)")
    options = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="parley-bench-backup-"))
    source, target = root / "source", root / "target"
    run(source, "migrate", "-v0")
    run(source, "demo")
    if options.posts:
        run(source, "shell", "-c", SEED.format(posts=options.posts))
    archive = root / "bench.tar.gz"
    figures = {
        "backup": run(source, "backup", "--to", str(archive), "--quiet"),
        "verify": run(source, "backup", "verify", str(archive), "--quiet"),
        "restore": run(target, "restore", str(archive), "--quiet", database_url=options.restore_to),
        "startup": run(source, "check"),  # what each command pays before its work
    }
    print(f"posts: demo + {options.posts:,}; restored into {'PostgreSQL' if options.restore_to else 'SQLite'}")
    print(f"database file: {(source / 'parley.sqlite3').stat().st_size / 1e6:,.1f} MB")
    print(f"archive: {archive.stat().st_size / 1e6:,.2f} MB")
    for name, seconds in figures.items():
        print(f"{name}: {seconds:.1f} s")
    print(f"(throwaway instances in {root})")


if __name__ == "__main__":
    main()
