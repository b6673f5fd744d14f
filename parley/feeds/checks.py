"""Refuse to start with a feed store the settings cannot give (`parley check`, `parley serve`)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error


def check_feed_store(**kwargs: Any) -> list[Error]:
    store = settings.PARLEY_FEED_STORE
    if store not in ("sql", "redis"):
        return [Error(f"PARLEY_FEED_STORE is {store!r}: use 'sql' or 'redis'.", id="feeds.E001")]
    if store == "redis" and not settings.REDIS_URL:
        return [Error("PARLEY_FEED_STORE=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0).", id="feeds.E002")]
    return []
