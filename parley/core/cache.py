"""The default cache when no CACHE_URL is set: files under PARLEY_DATA_DIR, shared by every worker.

Rate limits must count across `parley serve`'s gunicorn workers; a per-process (locmem) cache
would give each worker its own budget. Django's file cache is shared by every process on the host
but its `add` and `incr` are a read then a write, so two workers counting at once can lose a
count; here both hold an exclusive lock on one file (flock) for that instant. Expired entries are
removed before any live one when the cache is full, so filling it cannot wipe live counters.
A server with several hosts sets CACHE_URL to Redis instead.
"""

import fcntl
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, BinaryIO

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)
LOCK_FILE = ".counters.lock"  # not *.djcache: never listed, culled or cleared as an entry


class SharedFileCache(FileBasedCache):
    # Django's own private attributes and helpers, which django-stubs does not declare.
    _dir: str
    _max_entries: int
    _list_cache_files: Callable[[], list[str]]
    _is_expired: Callable[[BinaryIO], bool]

    @contextmanager
    def _locked(self) -> Iterator[None]:
        os.makedirs(self._dir, exist_ok=True)
        with open(os.path.join(self._dir, LOCK_FILE), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def add(self, key: str, value: Any, timeout: float | None = None, version: int | None = None) -> bool:
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        with self._locked():
            return super().incr(key, delta, version)

    def _cull(self) -> None:
        if len(self._list_cache_files()) < self._max_entries:
            return
        for name in self._list_cache_files():
            with suppress(FileNotFoundError), open(name, "rb") as entry:
                self._is_expired(entry)  # deletes the file when it has expired
        super()._cull()  # type: ignore[misc]  # Django's private method, not in django-stubs


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache that keeps answering from this process's memory while Redis is away.

    Pages and the API read and count through the cache; with plain RedisCache an unreachable
    Redis made every one of them a 500. Here a connection error switches the process to a local
    in-memory cache (rate limits then hold per process: failing open, not closed), logged once per
    outage; Redis is tried again every `retry_seconds` and used as soon as it answers.
    """

    retry_seconds = 5.0
    _cache: RedisCacheClient  # Django's client (a cached property) that django-stubs does not declare

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = params.setdefault("OPTIONS", {})
        # An unreachable host must cost a request little: without these a connect can hang.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, params)
        self._fallback = LocMemCache(f"parley-redis-fallback:{server}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._outage = _OUTAGES.setdefault(server, _Outage(server))

    def _run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self._outage.skipping():
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except self._unreachable() as exc:
            self._outage.began(exc, retry_seconds=self.retry_seconds)
            return getattr(self._fallback, name)(*args, **kwargs)
        self._outage.ended()
        return result

    def redis_answers(self) -> bool:
        """Ask Redis itself (the readiness check): the fallback must not hide an outage."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except self._unreachable():
            return False

    def _unreachable(self) -> tuple[type[Exception], ...]:
        # The redis library is an optional extra: reached through Django's client, which loads it.
        exceptions = self._cache._lib.exceptions  # type: ignore[attr-defined]  # the loaded redis module
        return (exceptions.ConnectionError, exceptions.TimeoutError)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._run("add", key, value, timeout, version))

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._run("get", key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._run("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._run("touch", key, timeout, version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return bool(self._run("delete", key, version))

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return dict(self._run("get_many", keys, version))

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return bool(self._run("has_key", key, version))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return int(self._run("incr", key, delta, version))

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return int(self._run("decr", key, delta, version))

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return list(self._run("set_many", data, timeout, version))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._run("delete_many", keys, version)

    def clear(self) -> None:
        self._run("clear")


class _Outage:
    """One Redis server's outage as this process saw it: shared by the cache of every thread."""

    def __init__(self, server: str) -> None:
        self.server = server
        self._lock = threading.Lock()
        self._down = False
        self._retry_at = 0.0

    def skipping(self) -> bool:
        return self._down and time.monotonic() < self._retry_at

    def began(self, error: Exception, *, retry_seconds: float) -> None:
        with self._lock:
            first = not self._down
            self._down = True
            self._retry_at = time.monotonic() + retry_seconds
        if first:
            logger.warning(
                "Redis at %s is unreachable (%s): caching and rate limits fall back to this process's memory "
                "until it answers again",
                _without_password(self.server),
                error,
            )

    def ended(self) -> None:
        if not self._down:
            return
        with self._lock:
            was_down, self._down = self._down, False
        if was_down:
            logger.warning("Redis at %s answers again: caching and rate limits use it", _without_password(self.server))


def _without_password(server: str) -> str:
    return re.sub(r"//[^@/]*@", "//***@", server)


_OUTAGES: dict[str, _Outage] = {}
