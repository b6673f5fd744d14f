"""Accounts and relationships over HTTP, with bad input refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parley.accounts.actions import block, follow
from parley.accounts.models import Follow
from tests.mastodon_api.openapi import validate_response


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_verify_and_update_credentials(make_member, api_for) -> None:
    alice = make_member("alice")
    client = api_for(alice)
    me = client.get("/api/v1/accounts/verify_credentials").json()
    validate_response("GET", "/api/v1/accounts/verify_credentials", 200, me)
    response = client.patch(
        "/api/v1/accounts/update_credentials",
        {
            "display_name": "Alice",
            "note": "Bakes #bread",
            "fields_attributes[0][name]": "site",
            "fields_attributes[0][value]": "https://alice.example",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["display_name"] == "Alice"
    assert body["source"]["note"] == "Bakes #bread"
    assert body["fields"][0]["name"] == "site"
    bad = client.patch("/api/v1/accounts/update_credentials", {"display_name": "x" * 61})
    assert bad.status_code == 422
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


@pytest.mark.django_db
def test_avatar_upload_over_multipart(make_member, api_for) -> None:
    alice = make_member("alice")
    client = api_for(alice)
    # Django's test client sends PATCH bodies raw, so build the multipart body like a browser would.
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    body = encode_multipart(BOUNDARY, {"avatar": png()})
    response = client.client.patch(
        "/api/v1/accounts/update_credentials",
        body,
        content_type=MULTIPART_CONTENT,
        headers=client.headers,
    )
    assert response.status_code == 200, response.content
    assert "/media/avatars/" in response.json()["avatar"]


@pytest.mark.django_db
def test_lookup_get_follow_relationships(make_member, api_for) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    client = api_for(alice)
    assert client.get("/api/v1/accounts/lookup", {"acct": "bob"}).json()["id"] == str(bob.pk)
    assert client.get("/api/v1/accounts/lookup", {"acct": "bob@127.0.0.1:9999"}).json()["id"] == str(bob.pk)
    assert client.get("/api/v1/accounts/lookup", {"acct": "bob@elsewhere.example"}).status_code == 404
    assert client.get("/api/v1/accounts/999").status_code == 404
    assert client.get("/api/v1/accounts/abc").status_code == 404
    rel = client.post(f"/api/v1/accounts/{bob.pk}/follow").json()
    validate_response("POST", f"/api/v1/accounts/{bob.pk}/follow", 200, rel)
    assert rel["following"] is True
    assert client.post(f"/api/v1/accounts/{alice.pk}/follow").status_code == 422
    assert Follow.objects.count() == 1
    rels = client.get("/api/v1/accounts/relationships", {"id[]": [str(bob.pk), "999"]}).json()
    assert [r["id"] for r in rels] == [str(bob.pk)]
    followers = api_for(bob).get(f"/api/v1/accounts/{bob.pk}/followers").json()
    assert [f["username"] for f in followers] == ["alice"]


@pytest.mark.django_db
def test_blocked_members_cannot_see_or_follow(make_member, api_for) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    block(blocker=bob, target=alice)
    client = api_for(alice)
    assert client.get(f"/api/v1/accounts/{bob.pk}").status_code == 404
    assert client.post(f"/api/v1/accounts/{bob.pk}/follow").status_code == 404


@pytest.mark.django_db
def test_follow_requests_mutes_blocks(make_member, api_for) -> None:
    alice, carol = make_member("alice"), make_member("carol")
    carol.locked = True
    carol.save(update_fields=["locked"])
    assert api_for(alice).post(f"/api/v1/accounts/{carol.pk}/follow").json()["requested"] is True
    owner = api_for(carol)
    assert [a["username"] for a in owner.get("/api/v1/follow_requests").json()] == ["alice"]
    assert owner.post(f"/api/v1/follow_requests/{alice.pk}/authorize").json()["followed_by"] is True
    assert owner.post(f"/api/v1/follow_requests/{alice.pk}/reject").status_code == 404
    assert owner.post(f"/api/v1/accounts/{alice.pk}/mute", {"duration": "-5"}).status_code == 422
    assert owner.post(f"/api/v1/accounts/{alice.pk}/mute", {"duration": "60"}).json()["muting"] is True
    assert owner.get("/api/v1/mutes").json()[0]["mute_expires_at"]
    assert owner.post(f"/api/v1/accounts/{alice.pk}/block").json()["blocking"] is True
    assert [a["username"] for a in owner.get("/api/v1/blocks").json()] == ["alice"]
    assert owner.post(f"/api/v1/accounts/{alice.pk}/unblock").json()["blocking"] is False


@pytest.mark.django_db
def test_follow_is_effective_at_once_for_home_timeline(make_member, api_for) -> None:
    from parley.posts.actions import publish_post

    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=bob, text="Hello followers")
    client = api_for(alice)
    client.post(f"/api/v1/accounts/{bob.pk}/follow")
    assert [s["id"] for s in client.get("/api/v1/timelines/home").json()] == [str(post.pk)]
    follow(follower=alice, target=bob)  # following twice changes nothing
