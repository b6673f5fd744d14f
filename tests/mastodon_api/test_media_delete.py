"""`DELETE /api/v1/media/:id`: a member deletes an upload no post uses; its files go on commit.
Someone else's upload is 404, one a post uses stays (422, as Mastodon answers)."""

from pathlib import Path

import pytest

from parley.posts.models import Media
from tests.core.image_samples import png
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_owner_deletes_an_unattached_upload_and_its_files(
    api_for, make_member, _media_root, django_capture_on_commit_callbacks
) -> None:
    api = api_for(make_member())
    uploaded = api.post("/api/v2/media", {"file": png()}).json()
    media = Media.objects.get(pk=uploaded["id"])
    files = [_media_root / field.name for field in (media.file, media.thumbnail) if field]
    assert files and all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.delete(f"/api/v1/media/{uploaded['id']}")
    assert answer.status_code == 200 and answer.json() == {}
    validate_response("DELETE", f"/api/v1/media/{uploaded['id']}", 200, answer.json())
    assert not Media.objects.filter(pk=uploaded["id"]).exists()
    assert not any(f.exists() for f in files)
    assert api.get(f"/api/v1/media/{uploaded['id']}").status_code == 404


def test_someone_elses_upload_is_not_found_and_stays(api_for, make_member) -> None:
    uploaded = api_for(make_member()).post("/api/v2/media", {"file": png()}).json()
    answer = api_for(make_member()).delete(f"/api/v1/media/{uploaded['id']}")
    assert answer.status_code == 404
    validate_response("DELETE", f"/api/v1/media/{uploaded['id']}", 404, answer.json())
    assert Media.objects.filter(pk=uploaded["id"]).exists()


def test_an_upload_a_post_uses_stays(api_for, make_member) -> None:
    api = api_for(make_member())
    uploaded = api.post("/api/v2/media", {"file": png()}).json()
    assert api.post("/api/v1/statuses", {"status": "A picture", "media_ids[]": [uploaded["id"]]}).status_code == 200
    answer = api.delete(f"/api/v1/media/{uploaded['id']}")
    assert answer.status_code == 422 and "used by a status" in answer.json()["error"]
    assert Media.objects.filter(pk=uploaded["id"], post__isnull=False).exists()


@pytest.mark.parametrize("media_id", ["abc", "99999999999999999999999", "12345"])
def test_a_bad_or_unknown_id_is_not_found(api_for, make_member, media_id) -> None:
    assert api_for(make_member()).delete(f"/api/v1/media/{media_id}").status_code == 404


def test_deleting_needs_the_write_media_scope(api_for, make_member) -> None:
    owner = make_member()
    uploaded = api_for(owner).post("/api/v2/media", {"file": png()}).json()
    assert api_for(owner, "read").delete(f"/api/v1/media/{uploaded['id']}").status_code == 403
    assert Media.objects.filter(pk=uploaded["id"]).exists()
