"""The media URL rule: plain for public posts' images, signed and bound to the post's state
otherwise, and only names recorded in the database ever resolve."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import IntegrityError

from parley.posts import media_urls
from parley.posts.actions import delete_post, discard_media, publish_post, upload_media
from parley.posts.media_urls import media_url, resolve_media_request
from parley.posts.models import Media, PostState
from tests.core.image_samples import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _resolve(url: str):  # type: ignore[no-untyped-def]
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return resolve_media_request(
        parts.path.removeprefix("/media/"), expires=query.get("expires"), signature=query.get("sig")
    )


def _media(author, visibility: str = "public", text: str = "pic") -> Media:  # type: ignore[no-untyped-def]
    media = upload_media(owner=author, file=png())
    publish_post(author=author, text=text, visibility=visibility, media_ids=[media.pk])
    return Media.objects.select_related("post__author").get(pk=media.pk)


def test_public_media_resolve_without_a_signature_as_public(make_member) -> None:
    media = _media(make_member("alice"))
    assert media_url(media) == media.file.url
    assert media_url(media, thumbnail=True) == media.thumbnail.url
    found = _resolve(media_url(media))
    assert found is not None and found.access == "public" and found.name == media.file.name


def test_a_signed_url_stops_working_when_the_posts_state_changes(make_member) -> None:
    media = _media(make_member("alice"), visibility="followers")
    url = media_url(media)
    found = _resolve(url)
    assert found is not None and found.access == "private"
    assert 0 < found.max_age <= 6 * 3600
    assert media.post is not None
    media.post.state = PostState.REMOVED
    media.post.save(update_fields=["state"])
    assert _resolve(url) is None
    removed = Media.objects.select_related("post__author").get(pk=media.pk)
    assert _resolve(media_url(removed)) is not None  # a URL minted now, for the author or a moderator


def test_signed_urls_are_stable_within_an_expiry_step_for_caching(make_member, monkeypatch) -> None:
    media = _media(make_member("alice"), visibility="direct")
    monkeypatch.setattr(media_urls.time, "time", lambda: 1_800_000_000.0)
    first = media_url(media)
    monkeypatch.setattr(media_urls.time, "time", lambda: 1_800_000_005.0)
    assert media_url(media) == first


def test_a_suspended_authors_public_media_are_not_public(make_member) -> None:
    from django.utils import timezone

    alice = make_member("alice")
    media = _media(alice)
    alice.suspended_at = timezone.now()
    alice.save(update_fields=["suspended_at"])
    assert _resolve(media.file.url) is None


@pytest.mark.parametrize(
    "name",
    ["", "/etc/passwd", "../x", "media/../../x", "media\\..\\x", "media/2026/01/1.jpg\x00", "evidence/1/1.jpg"],
)
def test_names_that_are_not_recorded_never_resolve(name: str) -> None:
    assert resolve_media_request(name, expires=None, signature=None) is None


def test_an_upload_whose_insert_fails_leaves_no_file(make_member, monkeypatch, _media_root) -> None:
    alice = make_member("alice")

    def failing_save(self: Media, *args: object, **kwargs: object) -> None:
        raise IntegrityError("simulated")

    monkeypatch.setattr(Media, "save", failing_save)
    with pytest.raises(IntegrityError):
        upload_media(owner=alice, file=png())
    assert [p for p in _media_root.rglob("*") if p.is_file()] == []


def test_deleting_a_post_or_discarding_an_upload_deletes_files_on_commit(
    make_member, _media_root, django_capture_on_commit_callbacks
) -> None:
    alice = make_member("alice")
    media = _media(alice)
    draft = upload_media(owner=alice, file=png())
    files = [_media_root / m.file.name for m in (media, draft)] + [
        _media_root / m.thumbnail.name for m in (media, draft)
    ]
    assert all(f.exists() for f in files)
    assert media.post is not None
    with django_capture_on_commit_callbacks(execute=True):
        delete_post(actor=alice, post=media.post)
        discard_media(owner=alice, media_ids=[draft.pk])
    assert not any(f.exists() for f in files)
