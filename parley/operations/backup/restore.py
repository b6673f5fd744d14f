"""`parley restore`: an archive into an empty database of either engine, all or nothing."""

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps as current_apps
from django.apps.registry import Apps
from django.conf import settings
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model

from parley.operations.backup import secrets
from parley.operations.backup.archive import PARTIAL_PREFIX, Manifest, extract_checked, remove_abandoned
from parley.operations.backup.errors import BackupError
from parley.operations.backup.progress import Progress
from parley.operations.backup.tables import (
    backed_up_models,
    decode,
    member_name,
    stored_values_kept,
)

BATCH = 500


@dataclass
class Target:
    """Where a restore writes: a database alias, a media folder, a data folder for the secrets."""

    alias: str
    media_root: Path
    data_dir: Path


@contextmanager
def checked_archive(archive: Path, *, work_dir: Path) -> Iterator[tuple[Manifest, Path]]:
    """The archive unpacked into a private folder and checked whole, removed afterwards."""
    if not archive.is_file():
        raise BackupError(f"{archive}: no such archive")
    remove_abandoned(work_dir)
    unpacked = Path(tempfile.mkdtemp(prefix=f"{PARTIAL_PREFIX}{os.getpid()}-restore-", dir=work_dir))
    try:
        manifest = extract_checked(archive, unpacked)
        _check_row_counts(manifest, unpacked)
        yield manifest, unpacked
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _check_row_counts(manifest: Manifest, unpacked: Path) -> None:
    for label, expected in sorted(manifest.row_counts.items()):
        path = unpacked / f"data/{label.lower()}.jsonl"
        if not path.is_file():
            raise BackupError(f"{label}: its rows are missing from the archive")
        with path.open("rb") as handle:
            found = sum(1 for _ in handle)
        if found != expected:
            raise BackupError(f"{label}: the manifest counts {expected} rows, the dump holds {found}")


def check_schema(manifest: Manifest) -> list[tuple[str, str]]:
    """The migration targets that recreate the archive's schema; refuses a newer schema."""
    known = MigrationLoader(None, ignore_no_migrations=True).graph.nodes
    for app, names in sorted(manifest.migrations.items()):
        for name in names:
            if (app, name) not in known:
                raise BackupError(
                    f"the archive comes from a newer schema: migration {app}.{name} is unknown to this "
                    f"Parley ({manifest.parley_version} {manifest.git_revision[:12]} wrote it); "
                    "upgrade Parley, then restore"
                )
    return sorted(manifest.latest_migrations().items())


def secret_files(manifest: Manifest, unpacked: Path, decrypt_with: Path | None) -> dict[str, bytes]:
    if manifest.secrets_encrypted:
        if decrypt_with is None:
            raise BackupError("the archive's secrets are encrypted: give --decrypt-with KEYFILE (the age secret key)")
        return secrets.parse(secrets.decrypt((unpacked / secrets.ENCRYPTED_MEMBER).read_bytes(), decrypt_with))
    return secrets.parse((unpacked / secrets.PLAIN_MEMBER).read_bytes())


def refuse_unless_empty(alias: str) -> None:
    """A restore never merges into an instance in use: any member or post there makes it refuse.
    Rows that migrations write by themselves (content types, permissions, default screening rules)
    are replaced by the archive's."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    for label in (settings.AUTH_USER_MODEL, "posts.Post"):
        model = current_apps.get_model(label)
        if model._meta.db_table in tables and model._base_manager.using(alias).exists():
            raise BackupError(
                f"the target database is not empty ({label} has rows): restore into a new, empty database"
            )


def _load_model(model: type[Model], columns: list[str], path: Path, alias: str, progress: Progress) -> None:
    by_column = {field.attname: field for field in model._meta.concrete_fields}
    if set(columns) != set(by_column):
        raise BackupError(
            f"{model._meta.label}: the archive's columns {sorted(set(columns) ^ set(by_column))} "
            "do not match the schema of its migrations"
        )
    fields = [by_column[name] for name in columns]
    batch: list[Model] = []
    with stored_values_kept(model), path.open(encoding="utf-8") as rows:
        for line in rows:
            values = json.loads(line)
            batch.append(
                model(
                    **{name: decode(field, value) for name, field, value in zip(columns, fields, values, strict=True)}
                )
            )
            if len(batch) >= BATCH:
                model._base_manager.using(alias).bulk_create(batch)
                progress.update(stage="rows", rows=len(batch))
                batch = []
        if batch:
            model._base_manager.using(alias).bulk_create(batch)
            progress.update(stage="rows", rows=len(batch))


def _load_rows(registry: Apps, manifest: Manifest, unpacked: Path, alias: str, progress: Progress) -> None:
    models = backed_up_models(registry)
    by_label = {model._meta.label: model for model in models}
    for label in sorted(set(manifest.row_counts) - set(by_label)):
        raise BackupError(f"{label}: the archive has rows for a table this Parley does not have")
    for model in reversed(models):
        model._base_manager.using(alias).all()._raw_delete(alias)  # rows that migrations seeded
    for model in models:
        if model._meta.label in manifest.row_counts:
            label = model._meta.label
            _load_model(model, manifest.columns[label], unpacked / member_name(model), alias, progress)
    connection = connections[alias]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    try:
        connection.check_constraints()
    except Exception as exc:
        raise BackupError(f"the restored rows break a database constraint: {exc}") from exc
    for model in models:
        expected = manifest.row_counts.get(model._meta.label, 0)
        found = model._base_manager.using(alias).count()
        if found != expected:
            raise BackupError(f"{model._meta.label}: {found} rows restored, the manifest counts {expected}")


def _place_media(unpacked: Path, media_root: Path) -> list[Path]:
    """Move the unpacked media into place (same file system: renames), returning what was placed."""
    source = unpacked / "media"
    placed: list[Path] = []
    if not source.is_dir():
        return placed
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = media_root / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, destination)
            placed.append(destination)
    return placed


def restore_archive(*, archive: Path, target: Target, decrypt_with: Path | None, progress: Progress) -> Manifest:
    """Check the archive whole, then recreate its schema, rows, media and secrets in `target`.

    The rows go in one transaction; media and secrets are put in place just before it commits and
    taken away again if it does not, so a failure (or a kill) leaves nothing a second run trips on."""
    target.data_dir.mkdir(parents=True, exist_ok=True)
    with checked_archive(archive, work_dir=target.data_dir) as (manifest, unpacked):
        targets = check_schema(manifest)
        secret_contents = secret_files(manifest, unpacked, decrypt_with)
        refuse_unless_empty(target.alias)
        connection = connections[target.alias]
        executor = MigrationExecutor(connection)
        progress.update(stage="schema")
        # The archive's own schema first, so its rows fit; newer migrations run over them after.
        executor.migrate(targets)
        registry = executor.loader.project_state(targets).apps
        # What `migrate` does after migrating (content types, permissions, the search triggers
        # that a table rebuild drops on SQLite): the rows it seeds are replaced by the archive's.
        emit_post_migrate_signal(0, False, target.alias, apps=registry, plan=[])
        placed: list[Path] = []
        try:
            with transaction.atomic(using=target.alias):
                _load_rows(registry, manifest, unpacked, target.alias, progress)
                placed = _place_media(unpacked, target.media_root)
                secrets.write(secret_contents, target.data_dir)
        except DatabaseError as exc:
            _remove(placed)
            raise BackupError(f"the database refused the restored rows: {exc}") from exc
        except BaseException:
            _remove(placed)
            raise
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            from django.core.management import call_command

            call_command("migrate", database=target.alias, interactive=False, verbosity=0)
    progress.done(f"restored {sum(manifest.row_counts.values()):,} rows and {len(placed):,} media files")
    return manifest


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with suppress(FileNotFoundError):
            os.unlink(path)
