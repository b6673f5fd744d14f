"""`parley restore ARCHIVE [--decrypt-with KEYFILE]`: into the empty database DATABASE_URL names."""

from argparse import ArgumentParser
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from parley.operations.backup.errors import BackupError
from parley.operations.backup.progress import Progress
from parley.operations.backup.restore import Target, restore_archive


class Command(BaseCommand):
    help = (
        "Restore a `parley backup` archive into an empty database (SQLite or PostgreSQL, whatever the "
        "source was), its media into MEDIA_ROOT and its secrets into PARLEY_DATA_DIR. The archive is "
        "checked whole first; an instance that already has members or posts is refused."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--decrypt-with", type=Path, help="the age secret key, if the secrets are encrypted")
        parser.add_argument("--quiet", action="store_true", help="no progress (the default off a terminal)")

    def handle(self, *args: object, **options: object) -> None:
        progress = Progress(enabled=not options["quiet"])
        target = Target(
            alias=DEFAULT_DB_ALIAS, media_root=Path(settings.MEDIA_ROOT), data_dir=Path(settings.PARLEY_DATA_DIR)
        )
        try:
            manifest = restore_archive(
                archive=cast(Path, options["archive"]),
                target=target,
                decrypt_with=cast(Path | None, options["decrypt_with"]),
                progress=progress,
            )
        except BackupError as exc:
            raise CommandError(f"restore failed, nothing was restored: {exc}") from exc
        if not options["quiet"]:
            self.stdout.write(
                f"Restored {sum(manifest.row_counts.values()):,} rows from {options['archive']} "
                f"(written {manifest.created_at}). Restart Parley's processes: the secret key was restored."
            )
