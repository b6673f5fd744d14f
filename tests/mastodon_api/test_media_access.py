"""Who can load a post's images, over the Mastodon API and plain image requests (as apps make
them: no Authorization header). Non-public images only through the signed URL handed to those
who may see the post; removed and deleted posts' images not at all."""

from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client

from parley.accounts.actions import follow
from parley.safety.actions.decisions import decide_item
from tests.core.image_samples import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def load(url: str) -> int:
    """The status an anonymous image request for `url` gets (path and query kept)."""
    parts = urlsplit(url)
    return Client().get(f"{parts.path}?{parts.query}" if parts.query else parts.path).status_code


def bare(url: str) -> str:
    """The URL without its signature: what someone who only knows the file's path requests."""
    return urlsplit(url).path


def post_with_image(client, visibility: str, text: str = "a picture") -> dict:  # type: ignore[no-untyped-def]
    media = client.post("/api/v2/media", {"file": png()}).json()
    response = client.post("/api/v1/statuses", {"status": text, "visibility": visibility, "media_ids[]": [media["id"]]})
    assert response.status_code == 200, response.content
    return response.json()


def urls(status: dict) -> list[str]:
    attachment = status["media_attachments"][0]
    return [attachment["url"], attachment["preview_url"]]


@pytest.fixture
def people(make_member):  # type: ignore[no-untyped-def]
    alice, bob, carol, eve = (make_member(name) for name in ("alice", "bob", "carol", "eve"))
    follow(follower=carol, target=alice)
    return alice, bob, carol, eve


def test_a_direct_message_image_loads_only_through_the_recipients_signed_url(people, api_for) -> None:
    alice, bob, _carol, eve = people
    dm = post_with_image(api_for(alice), "direct", "@bob for your eyes only")
    seen_by_bob = api_for(bob).get(f"/api/v1/statuses/{dm['id']}").json()
    for url in urls(seen_by_bob):
        assert "sig=" in url
        assert load(url) == 200
        assert load(bare(url)) == 404
    assert api_for(eve).get(f"/api/v1/statuses/{dm['id']}").status_code == 404
    stranger = Client()
    stranger.force_login(eve)
    assert stranger.get(bare(urls(seen_by_bob)[0])).status_code == 404


def test_a_followers_only_image_loads_for_a_follower_and_not_for_a_stranger(people, api_for) -> None:
    alice, _bob, carol, eve = people
    private = post_with_image(api_for(alice), "private")
    seen_by_carol = api_for(carol).get(f"/api/v1/statuses/{private['id']}").json()
    assert all(load(url) == 200 for url in urls(seen_by_carol))
    assert api_for(eve).get(f"/api/v1/statuses/{private['id']}").status_code == 404
    assert all(load(bare(url)) == 404 for url in urls(seen_by_carol))


def test_a_tampered_or_expired_signature_is_refused(people, api_for, monkeypatch) -> None:
    alice, bob, _carol, _eve = people
    dm = post_with_image(api_for(alice), "direct", "@bob hello")
    url, preview = urls(api_for(bob).get(f"/api/v1/statuses/{dm['id']}").json())
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    later = str(int(query["expires"]) + 86400)
    for forged in ({**query, "sig": query["sig"][:-2] + "xx"}, {**query, "expires": later}, {"sig": query["sig"]}):
        assert load(f"{bare(url)}?{urlencode(forged)}") == 404
    # A signature is for one file: moved onto the thumbnail's path, it opens nothing.
    assert load(f"{bare(preview)}?{urlencode(query)}") == 404

    import parley.posts.media_urls as media_urls

    expiry = int(query["expires"])
    monkeypatch.setattr(media_urls.time, "time", lambda: expiry + 1)
    assert load(url) == 404


def test_public_images_have_plain_cacheable_urls(people, api_for) -> None:
    alice, _bob, _carol, _eve = people
    public = post_with_image(api_for(alice), "public")
    for url in urls(public):
        assert "sig=" not in url
        response = Client().get(bare(url))
        assert response.status_code == 200
        assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    avatar_url = api_for(alice).get("/api/v1/accounts/verify_credentials").json()["avatar"]
    assert "/static/" in avatar_url  # no avatar yet: the default one


def test_a_removed_posts_images_stop_loading_even_through_urls_given_before(people, api_for, make_member) -> None:
    alice, bob, _carol, eve = people
    mod = make_member("mod", moderator=True)
    public = post_with_image(api_for(alice), "public")
    dm = post_with_image(api_for(alice), "direct", "@bob hi")
    given = urls(public) + urls(api_for(bob).get(f"/api/v1/statuses/{dm['id']}").json())
    assert all(load(url) == 200 for url in given)
    from parley.posts.models import Post

    for status in (public, dm):
        decide_item(moderator=mod, post=Post.objects.get(pk=status["id"]), action="remove", reason="Doxxing.")
    assert [load(url) for url in given] == [404] * 4
    assert [load(bare(url)) for url in given] == [404] * 4
    assert api_for(eve).get(f"/api/v1/statuses/{public['id']}").status_code == 404
    # The author still sees her removed post, images included, to appeal the decision.
    own = api_for(alice).get(f"/api/v1/statuses/{public['id']}").json()
    assert all(load(url) == 200 for url in urls(own))


def test_a_deleted_posts_files_are_deleted(people, api_for, _media_root, django_capture_on_commit_callbacks) -> None:
    alice, _bob, _carol, _eve = people
    client = api_for(alice)
    public = post_with_image(client, "public")
    files = [_media_root / bare(url).removeprefix("/media/") for url in urls(public)]
    assert all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):  # files go once the deletion commits
        assert client.delete(f"/api/v1/statuses/{public['id']}").status_code == 200
    assert not any(f.exists() for f in files)
    assert all(load(url) == 404 for url in urls(public))


def test_an_unattached_upload_is_only_for_its_owner(people, api_for) -> None:
    alice, _bob, _carol, eve = people
    uploaded = api_for(alice).post("/api/v2/media", {"file": png()}).json()
    assert load(uploaded["url"]) == 200  # the URL handed to the owner
    assert load(bare(uploaded["url"])) == 404
    assert api_for(eve).get(f"/api/v1/media/{uploaded['id']}").status_code == 404
    # Once published, the upload's draft link stops: it was signed for an unattached file.
    api_for(alice).post("/api/v1/statuses", {"status": "x", "visibility": "direct", "media_ids[]": [uploaded["id"]]})
    assert load(uploaded["url"]) == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../parley/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/media/..%2f..%2fdb.sqlite3",
        "/media//etc/passwd",
        "/media/evidence/1/1.jpg",
        "/media/avatars/nobody.jpg",
        "/media/media/2026/01/notanid.jpg",
    ],
)
def test_no_other_file_under_media_root_or_outside_it_is_served(path: str, _media_root) -> None:
    (_media_root / "evidence" / "1").mkdir(parents=True, exist_ok=True)
    (_media_root / "evidence" / "1" / "1.jpg").write_bytes(b"evidence")
    assert Client().get(path).status_code == 404


def test_a_proxy_can_send_the_file_after_the_check(people, api_for, settings) -> None:
    alice, bob, _carol, _eve = people
    dm = post_with_image(api_for(alice), "direct", "@bob hi")
    url = urls(api_for(bob).get(f"/api/v1/statuses/{dm['id']}").json())[0]
    parts = urlsplit(url)
    settings.PARLEY_MEDIA_SENDFILE = "x-accel-redirect"
    response = Client().get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/internal-media/" + parts.path.removeprefix("/media/")
    assert "private" in response["Cache-Control"]
    settings.PARLEY_MEDIA_SENDFILE = "x-sendfile"
    response = Client().get(f"{parts.path}?{parts.query}")
    assert response["X-Sendfile"] == str(Path(settings.MEDIA_ROOT) / parts.path.removeprefix("/media/"))
    assert Client().get(parts.path).has_header("X-Sendfile") is False
