"""Media intake over the Mastodon API: metadata never served back, oversized images refused
quickly, and a failed upload or profile update leaves no file behind."""

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from parley.posts.models import Media
from tests.core.image_samples import (
    gif_with_comment,
    huge_png,
    jpeg_with_secrets,
    leaks,
    png,
    png_with_text,
    webp_with_secrets,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def fetch(url: str) -> bytes:
    """What any client loading the URL (no Authorization header, as apps load images) gets."""
    parts = urlsplit(url)
    response = Client().get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("sample", [jpeg_with_secrets, gif_with_comment, png_with_text, webp_with_secrets])
def test_uploaded_image_and_preview_are_served_without_planted_metadata(make_member, api_for, sample) -> None:
    client = api_for(make_member("alice"))
    response = client.post("/api/v2/media", {"file": sample()})
    assert response.status_code == 200, response.content
    body = response.json()
    for url in (body["url"], body["preview_url"]):
        assert leaks(fetch(url)) == []


def test_a_6300_by_6300_png_is_refused_quickly_with_a_clear_message(make_member, api_for, _media_root) -> None:
    client = api_for(make_member("alice"))
    started = time.perf_counter()
    response = client.post("/api/v2/media", {"file": huge_png()})
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert "too many pixels" in response.json()["error"]
    assert elapsed < 2.0
    assert stored_files(_media_root) == []
    assert not Media.objects.exists()


def test_an_upload_whose_database_insert_fails_leaves_no_file(make_member, api_for, monkeypatch, _media_root) -> None:
    client = api_for(make_member("alice"))

    def failing_save(self: Media, *args: object, **kwargs: object) -> None:
        raise IntegrityError("simulated failure of the insert")

    monkeypatch.setattr(Media, "save", failing_save)
    with pytest.raises(IntegrityError):
        client.post("/api/v2/media", {"file": png()})
    assert stored_files(_media_root) == []


def _patch_profile(client, files: dict[str, object]):  # type: ignore[no-untyped-def]
    # Django's test client sends PATCH bodies raw, so build the multipart body like a browser would.
    return client.client.patch(
        "/api/v1/accounts/update_credentials",
        encode_multipart(BOUNDARY, files),
        content_type=MULTIPART_CONTENT,
        headers=client.headers,
    )


def test_update_credentials_with_an_invalid_header_keeps_the_old_avatar(make_member, api_for, _media_root) -> None:
    alice = make_member("alice")
    client = api_for(alice)
    assert _patch_profile(client, {"avatar": png(colour="blue")}).status_code == 200
    alice.refresh_from_db()
    avatar_before, files_before = alice.avatar.name, stored_files(_media_root)

    not_an_image = SimpleUploadedFile("header.png", b"not an image", content_type="image/png")
    response = _patch_profile(client, {"avatar": png(colour="green"), "header": not_an_image})
    assert response.status_code == 422
    alice.refresh_from_db()
    assert alice.avatar.name == avatar_before
    assert stored_files(_media_root) == files_before
    me = client.get("/api/v1/accounts/verify_credentials").json()
    assert urlsplit(me["avatar"]).path.endswith(avatar_before)
