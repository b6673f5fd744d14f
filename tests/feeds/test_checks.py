from pytest_django.fixtures import Settings

from parley.feeds.checks import check_feed_store


def test_the_feed_store_settings_are_checked_at_start(settings: Settings) -> None:
    assert check_feed_store() == []
    settings.PARLEY_FEED_STORE = "memcached"
    assert [e.id for e in check_feed_store()] == ["feeds.E001"]
    settings.PARLEY_FEED_STORE, settings.REDIS_URL = "redis", ""
    assert [e.id for e in check_feed_store()] == ["feeds.E002"]
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert check_feed_store() == []
