"""The default cache when no CACHE_URL is set: files under PARLEY_DATA_DIR, shared by every worker.

Rate limits must count across `parley serve`'s gunicorn workers; a per-process (locmem) cache
would give each worker its own budget. Django's file cache is shared by every process on the host
but its `add` and `incr` are a read then a write, so two workers counting at once can lose a
count; here both hold an exclusive lock on one file (flock) for that instant. Expired entries are
removed before any live one when the cache is full, so filling it cannot wipe live counters.
A server with several hosts sets CACHE_URL to Redis instead.
"""

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, BinaryIO

from django.core.cache.backends.filebased import FileBasedCache

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
