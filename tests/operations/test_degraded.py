"""Degraded, not down: Redis stopped and restarted mid-run, the database unreachable.

The Redis test starts its own redis-server on a free port, sends a bounded loop of page and API
requests, stops Redis in the middle, starts it again, and counts the answers.
"""

import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from unittest import mock

import pytest
from django.core.cache import caches
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError
from django.test import Client
from django.test.utils import override_settings
from pytest_django.fixtures import Settings

from parley.core.cache import FailOpenRedisCache
from parley.operations.maintenance import forget_cached_mode
from parley.posts.actions import publish_post

API_LIMIT = 12
WINDOW = 10**9  # one window for the whole test: no boundary to cross while it runs


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(_free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(redis_server: RedisServer, settings: Settings) -> Iterator[None]:
    settings.PARLEY_API_RATE_LIMIT = API_LIMIT
    settings.PARLEY_API_RATE_WINDOW = WINDOW
    config = {
        "default": {
            "BACKEND": "parley.core.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis_server.port}/0",
        }
    }
    with override_settings(CACHES=config), mock.patch.object(FailOpenRedisCache, "retry_seconds", 0.2):
        assert isinstance(caches["default"], FailOpenRedisCache)
        yield


def _api_statuses(client: Client, count: int) -> list[int]:
    return [client.get("/api/v1/timelines/public").status_code for _ in range(count)]


@pytest.mark.django_db
def test_redis_stopped_mid_run_no_500_limits_fall_back_then_return(
    redis_server: RedisServer, redis_cache: None, make_member: object, caplog: pytest.LogCaptureFixture
) -> None:
    author = make_member("author")  # type: ignore[operator]
    publish_post(author=author, text="Still here when Redis is not.")
    pages, api = Client(raise_request_exception=False), Client(raise_request_exception=False)
    statuses: list[int] = []

    def run(rounds: int) -> None:
        for _ in range(rounds):
            statuses.append(pages.get("/local").status_code)
            statuses.append(pages.get("/login").status_code)
            statuses.append(pages.post("/login", {"username": "author", "password": "wrong"}).status_code)
            statuses.append(api.get("/api/v1/timelines/public").status_code)

    caplog.set_level(logging.WARNING, logger="parley.core.cache")
    run(5)
    redis_server.stop()
    run(5)
    time.sleep(0.3)  # past the retry interval: each process tries Redis again, once
    run(5)
    down_warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(down_warnings) == 1  # once per outage, not once per request
    redis_server.start()
    time.sleep(0.3)
    run(5)
    assert len(statuses) == 80
    assert 500 not in statuses
    assert statuses.count(200) >= 40
    assert [r for r in caplog.records if "answers again" in r.getMessage()]


@pytest.mark.django_db
def test_rate_limits_hold_per_process_during_the_outage_and_in_redis_after_it(
    redis_server: RedisServer, redis_cache: None
) -> None:
    client = Client(raise_request_exception=False)
    assert _api_statuses(client, API_LIMIT + 1)[-1] == 429  # Redis counts
    redis_server.stop()
    during = _api_statuses(client, API_LIMIT + 1)
    assert 500 not in during
    assert during[:API_LIMIT] == [200] * API_LIMIT  # a fresh count in this process's memory
    assert during[-1] == 429  # ... that still limits
    redis_server.start()  # an empty Redis: its counters start again
    time.sleep(0.3)
    after = _api_statuses(client, API_LIMIT + 1)
    assert after[:API_LIMIT] == [200] * API_LIMIT and after[-1] == 429
    backend = caches["default"]
    assert isinstance(backend, FailOpenRedisCache) and backend.redis_answers()


@pytest.mark.django_db(transaction=True)
def test_readiness_reports_redis_away_while_pages_answer(redis_server: RedisServer, redis_cache: None) -> None:
    client = Client(raise_request_exception=False)
    assert client.get("/health/ready").json()["checks"]["cache"]["ok"] is True
    redis_server.stop()
    ready = client.get("/health/ready")
    assert ready.status_code == 503 and ready.json()["checks"]["cache"]["ok"] is False
    assert client.get("/local").status_code == 200
    redis_server.start()
    assert client.get("/health/ready").status_code == 200


@pytest.fixture
def _fresh_mode() -> Iterator[None]:
    forget_cached_mode()
    yield
    forget_cached_mode()


@pytest.mark.django_db
@pytest.mark.usefixtures("_fresh_mode")
def test_database_away_answers_503_with_retry_after_then_recovers(make_member: object) -> None:
    author = make_member("author")  # type: ignore[operator]
    publish_post(author=author, text="Before the outage.")
    client = Client(raise_request_exception=False)
    client.force_login(author)
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("connection refused")):
        page = client.get("/local", HTTP_ACCEPT_LANGUAGE="fr")
        api = client.get("/api/v1/timelines/public")
        post = client.post("/api/v1/statuses", {"status": "during"})
        health = client.get("/health")
    assert page.status_code == 503 and page["Retry-After"] == "30"
    text = page.content.decode()
    assert "base de données" in text and "Traceback" not in text and "connection refused" not in text
    assert api.status_code == 503 and api["Retry-After"] == "30"
    assert api.json() == {"error": "This server cannot reach its database right now. Please try again in a moment."}
    assert post.status_code == 503
    assert health.status_code == 200
    # Back on its own: the next requests reach the database again.
    assert client.get("/local").status_code == 200
    assert client.get("/api/v1/timelines/public").status_code == 200


@pytest.mark.django_db
def test_a_programming_error_stays_a_500() -> None:
    from django.db.utils import ProgrammingError

    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=ProgrammingError("bug")):
        response = Client(raise_request_exception=False).get("/local")
    assert response.status_code == 500
