"""`parley purge`: every retention job once (run it daily, from cron or a scheduler)."""

from typing import Any

from django.core.management.base import BaseCommand

from parley.operations.retention import run_retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules once: blank old session addresses and browsers, delete expired "
        "sessions, unattached uploads, expired archives and expired evidence; retry failed archives."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = run_retention()
        self.stdout.write(
            f"Blanked the address of {run.sessions_blanked} old session(s); "
            f"deleted {run.unattached_media_deleted} unattached upload(s) and "
            f"{run.exports_expired} expired archive(s); retried {run.exports_retried} failed archive(s); "
            f"removed {run.evidence_purged} expired evidence package(s)."
        )
