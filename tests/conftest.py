import os
from collections.abc import Callable

import pytest
from pytest_django.fixtures import Settings

os.environ.setdefault("PARLEY_FAST_PASSWORD_HASHER", "1")
# One process per test run: an in-memory cache keeps runs in the same tree apart (the default file
# cache under PARLEY_DATA_DIR would be shared). pytest-django has read the settings already, so
# they are overridden the way Django's test tools do it (caches are rebuilt on setting_changed).
if "CACHE_URL" not in os.environ:
    from django.test.utils import override_settings

    override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "parley"}}
    ).enable()


@pytest.fixture
def make_member(db: None) -> Callable[..., object]:
    """Create members through the real action, with unique names."""
    from parley.accounts.actions import create_member

    counter = {"n": 0}

    def make(username: str | None = None, **kwargs: object) -> object:
        counter["n"] += 1
        name = username or f"member{counter['n']}"
        return create_member(username=name, email=f"{name}@example.org", password="correct-horse-battery", **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate-limit counters (sign-ins, sign-ups, API) and cached pages never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Settings) -> None:
    """Pages render without `collectstatic`: the hashed-manifest storage is for production."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
