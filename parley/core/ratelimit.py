"""Fixed-window counters in the cache: one mechanism for every rate limit Parley keeps.

The cache is per process by default (locmem) and shared when CACHE_URL points at Redis, which is
what an operator running several workers wants; the limits are then per instance.
"""

import time
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
