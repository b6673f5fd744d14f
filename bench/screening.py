"""Screening speed and memory on one core: `taskset -c 0 .venv/bin/python bench/screening.py`.

Prints p50/p99 latency of screening one post (normalisation, rules, classifier, encoder,
context, decide), posts per second in batch, and the resident memory the loaded models add to a
process. The encoder's int8 build is made first if missing (not timed: `parley moderation prepare`).
Runs against a throwaway SQLite database with the shipped rules.
"""

import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
_tmp = tempfile.mkdtemp(prefix="parley-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"
os.environ.setdefault("PARLEY_DATA_DIR", _tmp)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    # The classifier's libraries count as its memory too: they are loaded first, apart from
    # Django, to measure them.
    bare = rss_mb()
    import numpy  # noqa: F401
    import onnxruntime  # noqa: F401
    import scipy.sparse  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401

    libraries = rss_mb() - bare
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from parley.screening.detectors.base import ScreeningContext
    from parley.screening.encoder import runtime
    from parley.screening.pipeline import screen_many, screen_text
    from parley.screening.tooling.datasets import BENIGN_SET

    runtime.build_if_missing()
    with BENIGN_SET.open(encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    texts += [
        "I'm going to k1ll you tomorrow", "je vais te t u e r", "We should kill all of them",
        "Il faut tous les exterminer", "kys loser", "buy followers cheap",
    ]  # fmt: skip

    before = rss_mb()
    screen_text("warm up: load the model and the rules")
    loaded = rss_mb()

    timings = []
    for i in range(2000):
        text = texts[i % len(texts)] + f" #{i}"  # defeat the normalisation cache
        start = time.perf_counter()
        screen_text(text)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99) - 1]

    batch = [texts[i % len(texts)] + f" {i}" for i in range(3_000)]
    start = time.perf_counter()
    for i in range(0, len(batch), 256):
        chunk = batch[i : i + 256]
        screen_many(chunk, [ScreeningContext() for _ in chunk])
    elapsed = time.perf_counter() - start

    print(f"cpus allowed: {len(os.sched_getaffinity(0))}")
    print(f"single post: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {timings[-1]:.2f} ms (n=2000)")
    print(f"batch: {len(batch) / elapsed:.0f} posts/s ({len(batch):,} posts in {elapsed:.1f} s)")
    print(f"memory: RSS {before:.0f} MB before screening, {loaded:.0f} MB after loading the model "
          f"(+{loaded - before:.0f} MB), {rss_mb():.0f} MB at the end; the model with its libraries "
          f"(numpy, scipy, scikit-learn, onnxruntime: {libraries:.0f} MB) adds {loaded - before + libraries:.0f} MB")  # fmt: skip


def serve_ready_seconds() -> float:
    """From `parley serve` starting to its first answer, with the encoder already built."""
    import socket
    import subprocess
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "parley"), "serve", "--port", str(port), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "DEBUG": "false", "SECRET_KEY": "bench-only-secret-key-" + "x" * 40},
    )
    try:
        while time.perf_counter() - started < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                    return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        return float("nan")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
    print(f"parley serve: answers /health {serve_ready_seconds():.1f} s after starting (encoder built)")
