"""The settings' data page, driven as a member: ask for an archive, download it, check what is in
it, and import its lists into a fresh account."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.test import Client

from parley.accounts.actions import block, follow, mute, update_profile
from parley.accounts.models import Block, Follow, Mute, User
from parley.operations.exports import retry_failed_exports
from parley.posts.actions import bookmark_post, publish_post, upload_media
from parley.posts.models import Bookmark
from parley.safety.actions.appeals import file_appeal
from parley.safety.actions.decisions import decide_item
from tests.core.image_samples import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARLEY_EXPORTS_DIR = tmp_path / "exports"


def signed_in(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def request_archive(client: Client, capture) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    """Ask for an archive on the settings page, follow the download link, open the zip."""
    with capture(execute=True):
        response = client.post("/settings/data/export")
    assert response.status_code == 302
    page = client.get("/settings/data")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ready to download" in html
    link = html.split('href="/settings/data/export/', 1)[1].split('"', 1)[0]
    download = client.get(f"/settings/data/export/{link}")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-cache" in download["Cache-Control"] or "no-store" in download["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]


@pytest.fixture
def alice_world(make_member):  # type: ignore[no-untyped-def]
    """alice with posts (one with an image, a reply, a DM), an avatar, follows, blocks, mutes,
    bookmarks and a moderation decision she appealed."""
    alice, bob, carol, dave, erin = (make_member(n) for n in ("alice", "bob", "carol", "dave", "erin"))
    mod = make_member("mod", moderator=True)
    update_profile(user=alice, display_name="Alice A.", bio="Hello #fediverse", avatar=png())
    media = upload_media(owner=alice, file=png(), description="a red square")
    first = publish_post(author=alice, text="A picture #art", visibility="public", media_ids=[media.pk])
    bobs = publish_post(author=bob, text="bob's post", visibility="public")
    reply = publish_post(author=alice, text="@bob agreed", visibility="unlisted", in_reply_to=bobs)
    publish_post(author=alice, text="@carol just us", visibility="direct")
    removed = publish_post(author=alice, text="to be removed", visibility="followers")
    decided = decide_item(moderator=mod, post=removed, action="remove", reason="It breaks the rules.")
    assert decided.statement is not None
    file_appeal(appellant=alice, statement=decided.statement, text="It did not.")
    follow(follower=alice, target=bob)
    follow(follower=alice, target=carol)
    block(blocker=alice, target=dave)
    mute(muter=alice, target=erin, hide_notifications=False)
    bookmark_post(user=alice, post=bobs)
    return {"alice": alice, "first": first, "reply": reply, "media": media, "bobs": bobs}


def test_a_member_downloads_an_archive_of_everything_theirs(alice_world, django_capture_on_commit_callbacks) -> None:
    alice = alice_world["alice"]
    archive = request_archive(signed_in(alice), django_capture_on_commit_callbacks)

    outbox = json.loads(archive.read("outbox.json"))
    assert outbox["type"] == "OrderedCollection"
    items = outbox["orderedItems"]
    assert outbox["totalItems"] == len(items) == alice.posts.count() == 4
    assert all(item["type"] == "Create" and item["object"]["type"] == "Note" for item in items)
    notes = {note["id"].rsplit("/", 1)[1]: note for note in (item["object"] for item in items)}
    assert set(notes) == {str(pk) for pk in alice.posts.values_list("pk", flat=True)}
    first = notes[str(alice_world["first"].pk)]
    public = "https://www.w3.org/ns/activitystreams#Public"
    assert first["to"] == [public] and first["content"].startswith("<p>A picture <a")
    assert {"type": "Hashtag", "href": first["tag"][0]["href"], "name": "#art"} in first["tag"]
    [attachment] = first["attachment"]
    assert attachment["name"] == "a red square"
    media = alice_world["media"]
    with default_storage.open(media.file.name, "rb") as stored:
        assert archive.read(attachment["url"]) == stored.read()  # the same bytes
    reply = notes[str(alice_world["reply"].pk)]
    assert reply["inReplyTo"].endswith(f"/posts/{alice_world['bobs'].pk}")
    assert reply["to"][0].endswith("/followers") and public in reply["cc"]
    direct = next(note for note in notes.values() if "just us" in note["content"])
    assert len(direct["to"]) == 1 and direct["to"][0].endswith("/@carol") and direct["cc"] == []

    actor = json.loads(archive.read("actor.json"))
    assert actor["type"] == "Person" and actor["preferredUsername"] == "alice" and actor["name"] == "Alice A."
    with default_storage.open(alice.avatar.name, "rb") as stored:
        assert archive.read(actor["icon"]["url"]) == stored.read()

    rows = list(csv.reader(io.StringIO(archive.read("following_accounts.csv").decode())))
    assert rows[0] == ["Account address", "Show boosts", "Notify on new posts", "Languages"]
    assert sorted(row[0].split("@")[0] for row in rows[1:]) == ["bob", "carol"]
    assert archive.read("blocked_accounts.csv").decode().split("@")[0] == "dave"
    mutes = list(csv.reader(io.StringIO(archive.read("muted_accounts.csv").decode())))
    assert mutes[0] == ["Account address", "Hide notifications"] and mutes[1][0].startswith("erin@")
    assert mutes[1][1] == "false"
    assert archive.read("bookmarks.csv").decode().strip().endswith(f"/posts/{alice_world['bobs'].pk}")

    [decision] = json.loads(archive.read("moderation_decisions.json"))
    assert decision["decision"] == "remove" and decision["appeals"][0]["state"] == "open"
    assert decision["appeal_until"] and decision["date"]


def test_the_member_is_emailed_in_their_language_when_it_is_ready(
    make_member, django_capture_on_commit_callbacks
) -> None:
    alice = make_member("alice")
    update_profile(user=alice, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(alice).post("/settings/data/export")
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert "archive" in message.subject and "Bonjour" in message.body
    assert "/settings/data" in message.body


def test_another_member_and_a_visitor_cannot_download_it(make_member, django_capture_on_commit_callbacks) -> None:
    alice, eve = make_member("alice"), make_member("eve")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(alice).post("/settings/data/export")
    export = alice.exports.get()
    url = f"/settings/data/export/{export.pk}/download"
    assert signed_in(alice).get(url).status_code == 200
    assert signed_in(eve).get(url).status_code == 404
    visitor = Client().get(url)
    assert visitor.status_code == 302 and "/login" in visitor["Location"]
    assert Client().get(f"/media/{export.file}").status_code == 404  # not under the media folder


def test_one_archive_a_day(make_member, django_capture_on_commit_callbacks) -> None:
    alice = make_member("alice")
    client = signed_in(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/settings/data/export").status_code == 302
        second = client.post("/settings/data/export")
    assert second.status_code == 429
    assert "one archive a day" in second.content.decode()
    assert alice.exports.count() == 1


def test_the_settings_page_lists_the_section(make_member) -> None:
    page = signed_in(make_member("alice")).get("/settings")
    assert 'href="/settings/data"' in page.content.decode()


def upload(client: Client, kind: str, content: bytes, mode: str = "merge", name: str = "list.csv"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/settings/data/import",
        {"kind": kind, "mode": mode, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_the_archive_imports_into_a_fresh_account(alice_world, make_member, django_capture_on_commit_callbacks) -> None:
    archive = request_archive(signed_in(alice_world["alice"]), django_capture_on_commit_callbacks)
    fresh = make_member("alice2")
    client = signed_in(fresh)
    for kind, name in (
        ("following", "following_accounts.csv"),
        ("blocks", "blocked_accounts.csv"),
        ("mutes", "muted_accounts.csv"),
        ("bookmarks", "bookmarks.csv"),
    ):
        response = upload(client, kind, archive.read(name))
        assert response.status_code == 200, response.content
        assert "imported" in response.content.decode()

    def names(rows, field):  # type: ignore[no-untyped-def]
        return sorted(getattr(row, field).username for row in rows)

    alice = alice_world["alice"]
    assert names(Follow.objects.filter(follower=fresh), "followee") == names(
        Follow.objects.filter(follower=alice), "followee"
    )
    assert names(Block.objects.filter(blocker=fresh), "blocked") == ["dave"]
    assert [(m.muted.username, m.hide_notifications) for m in Mute.objects.filter(muter=fresh)] == [("erin", False)]
    assert list(Bookmark.objects.filter(user=fresh).values_list("post", flat=True)) == [alice_world["bobs"].pk]


def test_remote_and_unknown_accounts_are_skipped_with_reasons(make_member) -> None:
    make_member("bob")
    client = signed_in(make_member("alice"))
    content = b"Account address,Show boosts\nbob,true\nsomeone@mastodon.social,true\nnobody,true\n"
    response = upload(client, "following", content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 entry imported" in page and "2 entries skipped" in page
    assert "federation is not available yet" in page and "no such account here" in page
    assert Follow.objects.filter(followee__username="bob").count() == 1


def test_overwrite_replaces_the_list(make_member) -> None:
    alice, bob, _carol = make_member("alice"), make_member("bob"), make_member("carol")
    block(blocker=alice, target=bob)
    response = upload(signed_in(alice), "blocks", b"carol\n", mode="overwrite")
    assert response.status_code == 200
    assert list(Block.objects.filter(blocker=alice).values_list("blocked__username", flat=True)) == ["carol"]
    assert "1 entry not in the file removed" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 422, "not a CSV file"),
        (b"\xff\xfe\xfa not utf-8", 422, "not UTF-8"),
        (b"bob,true,false,en,extra\n", 422, "columns"),
        (b"https://example.org/posts/1\n", 422, "account address"),
        (b"", 422, "empty"),
        (b"bob\n" * (3 * 1024 * 1024 // 4), 413, "too large"),
    ],
)
def test_a_bad_file_is_refused_and_changes_nothing(make_member, content: bytes, status: int, message: str) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    follow(follower=alice, target=make_member("carol"))
    response = upload(signed_in(alice), "following", b"bob\n" + content if status == 422 and content else content)
    assert response.status_code == status, response.content
    assert message in response.content.decode()
    assert list(Follow.objects.filter(follower=alice).values_list("followee__username", flat=True)) == ["carol"]
    bob.refresh_from_db()
    assert bob.followers_count == 0


def test_a_failed_archive_is_shown_and_can_be_asked_for_again(
    make_member, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from parley.operations import archive

    def broken(member, out):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(archive, "write_archive", broken)
    alice = make_member("alice")
    client = signed_in(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/settings/data/export")
    page = client.get("/settings/data").content.decode()
    assert "Preparing your archive failed" in page and "/download" not in page
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/settings/data/export").status_code == 302  # a failure does not count
    assert "Download your archive" in client.get("/settings/data").content.decode()
    assert [e.state for e in alice.exports.order_by("id")] == ["failed", "ready"]
    assert retry_failed_exports() == 0  # the failed one was superseded: not built twice


def test_the_page_and_the_import_summary_in_french(make_member, django_capture_on_commit_callbacks) -> None:
    make_member("bob")
    client = signed_in(make_member("alice"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/settings/data/export", headers={"accept-language": "fr"})
    page = client.get("/settings/data", headers={"accept-language": "fr"}).content.decode()
    assert "Vos données" in page and "Télécharger votre archive" in page and "Prête à télécharger" in page
    response = client.post(
        "/settings/data/import",
        {"kind": "following", "mode": "merge", "file": io.BytesIO(b"bob\nx@remote.example\n")},
        headers={"accept-language": "fr"},
    )
    summary = response.content.decode()
    assert "1 entrée importée" in summary and "pas encore disponible" in summary
