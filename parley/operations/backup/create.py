"""`parley backup`: one archive with a consistent logical dump, the media and the secrets."""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from parley.operations.backup import secrets
from parley.operations.backup.archive import (
    MANIFEST,
    MANIFEST_DIGEST,
    PARTIAL_PREFIX,
    ArchiveWriter,
    Manifest,
    atomic_output,
    remove_abandoned,
    tar_mode,
)
from parley.operations.backup.errors import BackupError
from parley.operations.backup.progress import Progress
from parley.operations.backup.tables import (
    backed_up_models,
    column_names,
    extra_database,
    member_name,
    read_rows,
    sqlite_settings,
)

SNAPSHOT_ALIAS = "parley_backup_snapshot"


def archive_path(destination: Path | None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if destination is None:
        destination = Path(settings.PARLEY_DATA_DIR) / "backups"
        destination.mkdir(mode=0o700, exist_ok=True)
    if destination.is_dir():
        return destination / f"parley-backup-{stamp}.tar.gz"
    if not destination.parent.is_dir():
        raise BackupError(f"{destination.parent}: no such folder")
    tar_mode(destination, "w")
    return destination


def _git_revision() -> str:
    root = Path(settings.BASE_DIR)
    if not (root / ".git").exists():
        return ""
    try:
        done = subprocess.run(  # noqa: S603 -- fixed argv
            ["git", "-C", str(root), "rev-parse", "HEAD"],  # noqa: S607 -- git from PATH
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _parley_version() -> str:
    try:
        return metadata.version("parley")
    except metadata.PackageNotFoundError:
        return "unknown"


@contextmanager
def consistent_snapshot(staging: Path) -> Iterator[str]:
    """A database alias whose reads all see one moment of the live database.

    SQLite: the online backup API copies the database to a file (one read transaction), and the
    dump reads that copy. PostgreSQL: one REPEATABLE READ READ ONLY transaction on the live one."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        copy = staging / "snapshot.sqlite3"
        connection.ensure_connection()
        import sqlite3

        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        with extra_database(SNAPSHOT_ALIAS, sqlite_settings(str(copy))) as alias:
            yield alias
        copy.unlink()
        return
    if connection.vendor != "postgresql":
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield DEFAULT_DB_ALIAS


def _existing_tables(alias: str) -> set[str]:
    with connections[alias].cursor() as cursor:
        return set(connections[alias].introspection.table_names(cursor))


def _dump_rows(
    alias: str, staging: Path, writer: ArchiveWriter, progress: Progress
) -> tuple[dict[str, int], dict[str, list[str]], dict[str, list[str]]]:
    counts: dict[str, int] = {}
    columns: dict[str, list[str]] = {}
    tables = _existing_tables(alias)
    for model in backed_up_models(apps):
        if model._meta.db_table not in tables:
            raise BackupError(
                f"{model._meta.label}: table {model._meta.db_table} is missing; run `parley migrate` first"
            )
        path = staging / "rows.jsonl"
        count = 0
        with path.open("w", encoding="utf-8") as out:
            for row in read_rows(model, using=alias):
                out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
                out.write("\n")
                count += 1
                if count % 1000 == 0:
                    progress.update(stage="rows", rows=1000)
        progress.update(stage="rows", rows=count % 1000)
        counts[model._meta.label] = count
        columns[model._meta.label] = column_names(model)
        progress.update(nbytes=writer.add_file(member_name(model), path))
        path.unlink()
    applied: dict[str, list[str]] = {}
    recorded = MigrationRecorder(connections[alias]).migration_qs.order_by("id").values_list("app", "name")
    for app, name in recorded:
        applied.setdefault(app, []).append(name)
    return counts, columns, applied


def _add_media(writer: ArchiveWriter, progress: Progress) -> int:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return 0
    added = 0
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            name = "media/" + path.relative_to(root).as_posix()
            try:
                progress.update(stage="media", nbytes=writer.add_file(name, path))
            except FileNotFoundError:
                continue  # deleted since the snapshot (a discarded upload): its row is gone too
            added += 1
    return added


def create_backup(*, destination: Path | None, encrypt_to: Path | None, progress: Progress) -> Path:
    """Write the archive and return its path. Nothing appears under that path unless it is whole."""
    final = archive_path(destination)
    remove_abandoned(final.parent)
    data_dir = Path(settings.PARLEY_DATA_DIR)
    secret_blob = secrets.collect(data_dir, os.environ.get("SECRET_KEY", ""))
    if encrypt_to is not None:
        secret_blob = secrets.encrypt(secret_blob, encrypt_to)
    staging = final.parent / f"{PARTIAL_PREFIX}{os.getpid()}-staging"
    staging.mkdir(mode=0o700)
    try:
        with atomic_output(final) as handle, tarfile.open(fileobj=handle, mode=tar_mode(final, "w")) as tar:  # type: ignore[call-overload]  # mode is a str
            writer = ArchiveWriter(tar)
            with consistent_snapshot(staging) as alias:
                vendor = connections[alias].vendor
                counts, columns, applied = _dump_rows(alias, staging, writer, progress)
            _add_media(writer, progress)
            writer.add_bytes(secrets.ENCRYPTED_MEMBER if encrypt_to else secrets.PLAIN_MEMBER, secret_blob)
            manifest = Manifest(
                created_at=datetime.now(UTC).isoformat(),
                parley_version=_parley_version(),
                git_revision=_git_revision(),
                database_vendor=vendor,
                migrations=applied,
                row_counts=counts,
                columns=columns,
                secrets_encrypted=encrypt_to is not None,
                files=dict(writer.files),
            )
            raw = manifest.to_json()
            writer.add_bytes(MANIFEST, raw, record=False)
            writer.add_bytes(MANIFEST_DIGEST, hashlib.sha256(raw).hexdigest().encode() + b"\n", record=False)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress.done(f"{final}: {sum(counts.values()):,} rows, {final.stat().st_size / 1e6:,.1f} MB")
    return final
