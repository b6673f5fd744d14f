"""`parley backup verify`: the whole restore, into a throwaway SQLite database and media folder."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from parley.operations.backup.archive import Manifest, extract_checked
from parley.operations.backup.errors import BackupError

# The restore runs as its own process configured for the scratch place, exactly as an operator's
# `parley restore` would: apps that pick their database from the settings (the task queue's)
# then see the scratch database as theirs, and nothing of this process's connections is touched.
RESTORE = "from parley.cli import main; main()"


def verify_archive(*, archive: Path, decrypt_with: Path | None) -> Manifest:
    """Every check a restore makes (checksums, manifest, schema, secrets, constraints, row counts),
    done for real in a scratch folder that is removed afterwards; raises BackupError naming what
    failed."""
    with tempfile.TemporaryDirectory(prefix="parley-verify-") as scratch:
        root = Path(scratch)
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "SECRET_KEY")}
        env.update(PARLEY_DATA_DIR=str(root / "data"), DATABASE_URL=f"sqlite:///{root / 'verify.sqlite3'}")
        command = [sys.executable, "-c", RESTORE, "restore", str(archive.resolve()), "--quiet"]
        if decrypt_with is not None:
            command += ["--decrypt-with", str(decrypt_with.resolve())]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or ["the restore stopped without a message"]
            raise BackupError(lines[-1].removeprefix("CommandError: "))
        return extract_checked(archive, root / "manifest")
