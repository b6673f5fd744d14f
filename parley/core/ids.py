"""Time-sortable 64-bit ids (snowflake style).

An id is milliseconds since the Parley epoch shifted left by 16 bits, plus a per-process
sequence. Sorting by id is sorting by creation time, so timelines page by id alone, and the
ids stay valid as cursors while new rows arrive. They fit a signed 64-bit column for 4,000+ years.
"""

import os
import secrets
import threading
import time
from datetime import datetime

PARLEY_EPOCH_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z
SEQUENCE_BITS = 16
_SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1

_lock = threading.Lock()
_state = {"ms": 0, "seq": 0, "pid": os.getpid()}


def new_id() -> int:
    """A new unique id, strictly greater than the previous one made by this process."""
    with _lock:
        now_ms = int(time.time() * 1000) - PARLEY_EPOCH_MS
        if _state["pid"] != os.getpid():
            # After a fork, start from a random sequence so sibling workers rarely collide.
            _state.update(pid=os.getpid(), ms=0)
        if now_ms > _state["ms"]:
            _state["ms"] = now_ms
            _state["seq"] = secrets.randbelow(1 << (SEQUENCE_BITS - 2))
        else:
            _state["seq"] += 1
            if _state["seq"] > _SEQUENCE_MASK:
                # Sequence exhausted within one millisecond: borrow the next millisecond.
                _state["ms"] += 1
                _state["seq"] = 0
        return (_state["ms"] << SEQUENCE_BITS) | _state["seq"]


def id_floor_for_time(moment: datetime) -> int:
    """The smallest id that could have been made at `moment`, for time-range queries."""
    ms = int(moment.timestamp() * 1000) - PARLEY_EPOCH_MS
    return max(ms, 0) << SEQUENCE_BITS


def time_of_id(snowflake: int) -> float:
    """Unix time (seconds) at which an id was made."""
    return ((snowflake >> SEQUENCE_BITS) + PARLEY_EPOCH_MS) / 1000
