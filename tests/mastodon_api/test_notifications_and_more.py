"""Notifications, markers, search, media, reports, preferences over HTTP."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parley.accounts.actions import block, follow
from parley.posts.actions import echo_post, publish_post, upvote_post
from parley.posts.models import Media
from tests.mastodon_api.openapi import validate_response


@pytest.mark.django_db
def test_notification_types_get_dismiss_clear_unread(make_member, api_for) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=alice, text="Hello world")
    follow(follower=bob, target=alice)
    echo_post(user=bob, post=post)
    upvote_post(user=bob, post=post)
    publish_post(author=bob, text="Nice one", in_reply_to=post)
    client = api_for(alice)
    listed = client.get("/api/v1/notifications")
    validate_response("GET", "/api/v1/notifications", 200, listed.json())
    assert [n["type"] for n in listed.json()] == ["mention", "favourite", "reblog", "follow"]
    assert [n["type"] for n in client.get("/api/v1/notifications", {"types[]": ["favourite", "reblog"]}).json()] == [
        "favourite",
        "reblog",
    ]
    assert [
        n["type"] for n in client.get("/api/v1/notifications", {"exclude_types[]": ["mention", "follow"]}).json()
    ] == ["favourite", "reblog"]
    first = listed.json()[0]
    assert client.get(f"/api/v1/notifications/{first['id']}").json()["id"] == first["id"]
    assert api_for(bob).get(f"/api/v1/notifications/{first['id']}").status_code == 404
    assert client.get("/api/v1/notifications/unread_count").json() == {"count": 4}
    marker = client.post("/api/v1/markers", {"notifications[last_read_id]": first["id"]}).json()
    validate_response("POST", "/api/v1/markers", 200, marker)
    assert client.get("/api/v1/notifications/unread_count").json() == {"count": 0}
    assert (
        client.get("/api/v1/markers", {"timeline[]": ["notifications"]}).json()["notifications"]["last_read_id"]
        == first["id"]
    )
    assert client.post("/api/v1/markers", {"home[last_read_id]": "abc"}).status_code == 422
    assert client.post(f"/api/v1/notifications/{first['id']}/dismiss").status_code == 200
    assert len(client.get("/api/v1/notifications").json()) == 3
    assert client.post("/api/v1/notifications/clear").json() == {}
    assert client.get("/api/v1/notifications").json() == []


@pytest.mark.django_db
def test_search_v2(make_member, api_for) -> None:
    alice = make_member("alice")
    post = publish_post(author=alice, text="Sourdough starters #baking")
    client = api_for(alice)
    result = client.get("/api/v2/search", {"q": "sourdough"}).json()
    validate_response("GET", "/api/v2/search", 200, result)
    assert [s["id"] for s in result["statuses"]] == [str(post.pk)]
    assert [t["name"] for t in client.get("/api/v2/search", {"q": "#bak", "type": "hashtags"}).json()["hashtags"]] == [
        "baking"
    ]
    assert [
        a["username"] for a in client.get("/api/v2/search", {"q": "ali", "type": "accounts"}).json()["accounts"]
    ] == ["alice"]
    assert client.get("/api/v2/search", {"q": "x", "type": "nonsense"}).status_code == 422
    # Anonymous search finds accounts and tags but not posts, as on Mastodon.
    assert api_for(None).get("/api/v2/search", {"q": "sourdough"}).json()["statuses"] == []


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile("green.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_media_upload_describe_attach(make_member, api_for) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    client = api_for(alice)
    uploaded = client.post("/api/v2/media", {"file": _png(), "description": "green"})
    assert uploaded.status_code == 200, uploaded.content
    media = uploaded.json()
    validate_response("POST", "/api/v2/media", 200, media)
    assert media["type"] == "image" and media["meta"]["original"]["width"] == 40
    assert (
        client.put(f"/api/v1/media/{media['id']}", {"description": "very green"}).json()["description"] == "very green"
    )
    assert api_for(bob).get(f"/api/v1/media/{media['id']}").status_code == 404
    not_image = client.post("/api/v2/media", {"file": SimpleUploadedFile("x.txt", b"hello", content_type="text/plain")})
    assert not_image.status_code == 422
    assert client.post("/api/v2/media", {}).status_code == 422
    assert Media.objects.count() == 1
    status = client.post("/api/v1/statuses", {"status": "", "media_ids[]": [media["id"]]}).json()
    assert status["media_attachments"][0]["id"] == media["id"]


@pytest.mark.django_db
def test_reports_reach_the_moderation_queue(make_member, api_for) -> None:
    from parley.safety.models import Report

    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=bob, text="Buy cheap watches now")
    block(blocker=bob, target=alice)  # a blocked member can still report
    client = api_for(alice)
    response = client.post(
        "/api/v1/reports",
        {
            "account_id": str(bob.pk),
            "status_ids[]": [str(post.pk)],
            "comment": "spam",
            "category": "spam",
        },
    )
    assert response.status_code == 200, response.content
    validate_response("POST", "/api/v1/reports", 200, response.json())
    assert response.json()["status_ids"] == [str(post.pk)]
    assert client.post("/api/v1/reports", {"account_id": str(alice.pk), "category": "spam"}).status_code == 422
    assert client.post("/api/v1/reports", {"account_id": "999", "category": "spam"}).status_code == 404
    violation = client.post(
        "/api/v1/reports", {"account_id": str(bob.pk), "category": "violation", "rule_ids[]": ["1"]}
    )
    assert violation.status_code == 200, violation.content
    assert violation.json()["category"] == "violation"
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_preferences(make_member, api_for) -> None:
    body = api_for(make_member("alice")).get("/api/v1/preferences").json()
    validate_response("GET", "/api/v1/preferences", 200, body)
