"""`parley backup [--to DIR|FILE] [--encrypt-to KEYFILE] [--quiet]` and `parley backup verify ARCHIVE`."""

from argparse import ArgumentParser
from pathlib import Path
from typing import cast

from django.core.management.base import BaseCommand, CommandError

from parley.operations.backup.create import create_backup
from parley.operations.backup.errors import BackupError
from parley.operations.backup.progress import Progress
from parley.operations.backup.verify import verify_archive


class Command(BaseCommand):
    help = (
        "Write one archive holding every table (a portable dump), every media file, the secrets and a "
        "manifest; or, with `verify ARCHIVE`, restore an archive into a scratch database and check it."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("words", nargs="*", metavar="verify ARCHIVE", help="check an existing archive")
        parser.add_argument("--to", type=Path, help="folder or file name (.tar.gz, .tgz or .tar) to write")
        parser.add_argument("--encrypt-to", type=Path, help="encrypt the secrets to this age public key file")
        parser.add_argument("--decrypt-with", type=Path, help="verify: the age secret key of encrypted secrets")
        parser.add_argument("--quiet", action="store_true", help="no progress (the default off a terminal)")

    def handle(self, *args: object, **options: object) -> None:
        words = [str(word) for word in cast(list[str], options["words"])]
        quiet = bool(options["quiet"])
        progress = Progress(enabled=not quiet)
        try:
            if words:
                if words[0] != "verify" or len(words) != 2:
                    raise CommandError("usage: parley backup verify ARCHIVE")
                manifest = verify_archive(
                    archive=Path(words[1]), decrypt_with=cast(Path | None, options["decrypt_with"])
                )
                if not quiet:
                    self.stdout.write(
                        f"{words[1]}: sound ({sum(manifest.row_counts.values()):,} rows, "
                        f"{len(manifest.files):,} files, written {manifest.created_at})"
                    )
                return
            path = create_backup(
                destination=cast(Path | None, options["to"]),
                encrypt_to=cast(Path | None, options["encrypt_to"]),
                progress=progress,
            )
            if not quiet and self.stdout.isatty():
                self.stdout.write(str(path))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
