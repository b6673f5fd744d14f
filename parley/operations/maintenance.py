"""Read-only and maintenance modes: one row in the database, read through a short cache.

Every worker on every host reads the `SiteMode` row, at most once every `CACHE_SECONDS` per
process, so a switch reaches the whole instance within a few seconds without a restart and
without a request paying for a query each time. `set_mode` (the command and the admin) forgets
the cached copy of the process that made the change at once.
"""

import threading
import time
from dataclasses import dataclass

from django.db import transaction

from parley.core.audit import record_audit
from parley.operations.models import Mode, SiteMode

CACHE_SECONDS = 5.0
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Answer even in maintenance: monitoring, the public status page, static files (the refusal page
# needs its stylesheet) and the admin for staff, who switch the mode off there.
ALWAYS_OPEN_PREFIXES = ("/health", "/status", "/static/")
ADMIN_PREFIX = "/admin/"
# The one admin form staff may still save while writes are refused: the switch itself.
SWITCH_ADMIN_PATH = "/admin/operations/sitemode/"
# Only sets a cookie: nothing is stored on the server, and readers may still change language.
STORES_NOTHING = ("/i18n/setlang/",)


@dataclass(frozen=True)
class ModeState:
    mode: str
    message: str
    retry_after: int

    @property
    def restricted(self) -> bool:
        return self.mode != Mode.NORMAL

    @property
    def read_only(self) -> bool:
        return self.mode == Mode.READ_ONLY

    @property
    def maintenance(self) -> bool:
        return self.mode == Mode.MAINTENANCE


NORMAL = ModeState(mode=Mode.NORMAL, message="", retry_after=0)

_lock = threading.Lock()
_cached: tuple[float, ModeState] | None = None


def current_mode() -> ModeState:
    """The instance's mode, at most CACHE_SECONDS old."""
    global _cached
    now = time.monotonic()
    cached = _cached
    if cached is not None and cached[0] > now:
        return cached[1]
    row = SiteMode.objects.filter(pk=SiteMode.SINGLETON).first()
    state = NORMAL if row is None else ModeState(mode=row.mode, message=row.message, retry_after=row.retry_after)
    with _lock:
        _cached = (now + CACHE_SECONDS, state)
    return state


def forget_cached_mode() -> None:
    global _cached
    with _lock:
        _cached = None


def set_mode(*, mode: str, message: str = "", retry_after: int = 300, by: str = "", actor: object = None) -> SiteMode:
    """Switch the instance's mode; every process sees it within CACHE_SECONDS."""
    if mode not in Mode.values:
        raise ValueError(f"unknown mode {mode!r}")
    if retry_after < 0:
        raise ValueError("retry_after must not be negative")
    with transaction.atomic():
        row, _created = SiteMode.objects.select_for_update().get_or_create(pk=SiteMode.SINGLETON)
        before = {"mode": row.mode, "message": row.message, "retry_after": row.retry_after}
        row.mode = mode
        row.message = "" if mode == Mode.NORMAL else message
        row.retry_after = retry_after
        row.changed_by = by[:150]
        row.save(update_fields=["mode", "message", "retry_after", "changed_by", "changed_at"])
        record_audit(
            actor=actor,
            action="operations.set_mode",
            target=row,
            before=before,
            after={"mode": row.mode, "message": row.message, "retry_after": row.retry_after},
        )
    forget_cached_mode()
    return row


def refuses(*, method: str, path: str, is_staff: bool, state: ModeState) -> bool:
    """Whether a request is refused in this mode (the one rule the middleware applies)."""
    if not state.restricted or path.startswith(ALWAYS_OPEN_PREFIXES):
        return False
    if path.startswith(ADMIN_PREFIX) and is_staff:
        return method in WRITE_METHODS and not path.startswith(SWITCH_ADMIN_PATH)
    if state.maintenance:
        return True
    return method in WRITE_METHODS and not path.startswith(STORES_NOTHING)


def is_always_open(path: str) -> bool:
    return path.startswith(ALWAYS_OPEN_PREFIXES)
