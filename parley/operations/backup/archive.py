"""The archive file: members with their checksums, written under a temporary name and renamed
into place, and read back only after every checksum and the manifest have been checked."""

import hashlib
import json
import os
import tarfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

from parley.operations.backup.errors import BackupError

FORMAT = "parley-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# The manifest's own checksum: an edited manifest is refused even where no count or checksum
# in it disagrees with the members.
MANIFEST_DIGEST = "manifest.json.sha256"
PARTIAL_PREFIX = ".parley-backup-"
CHUNK = 1 << 20


@dataclass
class Manifest:
    created_at: str
    parley_version: str
    git_revision: str
    database_vendor: str
    migrations: dict[str, list[str]]
    row_counts: dict[str, int]
    columns: dict[str, list[str]]  # table label -> the column of each value in its rows
    secrets_encrypted: bool
    files: dict[str, str] = field(default_factory=dict)  # member name -> sha256

    def latest_migrations(self) -> dict[str, str]:
        return {app: names[-1] for app, names in self.migrations.items() if names}

    def to_json(self) -> bytes:
        body = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at,
            "parley_version": self.parley_version,
            "git_revision": self.git_revision,
            "database_vendor": self.database_vendor,
            "latest_migrations": self.latest_migrations(),
            "migrations": self.migrations,
            "row_counts": self.row_counts,
            "columns": self.columns,
            "secrets_encrypted": self.secrets_encrypted,
            "files": self.files,
        }
        return json.dumps(body, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "Manifest":
        try:
            body = json.loads(raw)
            if body.get("format") != FORMAT:
                raise BackupError("manifest.json is not a Parley backup manifest")
            if body.get("format_version") != FORMAT_VERSION:
                raise BackupError(f"manifest.json: backup format {body.get('format_version')} is not known here")
            return cls(
                created_at=str(body["created_at"]),
                parley_version=str(body["parley_version"]),
                git_revision=str(body["git_revision"]),
                database_vendor=str(body["database_vendor"]),
                migrations={str(app): [str(n) for n in names] for app, names in body["migrations"].items()},
                row_counts={str(label): int(count) for label, count in body["row_counts"].items()},
                columns={str(label): [str(c) for c in names] for label, names in body["columns"].items()},
                secrets_encrypted=bool(body["secrets_encrypted"]),
                files={str(name): str(digest) for name, digest in body["files"].items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"manifest.json cannot be read: {exc}") from exc


class HashingReader:
    """Hands a file to tarfile while hashing exactly the bytes stored."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.digest.update(chunk)
        return chunk


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tar_mode(path: Path, action: str) -> str:
    name = path.name
    if name.endswith((".tar.gz", ".tgz")):
        return f"{action}:gz"
    if name.endswith(".tar"):
        return f"{action}:"
    raise BackupError(f"{path}: an archive name ends with .tar.gz, .tgz or .tar")


class ArchiveWriter:
    """Adds members to an open tar stream, recording each one's sha256 for the manifest."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.files: dict[str, str] = {}
        self.bytes_written = 0

    def add_file(self, name: str, path: Path) -> int:
        with path.open("rb") as handle:
            info = tarfile.TarInfo(name)
            info.size = os.fstat(handle.fileno()).st_size
            info.mtime = int(path.stat().st_mtime)
            info.mode = 0o600
            reader = HashingReader(handle)
            self.tar.addfile(info, reader)  # tarfile only calls read()
        self.files[name] = reader.digest.hexdigest()
        self.bytes_written += info.size
        return info.size

    def add_bytes(self, name: str, data: bytes, *, record: bool = True) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o600
        self.tar.addfile(info, _BytesReader(data))  # tarfile only calls read()
        if record:
            self.files[name] = hashlib.sha256(data).hexdigest()
        self.bytes_written += len(data)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = bytes(self.data[self.offset : end])
        self.offset += len(chunk)
        return chunk


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned(directory: Path) -> None:
    """Remove what a backup killed mid-way left behind (its process is gone); never a finished one."""
    import shutil

    for leftover in directory.glob(f"{PARTIAL_PREFIX}*"):
        parts = leftover.name[len(PARTIAL_PREFIX) :].split("-", 1)
        if parts[0].isdigit() and not _pid_alive(int(parts[0])):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


@contextmanager
def atomic_output(final: Path) -> Iterator[IO[bytes]]:
    """A file under a temporary name in the final folder, fsynced and renamed into place only when
    the block ends without error: whatever happens before, `final` is the previous archive or
    nothing, never half of a new one."""
    partial = final.parent / f"{PARTIAL_PREFIX}{os.getpid()}-{final.name}.partial"
    handle = partial.open("wb")
    os.fchmod(handle.fileno(), 0o600)  # it holds password hashes and 2FA seeds
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(partial, final)
        directory = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    finally:
        handle.close()
        partial.unlink(missing_ok=True)


def extract_checked(archive: Path, into: Path) -> Manifest:
    """Unpack `archive` into the empty folder `into` and check it whole: the manifest's own digest,
    the set of members, each member's sha256. Raises BackupError naming the first thing wrong."""
    try:
        mode = tar_mode(archive, "r")
        with tarfile.open(archive, mode) as tar:  # type: ignore[call-overload]  # mode is a str
            for member in tar:
                if not member.isfile():
                    raise BackupError(f"{member.name}: not a plain file")
                tar.extract(member, into, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{archive}: the archive is damaged or truncated ({exc})") from exc
    manifest_path, digest_path = into / MANIFEST, into / MANIFEST_DIGEST
    if not manifest_path.is_file() or not digest_path.is_file():
        raise BackupError("manifest.json is missing: not a complete Parley backup")
    raw = manifest_path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != digest_path.read_text().strip():
        raise BackupError("manifest.json has been changed since the backup was written (its checksum differs)")
    manifest = Manifest.from_json(raw)
    present = {
        path.relative_to(into).as_posix()
        for path in into.rglob("*")
        if path.is_file() and path not in (manifest_path, digest_path)
    }
    for name in sorted(set(manifest.files) - present):
        raise BackupError(f"{name}: listed in the manifest but missing from the archive")
    for name in sorted(present - set(manifest.files)):
        raise BackupError(f"{name}: in the archive but not in the manifest")
    for name, expected in sorted(manifest.files.items()):
        if sha256_of(into / name) != expected:
            raise BackupError(f"{name}: checksum mismatch (the file was changed or damaged)")
    return manifest
