"""Retention: `parley purge` blanks old session addresses and deletes unattached uploads, expired
archives and expired evidence, and leaves anything recent alone."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from parley.accounts.actions import delete_account
from parley.accounts.models import MemberSession
from parley.operations.archive import exports_dir
from parley.operations.exports import request_export
from parley.operations.models import Export
from parley.posts.actions import publish_post, upload_media
from parley.posts.models import Media
from parley.safety.models import EvidencePackage
from tests.core.image_samples import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARLEY_EXPORTS_DIR = tmp_path / "exports"
    return tmp_path / "media"


def sign_in(member) -> MemberSession:  # type: ignore[no-untyped-def]
    """A real sign-in through the login form, so the session is recorded with its address."""
    client = Client(HTTP_USER_AGENT="Firefox/140.0", REMOTE_ADDR="203.0.113.7")
    response = client.post("/login", {"username": member.username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return MemberSession.objects.get(session_key=client.session.session_key)


def age(queryset, **fields) -> None:  # type: ignore[no-untyped-def]
    queryset.update(**fields)


def test_old_session_addresses_are_blanked_recent_ones_kept(make_member, settings, capsys) -> None:
    settings.PARLEY_RETENTION_SESSION_DAYS = 7
    old, recent = sign_in(make_member("alice")), sign_in(make_member("bob"))
    assert old.ip_address == "203.0.113.7" and old.user_agent == "Firefox/140.0"
    age(MemberSession.objects.filter(pk=old.pk), last_seen_at=timezone.now() - timedelta(days=8))
    age(MemberSession.objects.filter(pk=recent.pk), last_seen_at=timezone.now() - timedelta(days=6))
    call_command("purge")
    assert "Blanked the address of 1 old session(s)" in capsys.readouterr().out
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("203.0.113.7", "Firefox/140.0")


def test_unattached_uploads_are_deleted_after_a_day_with_their_files(
    make_member, media_root: Path, django_capture_on_commit_callbacks
) -> None:
    alice = make_member("alice")
    stale, fresh, used = (upload_media(owner=alice, file=png()) for _ in range(3))
    publish_post(author=alice, text="with a picture", visibility="public", media_ids=[used.pk])
    day_and_more = timezone.now() - timedelta(hours=25)
    age(Media.objects.filter(pk__in=[stale.pk, used.pk]), created_at=day_and_more)
    stale_files = [media_root / stale.file.name, media_root / stale.thumbnail.name]
    assert all(path.is_file() for path in stale_files)
    with django_capture_on_commit_callbacks(execute=True):  # files go once the deletion commits
        call_command("purge")
    assert set(Media.objects.values_list("pk", flat=True)) == {fresh.pk, used.pk}
    assert not any(path.exists() for path in stale_files)
    assert (media_root / fresh.file.name).is_file() and (media_root / used.file.name).is_file()


def test_expired_archives_and_evidence_go_recent_ones_stay(
    make_member, django_capture_on_commit_callbacks, capsys
) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    with django_capture_on_commit_callbacks(execute=True):
        old, recent = request_export(member=alice), request_export(member=bob)
    old.refresh_from_db()
    age(Export.objects.filter(pk=old.pk), expires_at=timezone.now() - timedelta(minutes=1))
    EvidencePackage.objects.create(content={}, retain_until=timezone.now() - timedelta(days=1))
    kept = EvidencePackage.objects.create(content={}, retain_until=timezone.now() + timedelta(days=1))
    call_command("purge")
    out = capsys.readouterr().out
    assert "1 expired archive(s)" in out and "removed 1 expired evidence package(s)" in out
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.state == "expired" and recent.state == "ready"
    assert list(EvidencePackage.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_archive_of_a_deleted_account_is_deleted(make_member, django_capture_on_commit_callbacks) -> None:
    alice = make_member("alice")
    with django_capture_on_commit_callbacks(execute=True):
        export = request_export(member=alice)
    export.refresh_from_db()
    path = exports_dir() / export.file
    assert path.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=alice)
    assert not Export.objects.exists()  # the row went with the account; the file is left to purge
    call_command("purge")
    assert not path.exists()
