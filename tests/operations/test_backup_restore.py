"""`parley backup`, `parley restore` and `parley backup verify`, driven as an operator would: the
real command in a subprocess with its own PARLEY_DATA_DIR and DATABASE_URL.

One source instance (demo data, an uploaded image, a TOTP device, an API token, a session) is
backed up once per module; each test restores it somewhere and compares every row of every table
and every media file with the source."""

import hashlib
import io
import json
import os
import secrets
import signal
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps

from parley.operations.backup.tables import extra_database

PARLEY = str(Path(sys.executable).parent / "parley")
POSTGRES = "postgres://postgres@127.0.0.1:5432"
TOKEN = "backup-restore-test-token-" + "x" * 20
PASSWORD = "parley-demo-2026"

SEED = f"""
import io
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from oauth2_provider.models import AccessToken
from PIL import Image
from parley.posts.actions import publish_post, upload_media

alice = get_user_model().objects.get(username="alice")
image = io.BytesIO()
Image.new("RGB", (64, 48), "red").save(image, "PNG")
media = upload_media(owner=alice, file=SimpleUploadedFile("red.png", image.getvalue(), content_type="image/png"))
publish_post(author=alice, text="A red square for the backup", media_ids=[media.id])
client = Client()
assert client.login(username="alice", password="{PASSWORD}")
print(client.cookies["sessionid"].value)
TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
AccessToken.objects.create(user=alice, token="{TOKEN}", scope="read write", expires=timezone.now() + timedelta(days=1))
"""

# Run in a restored instance: password, 2FA, API token, session (signed with the restored secret
# key) and search all still work.
CHECK = f"""
import json
from django.conf import settings
from django.test.utils import override_settings
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from parley.posts.search import search_posts

user = authenticate(username="alice", password="{PASSWORD}")
device = TOTPDevice.objects.get(user__username="alice")
code = str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)
api = Client().get("/api/v1/accounts/verify_credentials", HTTP_AUTHORIZATION="Bearer {TOKEN}")
# Pages render without `collectstatic` (the hashed-manifest storage is for production).
override_settings(STORAGES={{**settings.STORAGES, "staticfiles": {{
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}}).enable()
browser = Client()
browser.cookies["sessionid"] = SESSION
home = browser.get(reverse("web:home"))
print(json.dumps({{
    "password": user is not None,
    "totp": device.verify_token(code),
    "api": [api.status_code, api.json().get("username")],
    "session": home.status_code,
    "search": search_posts("square", viewer=None).count(),
    # Sequences were reset (PostgreSQL): a new row gets an id after the restored ones.
    "new_row": TOTPDevice.objects.create(user=device.user, name="new").pk > device.pk,
}}))
"""


def parley(data_dir: Path, *args: str, database_url: str = "", check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "SECRET_KEY")}
    env.update(PARLEY_DATA_DIR=str(data_dir), PARLEY_FAST_PASSWORD_HASHER="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run([PARLEY, *args], env=env, capture_output=True, text=True, timeout=300, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"parley {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'parley.sqlite3'}"


class Source:
    def __init__(self, data_dir: Path, archive: Path, session: str) -> None:
        self.data_dir = data_dir
        self.archive = archive
        self.session = session


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    data_dir = tmp_path_factory.mktemp("source")
    parley(data_dir, "migrate", "-v0")
    parley(data_dir, "demo")
    session = parley(data_dir, "shell", "-c", SEED).stdout.strip().splitlines()[-1]
    archive = data_dir / "backups" / "first.tar.gz"
    archive.parent.mkdir()
    parley(data_dir, "backup", "--to", str(archive))
    return Source(data_dir, archive, session)


@pytest.fixture(scope="module")
def postgres_database() -> Iterator[str]:
    import psycopg

    name = f"parley_restore_{secrets.token_hex(4)}"
    with psycopg.connect(f"{POSTGRES}/postgres".replace("postgres://", "postgresql://"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{POSTGRES}/{name}"
    with psycopg.connect(f"{POSTGRES}/postgres".replace("postgres://", "postgresql://"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_settings(url: str) -> dict[str, object]:
    import environ

    return dict(environ.Env.db_url_config(url))


def table_rows(alias: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, as the ORM reads them (Python values), in primary-key order."""
    tables: dict[str, list[tuple[object, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            columns = [field.attname for field in model._meta.concrete_fields]
            rows = model._base_manager.using(alias).order_by("pk").values_list(*columns)
            tables[model._meta.label] = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows
            ]
    return tables


def assert_same_rows(source_url: str, target_url: str, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        with extra_database("compare_source", database_settings(source_url)) as left:
            before = table_rows(left)
        with extra_database("compare_target", database_settings(target_url)) as right:
            after = table_rows(right)
    assert sum(len(rows) for rows in before.values()) > 2000
    assert before["posts.Post"] and before["otp_totp.TOTPDevice"] and before["oauth2_provider.AccessToken"]
    for label in before:
        assert after[label] == before[label], f"{label} differs after the restore"


def media_files(data_dir: Path) -> dict[str, str]:
    root = data_dir / "media"
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def assert_instance_works(data_dir: Path, session: str, database_url: str = "") -> None:
    done = parley(data_dir, "shell", "-c", f"SESSION = {session!r}\n" + CHECK, database_url=database_url)
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome == {
        "password": True,
        "totp": True,
        "api": [200, "alice"],
        "session": 200,
        "search": 1,
        "new_row": True,
    }


@pytest.mark.slow
def test_sqlite_to_sqlite_after_a_restore_killed_mid_way(source: Source, tmp_path: Path, django_db_blocker) -> None:
    target = tmp_path / "target"
    target.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "SECRET_KEY")}
    env.update(PARLEY_DATA_DIR=str(target), PARLEY_FAST_PASSWORD_HASHER="1")
    killed = subprocess.Popen([PARLEY, "restore", str(source.archive)], env=env)
    deadline = time.monotonic() + 60
    while not (target / "parley.sqlite3").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(3)  # well into the schema being built
    killed.send_signal(signal.SIGKILL)
    killed.wait()

    parley(target, "restore", str(source.archive))

    assert_same_rows(sqlite_url(source.data_dir), sqlite_url(target), django_db_blocker)
    assert media_files(target) == media_files(source.data_dir) != {}
    assert (target / "secret_key").read_text() == (source.data_dir / "secret_key").read_text()
    assert not list(target.glob(".parley-backup-*"))
    assert_instance_works(target, source.session)


@pytest.mark.slow
@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back(
    source: Source, postgres_database: str, tmp_path: Path, django_db_blocker
) -> None:
    on_postgres = tmp_path / "on-postgres"
    parley(on_postgres, "restore", str(source.archive), database_url=postgres_database)
    assert_same_rows(sqlite_url(source.data_dir), postgres_database, django_db_blocker)
    assert media_files(on_postgres) == media_files(source.data_dir)
    assert_instance_works(on_postgres, source.session, postgres_database)

    archive = tmp_path / "from-postgres.tar.gz"
    parley(on_postgres, "backup", "--to", str(archive), database_url=postgres_database)
    back = tmp_path / "back-on-sqlite"
    parley(back, "restore", str(archive))
    # The check above signed in and used the TOTP code, so compare with the PostgreSQL copy.
    assert_same_rows(postgres_database, sqlite_url(back), django_db_blocker)
    assert media_files(back) == media_files(source.data_dir)
    assert (back / "secret_key").read_text() == (source.data_dir / "secret_key").read_text()


def test_a_backup_killed_mid_way_leaves_the_previous_archive(source: Source) -> None:
    before = source.archive.read_bytes()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "SECRET_KEY")}
    env.update(PARLEY_DATA_DIR=str(source.data_dir))
    killed = subprocess.Popen([PARLEY, "backup", "--to", str(source.archive)], env=env)
    deadline = time.monotonic() + 60
    while not list(source.archive.parent.glob(".parley-backup-*.partial")) and time.monotonic() < deadline:
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert list(source.archive.parent.glob(".parley-backup-*")), "the kill came after the backup ended"
    assert source.archive.read_bytes() == before

    parley(source.data_dir, "backup", "--to", str(source.archive))
    assert source.archive.read_bytes() != before
    assert not list(source.archive.parent.glob(".parley-backup-*"))  # the leftovers were cleared
    with tarfile.open(source.archive) as tar:
        assert "manifest.json" in tar.getnames()


def rewrite(archive: Path, out: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the archive with members replaced (bytes) or removed (None)."""
    with tarfile.open(archive) as original, tarfile.open(out, "w:gz") as copy:
        for member in original:
            data = original.extractfile(member).read()  # type: ignore[union-attr]
            if member.name in change:
                if change[member.name] is None:
                    continue
                data = change[member.name]  # type: ignore[assignment]
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return out


def member(archive: Path, name: str) -> bytes:
    with tarfile.open(archive) as tar:
        return tar.extractfile(name).read()  # type: ignore[union-attr]


def refused(archive: Path, target: Path, *args: str) -> str:
    done = parley(target, "restore", str(archive), *args, check=False)
    assert done.returncode != 0
    assert not (target / "parley.sqlite3").exists()  # the database was never opened
    assert not (target / "media").exists()
    return done.stderr


def test_tampered_archives_are_refused_before_anything_is_touched(source: Source, tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    dump = member(source.archive, "data/posts.post.jsonl")
    flipped = dump[:100] + bytes([dump[100] ^ 1]) + dump[101:]
    archive = rewrite(source.archive, tmp_path / "byte.tar.gz", {"data/posts.post.jsonl": flipped})
    assert "data/posts.post.jsonl: checksum mismatch" in refused(archive, target)

    with tarfile.open(source.archive) as tar:
        image = next(name for name in tar.getnames() if name.startswith("media/"))
    archive = rewrite(source.archive, tmp_path / "media.tar.gz", {image: None})
    assert f"{image}: listed in the manifest but missing from the archive" in refused(archive, target)

    manifest = json.loads(member(source.archive, "manifest.json"))
    manifest["row_counts"]["posts.Post"] += 1
    edited = json.dumps(manifest).encode()
    archive = rewrite(source.archive, tmp_path / "manifest.tar.gz", {"manifest.json": edited})
    assert "manifest.json has been changed" in refused(archive, target)

    # Edited with its checksum recomputed: the counts no longer match the dump.
    digest = hashlib.sha256(edited).hexdigest().encode()
    archive = rewrite(
        source.archive, tmp_path / "both.tar.gz", {"manifest.json": edited, "manifest.json.sha256": digest}
    )
    assert "posts.Post: the manifest counts" in refused(archive, target)

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(source.archive.read_bytes()[:-2000])
    assert "damaged or truncated" in refused(truncated, target)


def test_an_archive_from_a_newer_schema_is_refused(source: Source, tmp_path: Path) -> None:
    manifest = json.loads(member(source.archive, "manifest.json"))
    manifest["migrations"]["posts"].append("9999_from_the_future")
    edited = json.dumps(manifest).encode()
    archive = rewrite(
        source.archive,
        tmp_path / "newer.tar.gz",
        {"manifest.json": edited, "manifest.json.sha256": hashlib.sha256(edited).hexdigest().encode()},
    )
    message = refused(archive, tmp_path / "target")
    assert "newer schema: migration posts.9999_from_the_future is unknown" in message


def test_restore_refuses_an_instance_that_has_members(source: Source) -> None:
    done = parley(source.data_dir, "restore", str(source.archive), check=False)
    assert done.returncode != 0
    assert "the target database is not empty" in done.stderr


@pytest.mark.slow
def test_verify_an_archive_with_encrypted_secrets(source: Source, tmp_path: Path) -> None:
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    (tmp_path / "key.pub").write_text(str(identity.to_public()) + "\n")
    (tmp_path / "key").write_text(str(identity) + "\n")
    archive = tmp_path / "encrypted.tar.gz"
    parley(source.data_dir, "backup", "--to", str(archive), "--encrypt-to", str(tmp_path / "key.pub"), "--quiet")
    with tarfile.open(archive) as tar:
        assert "secrets/secrets.json" not in tar.getnames()
        sealed = tar.extractfile("secrets/secrets.json.age").read()  # type: ignore[union-attr]
    assert (source.data_dir / "secret_key").read_bytes() not in sealed

    done = parley(tmp_path, "backup", "verify", str(archive), check=False)
    assert done.returncode != 0 and "--decrypt-with" in done.stderr

    done = parley(tmp_path, "backup", "verify", str(archive), "--decrypt-with", str(tmp_path / "key"))
    assert ": sound (" in done.stdout
    assert not (tmp_path / "media").exists()  # the scratch restore went away with its folder
