"""Every feeds test runs on both stores: SQL, and Redis at 127.0.0.1:6379 db 2.

Without a reachable Redis the Redis runs skip, except under CI=true, where they must run.
"""

import os
from collections.abc import Callable, Iterator

import pytest
import redis
from pytest_django.fixtures import Settings

from parley.screening.records import ScreeningVerdict
from tests.mastodon_api.conftest import _publish_everything, api_for  # noqa: F401 -- shared fixtures

TEST_REDIS_URL = "redis://127.0.0.1:6379/2"


def _clear(client: redis.Redis) -> None:
    for key in client.scan_iter("parley:feed:*"):
        client.delete(key)


@pytest.fixture(params=["sql", "redis"])
def store_name(request: pytest.FixtureRequest, settings: Settings) -> Iterator[str]:
    settings.PARLEY_FEED_STORE = request.param
    if request.param == "sql":
        yield "sql"
        return
    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {TEST_REDIS_URL} is required under CI=true: {exc}")
        pytest.skip(f"no Redis at {TEST_REDIS_URL}")
    settings.REDIS_URL = TEST_REDIS_URL
    _clear(client)
    yield "redis"
    _clear(client)


@pytest.fixture
def hold_marked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screening holds posts whose text contains HOLD, and publishes the rest."""
    import parley.posts.actions as post_actions

    def screen(*, text: str, **_kwargs: object) -> ScreeningVerdict:
        return ScreeningVerdict(decision="hold" if "HOLD" in text else "publish")

    monkeypatch.setattr(post_actions, "screen_content", screen)


@pytest.fixture
def feed_ids(store_name: str) -> Callable[[object], list[int]]:
    """The post ids held in a member's feed, newest first, as the configured store has them."""
    from parley.feeds.stores import feed_store

    def ids(member: object) -> list[int]:
        return feed_store().ids(member.pk, below=None, above=None, count=10_000, ascending=False)  # type: ignore[attr-defined]

    return ids
