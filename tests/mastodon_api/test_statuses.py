"""Statuses over HTTP: create (idempotent, screened), read, delete, and pending visibility."""

import re

import pytest

from parley.posts.actions import publish_post
from parley.posts.models import Post, PostState
from parley.screening.records import ScreeningVerdict
from tests.mastodon_api.openapi import validate_response


@pytest.fixture
def alice(make_member):
    return make_member("alice")


@pytest.fixture
def bob(make_member):
    return make_member("bob")


@pytest.mark.django_db
def test_create_get_delete_status(alice, bob, api_for) -> None:
    client = api_for(alice)
    response = client.post(
        "/api/v1/statuses",
        {
            "status": "Hello @bob, see #Parley",
            "visibility": "public",
            "spoiler_text": "greeting",
            "language": "en",
        },
    )
    assert response.status_code == 200, response.content
    status = response.json()
    validate_response("POST", "/api/v1/statuses", 200, status)
    assert isinstance(status["id"], str)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", status["created_at"])
    assert 'class="u-url mention"' in status["content"]
    assert 'class="mention hashtag"' in status["content"]
    assert status["mentions"][0]["username"] == "bob"
    assert status["tags"] == [{"name": "parley", "url": status["tags"][0]["url"]}]
    assert status["sensitive"] is True  # a content warning makes it sensitive

    seen = api_for(bob).get(f"/api/v1/statuses/{status['id']}")
    assert seen.status_code == 200
    validate_response("GET", f"/api/v1/statuses/{status['id']}", 200, seen.json())
    assert api_for(None).get(f"/api/v1/statuses/{status['id']}").status_code == 200

    assert api_for(bob).delete(f"/api/v1/statuses/{status['id']}").status_code == 403
    deleted = client.delete(f"/api/v1/statuses/{status['id']}")
    assert deleted.status_code == 200
    assert deleted.json()["text"] == "Hello @bob, see #Parley"
    missing = client.get(f"/api/v1/statuses/{status['id']}")
    assert missing.status_code == 404
    assert "error" in missing.json()


@pytest.mark.django_db
def test_idempotency_key_returns_the_same_status(alice, api_for) -> None:
    client = api_for(alice)
    first = client.post("/api/v1/statuses", {"status": "once"}, **{"Idempotency-Key": "abc"})
    second = client.post("/api/v1/statuses", {"status": "once"}, **{"Idempotency-Key": "abc"})
    assert first.json()["id"] == second.json()["id"]
    assert Post.objects.filter(author=alice).count() == 1


@pytest.mark.django_db
def test_invalid_statuses_get_422_and_store_nothing(alice, api_for, settings) -> None:
    client = api_for(alice)
    for data in (
        {"status": ""},
        {"status": "x" * (settings.PARLEY_POST_MAX_CHARS + 1)},
        {"status": "hi", "visibility": "everyone"},
        {"status": "hi", "media_ids[]": ["12345"]},
        {"status": "hi", "media_ids[]": ["nope"]},
        {"status": "hi", "poll[options][]": ["a", "b"], "poll[expires_in]": "600"},
    ):
        response = client.post("/api/v1/statuses", data)
        assert response.status_code == 422, (data, response.content)
        assert response.json()["error"]
    assert client.post("/api/v1/statuses", {"status": "hi", "in_reply_to_id": "999"}).status_code == 404
    assert Post.objects.count() == 0


@pytest.mark.django_db
def test_screening_hold_is_visible_to_author_only_and_reject_is_422(alice, bob, api_for, monkeypatch) -> None:
    import parley.posts.actions as post_actions

    monkeypatch.setattr(
        post_actions,
        "screen_content",
        lambda **kw: ScreeningVerdict(decision="hold", reasons=({"category": "spam", "explanation": "needs a look"},)),
    )
    held = api_for(alice).post("/api/v1/statuses", {"status": "borderline"}).json()
    assert held["parley_state"] == PostState.PENDING
    assert api_for(alice).get(f"/api/v1/statuses/{held['id']}").status_code == 200
    assert api_for(bob).get(f"/api/v1/statuses/{held['id']}").status_code == 404
    assert api_for(None).get(f"/api/v1/statuses/{held['id']}").status_code == 404

    monkeypatch.setattr(
        post_actions,
        "screen_content",
        lambda **kw: ScreeningVerdict(
            decision="reject",
            reasons=({"category": "violent_threat", "explanation": "a threat of violence"},),
        ),
    )
    rejected = api_for(alice).post("/api/v1/statuses", {"status": "something awful"})
    assert rejected.status_code == 422
    assert "a threat of violence" in rejected.json()["error"]
    # Kept for the appeal, never shown.
    assert Post.objects.exclude(state=PostState.REJECTED).count() == 1


@pytest.mark.django_db
def test_statuses_accept_json_bodies(alice, api_for) -> None:
    response = api_for(alice).post("/api/v1/statuses", {"status": "json body", "visibility": "unlisted"}, json=True)
    assert response.status_code == 200
    assert response.json()["visibility"] == "unlisted"


@pytest.mark.django_db
def test_reply_edit_history_source(alice, bob, api_for) -> None:
    original = publish_post(author=alice, text="first")
    client = api_for(bob)
    reply = client.post("/api/v1/statuses", {"status": "answer", "in_reply_to_id": str(original.pk)}).json()
    assert reply["in_reply_to_id"] == str(original.pk)
    assert reply["in_reply_to_account_id"] == str(alice.pk)
    edited = client.put(f"/api/v1/statuses/{reply['id']}", {"status": "better answer", "spoiler_text": ""})
    assert edited.status_code == 200
    assert "better answer" in edited.json()["content"]
    assert edited.json()["edited_at"]
    history = client.get(f"/api/v1/statuses/{reply['id']}/history").json()
    validate_response("GET", f"/api/v1/statuses/{reply['id']}/history", 200, history)
    assert [h["content"] for h in history] == ["<p>answer</p>", "<p>better answer</p>"]
    source = client.get(f"/api/v1/statuses/{reply['id']}/source").json()
    assert source == {"id": reply["id"], "text": "better answer", "spoiler_text": ""}
    context = client.get(f"/api/v1/statuses/{reply['id']}/context").json()
    validate_response("GET", f"/api/v1/statuses/{reply['id']}/context", 200, context)
    assert [s["id"] for s in context["ancestors"]] == [str(original.pk)]
    assert api_for(alice).put(f"/api/v1/statuses/{reply['id']}", {"status": "hijack"}).status_code == 403


@pytest.mark.django_db
def test_reblog_favourite_bookmark(alice, bob, api_for) -> None:
    post = publish_post(author=alice, text="share me")
    client = api_for(bob)
    reblog = client.post(f"/api/v1/statuses/{post.pk}/reblog").json()
    assert reblog["reblog"]["id"] == str(post.pk)
    assert reblog["reblog"]["reblogged"] is True
    fav = client.post(f"/api/v1/statuses/{post.pk}/favourite").json()
    assert fav["favourited"] is True
    assert fav["favourites_count"] == 1
    assert client.post(f"/api/v1/statuses/{post.pk}/bookmark").json()["bookmarked"] is True
    assert [a["username"] for a in client.get(f"/api/v1/statuses/{post.pk}/reblogged_by").json()] == ["bob"]
    assert [a["username"] for a in client.get(f"/api/v1/statuses/{post.pk}/favourited_by").json()] == ["bob"]
    assert [s["id"] for s in client.get("/api/v1/favourites").json()] == [str(post.pk)]
    assert [s["id"] for s in client.get("/api/v1/bookmarks").json()] == [str(post.pk)]
    assert client.post(f"/api/v1/statuses/{post.pk}/unreblog").json()["reblogged"] is False
    assert client.post(f"/api/v1/statuses/{post.pk}/unfavourite").json()["favourited"] is False
    assert client.post(f"/api/v1/statuses/{post.pk}/unbookmark").json()["bookmarked"] is False


@pytest.mark.django_db
def test_quotes_are_exposed_like_mastodon(alice, bob, api_for) -> None:
    quoted = publish_post(author=alice, text="quotable")
    quote = api_for(bob).post("/api/v1/statuses", {"status": "so true", "quoted_status_id": str(quoted.pk)}).json()
    assert quote["quote"]["state"] == "accepted"
    assert quote["quote"]["quoted_status"]["id"] == str(quoted.pk)
    validate_response("GET", f"/api/v1/statuses/{quote['id']}", 200, quote)
