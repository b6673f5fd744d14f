"""`parley export USERNAME [--to FILE]`: a member's archive, as the settings page gives it."""

import os
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parley.accounts.models import User
from parley.operations.archive import write_archive


class Command(BaseCommand):
    help = "Write a member's data archive (posts, media, profile, lists, moderation decisions) to a zip file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--to", type=Path, help="the zip to write (default: parley-USERNAME-DATE.zip here)")

    def handle(self, *args: Any, **options: Any) -> None:
        member = User.objects.filter(username__iexact=options["username"]).first()
        if member is None:
            raise CommandError(f"No member named {options['username']!r}.")
        target: Path = options["to"] or Path(f"parley-{member.username}-{date.today():%Y-%m-%d}.zip")
        if target.exists():
            raise CommandError(f"{target} exists already; choose another --to.")
        partial = target.with_name(f".{target.name}.part")
        try:
            with open(partial, "wb") as out:
                write_archive(member, out)
            os.replace(partial, target)  # never a half archive under the final name
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Could not write {target}: {exc}") from exc
        self.stdout.write(f"Wrote the archive of @{member.username} to {target} ({target.stat().st_size} bytes).")
