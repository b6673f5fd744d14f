"""Images on the web pages: who can load them, and uploads that fail leave nothing behind."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from parley.accounts.actions import follow
from parley.core import images
from parley.posts.actions import publish_post, upload_media
from parley.posts.models import Media, Post
from parley.safety.actions.decisions import decide_item
from tests.core.image_samples import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def signed_in(member) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(member)
    return client


def image_urls(page: str) -> list[str]:
    """Every image link and source on a post's page (the image and its thumbnail)."""
    grid = page[page.index('class="media-grid') :]
    return [unescape(url) for url in re.findall(r'(?:href|src)="(/media/[^"]+)"', grid)]


def post_with_image(author, *, visibility: str, text: str = "a picture") -> Post:  # type: ignore[no-untyped-def]
    media = upload_media(owner=author, file=png())
    return publish_post(author=author, text=text, visibility=visibility, media_ids=[media.pk])


def test_a_direct_message_image_loads_for_the_recipient_and_nobody_else(make_member) -> None:
    alice, bob, eve = make_member("alice"), make_member("bob"), make_member("eve")
    dm = post_with_image(alice, visibility="direct", text="@bob only for you")
    page = signed_in(bob).get(f"/posts/{dm.pk}")
    assert page.status_code == 200
    urls = image_urls(page.content.decode())
    assert len(urls) == 2 and all("sig=" in url for url in urls)
    assert all(Client().get(url).status_code == 200 for url in urls)  # what bob's browser loads
    assert signed_in(eve).get(f"/posts/{dm.pk}").status_code == 404
    for url in urls:
        path = url.split("?", 1)[0]
        assert Client().get(path).status_code == 404
        assert signed_in(eve).get(path).status_code == 404


def test_a_followers_only_image_loads_for_a_follower_only(make_member) -> None:
    alice, carol, eve = make_member("alice"), make_member("carol"), make_member("eve")
    follow(follower=carol, target=alice)
    private = post_with_image(alice, visibility="followers")
    urls = image_urls(signed_in(carol).get(f"/posts/{private.pk}").content.decode())
    assert all(Client().get(url).status_code == 200 for url in urls)
    assert all(signed_in(eve).get(url.split("?", 1)[0]).status_code == 404 for url in urls)


def test_a_removed_posts_image_and_thumbnail_are_gone_for_everyone_else(make_member) -> None:
    alice, mod = make_member("alice"), make_member("mod", moderator=True)
    public = post_with_image(alice, visibility="public")
    urls = image_urls(Client().get(f"/posts/{public.pk}").content.decode())
    assert len(urls) == 2 and all("sig=" not in url for url in urls)
    assert all(Client().get(url).status_code == 200 for url in urls)
    decide_item(moderator=mod, post=public, action="remove", reason="It shows a home address.")
    assert [Client().get(url).status_code for url in urls] == [404, 404]
    eve = signed_in(make_member("eve"))
    assert [eve.get(url).status_code for url in urls] == [404, 404]


def test_images_of_a_post_over_the_request_pixel_budget_are_refused_and_nothing_is_kept(
    make_member, monkeypatch, _media_root, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(images, "MAX_REQUEST_PIXELS", 2000)  # one 40x30 image fits, two do not
    client = signed_in(make_member("alice"))
    data = {
        "text": "two",
        "content_warning": "",
        "visibility": "public",
        "image_1": png(),
        "image_2": png(),
        "alt_1": "A",
        "alt_2": "B",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compose", data)
    assert response.status_code == 422
    assert "too many pixels together" in response.content.decode()
    assert not Post.objects.exists() and not Media.objects.exists()
    assert stored_files(_media_root) == []


def test_profile_form_with_an_invalid_header_keeps_the_avatar_and_writes_nothing(make_member, _media_root) -> None:
    alice = make_member("alice")
    client = signed_in(alice)
    form = {"display_name": "Alice", "bio": "", "language": "", "link_name_1": "", "link_url_1": ""}
    assert client.post("/settings/profile", {**form, "avatar": png()}).status_code == 302
    alice.refresh_from_db()
    avatar_before, files_before = alice.avatar.name, stored_files(_media_root)
    header = SimpleUploadedFile("header.png", b"not an image", content_type="image/png")
    response = client.post("/settings/profile", {**form, "avatar": png(colour="green"), "header": header})
    assert response.status_code == 422
    alice.refresh_from_db()
    assert alice.avatar.name == avatar_before and not alice.header
    assert stored_files(_media_root) == files_before
    assert Client().get(f"/media/{avatar_before}").status_code == 200


def test_a_replaced_avatar_is_deleted_once_the_new_one_is_saved(
    make_member, _media_root, django_capture_on_commit_callbacks
) -> None:
    alice = make_member("alice")
    client = signed_in(alice)
    form = {"display_name": "Alice", "bio": "", "language": "", "link_name_1": "", "link_url_1": ""}
    client.post("/settings/profile", {**form, "avatar": png()})
    alice.refresh_from_db()
    old = alice.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/settings/profile", {**form, "avatar": png(colour="green")}).status_code == 302
    alice.refresh_from_db()
    assert alice.avatar.name != old
    assert not (_media_root / old).exists() and (_media_root / alice.avatar.name).exists()
    assert Client().get(f"/media/{old}").status_code == 404


def test_evidence_copies_outlive_the_deleted_post_and_are_never_served(
    make_member, _media_root, django_capture_on_commit_callbacks
) -> None:
    from parley.posts.actions import delete_post
    from parley.safety.actions.evidence import escalate

    alice, mod = make_member("alice"), make_member("mod", moderator=True)
    post = post_with_image(alice, visibility="direct", text="a threat")
    package = escalate(moderator=mod, post=post, reason="A threat to someone's life.")
    copies = list((_media_root / "evidence" / str(package.pk)).iterdir())
    assert len(copies) == 1
    with django_capture_on_commit_callbacks(execute=True):
        delete_post(actor=mod, post=post, reason="Threat.")
    assert [p.parent.name for p in stored_files(_media_root)] == [str(package.pk)]  # only the copy is left
    assert Client().get(f"/media/evidence/{package.pk}/{copies[0].name}").status_code == 404
    assert signed_in(mod).get(f"/media/evidence/{package.pk}/{copies[0].name}").status_code == 404
