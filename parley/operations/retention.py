"""Retention: what Parley keeps about members only for a while, and the one run that enforces it.

- a session's IP address and browser (user agent) are blanked once it has not been seen for
  PARLEY_RETENTION_SESSION_DAYS days (the session itself stays listed until it ends);
- expired sign-in sessions are deleted (Django's `clearsessions`);
- uploads never attached to a post are deleted after PARLEY_RETENTION_UNATTACHED_MEDIA_HOURS;
- members' archives are deleted once expired (or their member deleted), failed ones tried again;
- evidence packages past PARLEY_EVIDENCE_RETENTION_DAYS are purged (safety's own rule).

`run_retention` runs them all; `parley purge` calls it (once a day).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from itertools import groupby

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from parley.accounts.models import MemberSession, User
from parley.operations.exports import delete_orphan_archives, expire_exports, retry_failed_exports
from parley.posts.actions import discard_media
from parley.posts.models import Media
from parley.safety.actions.evidence import purge_expired_evidence


@dataclass(frozen=True)
class RetentionRun:
    sessions_blanked: int
    unattached_media_deleted: int
    exports_expired: int
    exports_retried: int
    evidence_purged: int


def blank_old_session_details(*, now: datetime | None = None) -> int:
    """Blank the address and browser of sessions not seen for the retention period."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PARLEY_RETENTION_SESSION_DAYS)
    stale = MemberSession.objects.filter(last_seen_at__lt=cutoff).filter(
        Q(ip_address__isnull=False) | ~Q(user_agent="")
    )
    return stale.update(ip_address=None, user_agent="")


def purge_unattached_media(*, now: datetime | None = None) -> int:
    """Delete uploads (rows and files) that no post took within the retention period."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.PARLEY_RETENTION_UNATTACHED_MEDIA_HOURS)
    stale = list(Media.objects.filter(post__isnull=True, created_at__lt=cutoff).values_list("owner_id", "id"))
    owners = User.objects.in_bulk({owner_id for owner_id, _media_id in stale})
    for owner_id, rows in groupby(sorted(stale), key=lambda row: row[0]):
        discard_media(owner=owners[owner_id], media_ids=[media_id for _owner, media_id in rows])
    return len(stale)


def clear_expired_sessions() -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


def run_retention(*, now: datetime | None = None) -> RetentionRun:
    now = now or timezone.now()
    clear_expired_sessions()
    return RetentionRun(
        sessions_blanked=blank_old_session_details(now=now),
        unattached_media_deleted=purge_unattached_media(now=now),
        exports_expired=expire_exports(now=now) + delete_orphan_archives(now=now),
        exports_retried=retry_failed_exports(),
        evidence_purged=purge_expired_evidence(now=now),
    )
