"""Members' archives: the row that makes a failure visible and retried, expiry, and the CLI."""

import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from parley.operations import archive
from parley.operations.exports import access_export, expire_exports, request_export, retry_failed_exports
from parley.operations.models import ExportState
from parley.posts.actions import echo_post, publish_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARLEY_EXPORTS_DIR = tmp_path / "exports"
    return tmp_path / "exports"


def test_a_failed_export_is_recorded_then_retried(
    make_member, monkeypatch, exports_dir, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    alice = make_member("alice")

    def broken(member, out):  # type: ignore[no-untyped-def]
        out.write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(archive, "write_archive", broken)
    with django_capture_on_commit_callbacks(execute=True):
        export = request_export(member=alice)
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and "disk full" in export.error and export.attempts == 1
    assert list(exports_dir.iterdir()) == []  # no half archive left behind
    # A failed export does not count against the one-a-day limit.
    monkeypatch.undo()
    assert retry_failed_exports() == 1
    export.refresh_from_db()
    assert export.state == ExportState.READY and export.error == "" and export.attempts == 2
    assert access_export(alice, export.pk) == export


def test_an_export_expires_and_its_file_is_deleted(
    make_member, exports_dir, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    alice = make_member("alice")
    with django_capture_on_commit_callbacks(execute=True):
        export = request_export(member=alice)
    export.refresh_from_db()
    path = exports_dir / export.file
    assert path.is_file()
    assert expire_exports(now=timezone.now() + timedelta(days=6)) == 0
    assert expire_exports(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    export.refresh_from_db()
    assert export.state == ExportState.EXPIRED and not path.exists()


def test_echoes_are_announces_in_the_outbox(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=bob, text="worth sharing", visibility="public")
    echo_post(user=alice, post=post)
    [item] = archive.outbox(alice)["orderedItems"]  # type: ignore[index]
    assert item["type"] == "Announce" and item["object"].endswith(f"/posts/{post.pk}")


def test_the_command_writes_the_archive(make_member, tmp_path: Path, capsys) -> None:
    alice = make_member("alice")
    publish_post(author=alice, text="hello", visibility="public")
    target = tmp_path / "alice.zip"
    call_command("export", "ALICE", "--to", str(target))
    assert "Wrote the archive of @alice" in capsys.readouterr().out
    with zipfile.ZipFile(target) as written:
        outbox = json.loads(written.read("outbox.json"))
        assert outbox["totalItems"] == 1 and "hello" in outbox["orderedItems"][0]["object"]["content"]
        assert {"actor.json", "following_accounts.csv", "moderation_decisions.json"} <= set(written.namelist())
    with pytest.raises(CommandError, match="exists already"):
        call_command("export", "alice", "--to", str(target))
    with pytest.raises(CommandError, match="No member named"):
        call_command("export", "nobody", "--to", str(tmp_path / "x.zip"))


def test_a_ready_export_whose_file_is_gone_expires(
    make_member, exports_dir, django_capture_on_commit_callbacks
) -> None:
    alice = make_member("alice")
    with django_capture_on_commit_callbacks(execute=True):
        export = request_export(member=alice)
    export.refresh_from_db()
    (exports_dir / export.file).unlink()  # e.g. restored on a new host without the exports folder
    assert expire_exports() == 1
    export.refresh_from_db()
    assert export.state == ExportState.EXPIRED
