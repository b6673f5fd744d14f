"""`parley backup verify`: restore into a throwaway SQLite database and media folder, then remove them."""

import tempfile
from pathlib import Path

from parley.operations.backup.archive import Manifest
from parley.operations.backup.progress import Progress
from parley.operations.backup.restore import Target, restore_archive
from parley.operations.backup.tables import extra_database, sqlite_settings

VERIFY_ALIAS = "parley_backup_verify"


def verify_archive(*, archive: Path, decrypt_with: Path | None, progress: Progress) -> Manifest:
    """Everything a restore checks (checksums, manifest, schema, secrets, constraints, row counts),
    done for real in a scratch place; raises BackupError naming what failed."""
    with tempfile.TemporaryDirectory(prefix="parley-verify-") as scratch:
        root = Path(scratch)
        with extra_database(VERIFY_ALIAS, sqlite_settings(str(root / "verify.sqlite3"))) as alias:
            return restore_archive(
                archive=archive,
                target=Target(alias=alias, media_root=root / "media", data_dir=root / "data"),
                decrypt_with=decrypt_with,
                progress=progress,
            )
