"""Fixed-window counters in the cache: one mechanism for every rate limit Parley keeps.

The default cache is a file cache shared by every worker on the host (core/cache.py); CACHE_URL
points at Redis for several hosts. Tests use an in-process cache.
"""

import time
from contextlib import suppress
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Budget:
    used: int
    limit: int
    resets_at: float  # Unix time when the window ends

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)


def _key(scope: str, client: str, window: int) -> tuple[str, float]:
    start = int(time.time() // window) * window
    return f"parley:rate:{scope}:{client}:{start}", float(start + window)


def spend(scope: str, client: str, *, limit: int, window: int) -> Budget:
    """Count one more use by `client` of `scope` in the current window."""
    key, resets_at = _key(scope, client, window)
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        used = 1
    return Budget(used=used, limit=limit, resets_at=resets_at)


def peek(scope: str, client: str, *, limit: int, window: int) -> Budget:
    """The current window's count, without spending."""
    key, resets_at = _key(scope, client, window)
    return Budget(used=int(cache.get(key, 0)), limit=limit, resets_at=resets_at)


def refund(scope: str, client: str, *, window: int) -> None:
    """Give back one use spent in the current window (a reserved attempt that did not count)."""
    key, _resets_at = _key(scope, client, window)
    with suppress(ValueError):  # the window ended meanwhile: nothing to give back
        cache.decr(key)
