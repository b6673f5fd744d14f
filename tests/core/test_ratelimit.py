import time

from parley.core import ratelimit


def test_spend_counts_within_a_window_and_peek_does_not_spend() -> None:
    assert ratelimit.peek("t", "x", limit=2, window=60).used == 0
    first = ratelimit.spend("t", "x", limit=2, window=60)
    second = ratelimit.spend("t", "x", limit=2, window=60)
    third = ratelimit.spend("t", "x", limit=2, window=60)
    assert (first.used, second.used, third.used) == (1, 2, 3)
    assert [b.exceeded for b in (first, second, third)] == [False, False, True]
    assert third.remaining == 0 and first.remaining == 1
    assert ratelimit.peek("t", "x", limit=2, window=60).used == 3


def test_clients_and_scopes_are_counted_apart() -> None:
    ratelimit.spend("t", "x", limit=1, window=60)
    assert ratelimit.spend("t", "y", limit=1, window=60).used == 1
    assert ratelimit.spend("other", "x", limit=1, window=60).used == 1


def test_the_window_ends_on_a_boundary() -> None:
    budget = ratelimit.spend("t", "x", limit=1, window=60)
    assert budget.resets_at % 60 == 0 and 0 < budget.resets_at - time.time() <= 60
