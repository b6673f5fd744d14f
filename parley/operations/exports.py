"""A member's archive of their data: asked for, built in the background, downloaded, expired.

The row (`Export`) is written first and the archive built by a task once it is committed, so an
export that fails stays visible with its error, and `retry_failed_exports` tries it again.
"""

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.errors import NotFound, RateLimited
from parley.operations.archive import archive_path, exports_dir
from parley.operations.models import Export, ExportState
from parley.operations.tasks import build_export_task

EXPORT_INTERVAL = timedelta(days=1)
MAX_ATTEMPTS = 3


# Reads -------------------------------------------------------------------------------------------


def member_exports(member: User) -> QuerySet[Export]:
    return Export.objects.filter(member=member).order_by("-id")


def latest_export(member: User) -> Export | None:
    return member_exports(member).first()


def access_export(viewer: User, export_id: int | str) -> Export:
    """A ready archive, to its own member only; anyone else (and an expired one) gets NotFound."""
    try:
        pk = int(export_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("This archive does not exist or has expired.")) from exc
    export = Export.objects.filter(pk=pk, member=viewer, state=ExportState.READY).first()
    if export is None or (export.expires_at is not None and export.expires_at <= timezone.now()):
        raise NotFound(_("This archive does not exist or has expired."))
    if not export.file or not archive_path(export).is_file():
        raise NotFound(_("This archive does not exist or has expired."))
    return export


# Writes ------------------------------------------------------------------------------------------


@transaction.atomic
def request_export(*, member: User) -> Export:
    """Ask for an archive; one a day (a failed one does not count), built once this commits."""
    User.objects.select_for_update().filter(pk=member.pk).first()  # two clicks make one export
    recent = member_exports(member).filter(created_at__gt=timezone.now() - EXPORT_INTERVAL)
    if recent.exclude(state=ExportState.FAILED).exists():
        raise RateLimited(_("You can ask for one archive a day. Download the last one, or try again tomorrow."))
    export = Export.objects.create(member=member)
    transaction.on_commit(partial(build_export_task.enqueue, export_id=export.pk))
    return export


def retry_failed_exports() -> int:
    """Enqueue again the failed exports that have attempts left; returns how many.

    Only a member's latest: one they have asked for again since is not built twice.
    """
    newer = Export.objects.filter(member=OuterRef("member"), pk__gt=OuterRef("pk"))
    retried = 0
    for export in Export.objects.filter(state=ExportState.FAILED, attempts__lt=MAX_ATTEMPTS).exclude(Exists(newer)):
        export.state = ExportState.PENDING
        export.save(update_fields=["state"])
        build_export_task.enqueue(export_id=export.pk)
        retried += 1
    return retried


def expire_exports(*, now: datetime | None = None) -> int:
    """Delete archives past their expiry; the rows stay (state `expired`) as a record.

    A ready export whose file is gone (a restore on a new host: `parley backup` leaves archives
    out) expires too, so the settings page offers no link that answers 404.
    """
    expired = 0
    now = now or timezone.now()
    for export in Export.objects.filter(state=ExportState.READY):
        path = archive_path(export) if export.file else None
        if export.expires_at is not None and export.expires_at > now and path is not None and path.is_file():
            continue
        if path is not None:
            path.unlink(missing_ok=True)
        export.state, export.file = ExportState.EXPIRED, ""
        export.save(update_fields=["state", "file"])
        expired += 1
    return expired


def delete_orphan_archives(*, now: datetime | None = None) -> int:
    """Delete files in the exports folder that no ready export names: the archives of members
    who deleted their account (the rows went with it), and partial files an interrupted build
    left behind (once a day old, so a build running now is not disturbed)."""
    folder = exports_dir()
    if not folder.is_dir():
        return 0
    kept = set(Export.objects.filter(state=ExportState.READY).values_list("file", flat=True))
    cutoff = ((now or timezone.now()) - EXPORT_INTERVAL).timestamp()
    deleted = 0
    for path in folder.iterdir():
        if not path.is_file() or path.name in kept:
            continue
        if path.name.endswith(".part") and path.stat().st_mtime > cutoff:
            continue
        path.unlink(missing_ok=True)
        deleted += 1
    return deleted
