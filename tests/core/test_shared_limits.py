"""`parley serve` shares rate limits across its workers when no CACHE_URL is set.

A real server in a subprocess (two gunicorn workers, a fresh data folder): failed sign-ins served
by both workers add up to one budget. The access log names the worker (pid) of each request."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from parley.core.cache import SharedFileCache

pytestmark = pytest.mark.slow
LIMIT = 3
ATTEMPTS = 16


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log = tmp_path / "server.log"
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        PARLEY_DATA_DIR=str(tmp_path / "data"),
        PARLEY_LOGIN_FAILURES_PER_ACCOUNT=str(LIMIT),
        GUNICORN_CMD_ARGS="--access-logformat '%(p)s %(r)s %(s)s'",
    )
    command = [
        sys.executable,
        "-c",
        "from parley.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                assert process.poll() is None, log.read_text()
                try:
                    urllib.request.urlopen(f"{base}/login", timeout=5).close()
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail(f"parley serve did not start:\n{log.read_text()}")
            yield base, log
        finally:
            process.terminate()
            process.wait(timeout=30)


def failed_sign_in(base: str) -> int:
    page = urllib.request.urlopen(f"{base}/login", timeout=10)
    cookie = page.headers["Set-Cookie"].split(";")[0]
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    assert match is not None
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "username": "someone", "password": "wrong-guess"}
    ).encode()
    request = urllib.request.Request(f"{base}/login", data=body, headers={"Cookie": cookie})
    try:
        return int(urllib.request.urlopen(request, timeout=10).status)
    except urllib.error.HTTPError as answer:
        return answer.code


def test_failed_sign_ins_on_both_workers_share_one_budget(server: tuple[str, Path]) -> None:
    base, log = server
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda _n: failed_sign_in(base), range(ATTEMPTS)))
    assert statuses.count(422) == LIMIT, statuses
    assert statuses.count(429) == ATTEMPTS - LIMIT
    time.sleep(1)  # the access log is written after each answer
    workers = set(re.findall(r"^<(\d+)> POST /login ", log.read_text(), flags=re.MULTILINE))
    assert len(workers) == 2, log.read_text()[-2000:]


def test_concurrent_increments_are_not_lost(tmp_path: Path) -> None:
    cache = SharedFileCache(str(tmp_path), {})
    cache.add("n", 0)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _n: cache.incr("n"), range(200)))
    assert cache.get("n") == 200
