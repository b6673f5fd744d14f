"""Conversations over HTTP: list with Link headers, read, delete, moderation; bad input."""

import pytest

from parley.accounts.actions import block
from parley.conversations.models import Conversation
from parley.posts.actions import publish_post
from parley.posts.models import PostState
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


def _link(response, rel: str) -> str | None:
    for part in response.get("Link", "").split(","):
        if f'rel="{rel}"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def dm(author, *recipients, text: str = "hello"):
    mentions = " ".join(f"@{r.username}" for r in recipients)
    return publish_post(author=author, text=f"{mentions} {text}", visibility="direct")


@pytest.fixture
def people(make_member):
    return [make_member(name) for name in ("alice", "bob", "carol", "dan")]


def test_list_groups_by_participants_newest_first_with_links(people, api_for) -> None:
    alice, bob, carol, dan = people
    with_bob = dm(alice, bob)
    with_carol = dm(carol, alice)
    with_dan_and_bob = dm(dan, alice, bob)
    answer = dm(bob, alice, text="answer")
    publish_post(author=bob, text=f"@{alice.username} in public")
    client = api_for(alice)
    response = client.get("/api/v1/conversations")
    assert response.status_code == 200, response.content
    validate_response("GET", "/api/v1/conversations", 200, response.json())
    listed = [([a["username"] for a in c["accounts"]], c["last_status"]["id"], c["unread"]) for c in response.json()]
    assert listed == [
        (["bob"], str(answer.pk), True),
        (["bob", "dan"], str(with_dan_and_bob.pk), True),
        (["carol"], str(with_carol.pk), True),
    ]
    assert with_bob.pk < answer.pk
    first = client.get("/api/v1/conversations", {"limit": 2})
    assert len(first.json()) == 2
    rest = client.get(_path(_link(first, "next")))
    assert [c["last_status"]["id"] for c in rest.json()] == [str(with_carol.pk)]
    newer = client.get("/api/v1/conversations", {"min_id": str(with_carol.pk)})
    assert [c["last_status"]["id"] for c in newer.json()] == [str(answer.pk), str(with_dan_and_bob.pk)]
    assert client.get("/api/v1/conversations", {"max_id": "abc"}).status_code == 422
    assert api_for(dan).get("/api/v1/conversations").json()[0]["unread"] is False  # dan wrote it


def test_read_and_delete(people, api_for) -> None:
    alice, bob, carol, _dan = people
    dm(alice, bob)
    client = api_for(bob)
    conversation_id = client.get("/api/v1/conversations").json()[0]["id"]
    read = client.post(f"/api/v1/conversations/{conversation_id}/read")
    assert read.status_code == 200, read.content
    validate_response("POST", "/api/v1/conversations/{id}/read", 200, read.json())
    assert read.json()["unread"] is False and read.json()["id"] == conversation_id
    assert client.get("/api/v1/conversations").json()[0]["unread"] is False

    for who in (api_for(alice), api_for(carol)):  # someone else's conversation
        assert who.post(f"/api/v1/conversations/{conversation_id}/read").status_code == 404
        assert who.delete(f"/api/v1/conversations/{conversation_id}").status_code == 404
    for bad in ("abc", "99999999999999999999", "²"):
        assert client.post(f"/api/v1/conversations/{bad}/read").status_code == 404
        assert client.delete(f"/api/v1/conversations/{bad}").status_code == 404
    assert Conversation.objects.filter(member=bob, unread=False).count() == 1

    deleted = client.delete(f"/api/v1/conversations/{conversation_id}")
    assert deleted.status_code == 200 and deleted.json() == {}
    assert client.get("/api/v1/conversations").json() == []
    assert len(api_for(alice).get("/api/v1/conversations").json()) == 1  # alice keeps hers
    again = dm(alice, bob, text="are you there?")
    back = client.get("/api/v1/conversations").json()
    assert [(c["last_status"]["id"], c["unread"]) for c in back] == [(str(again.pk), True)]
    assert back[0]["id"] != conversation_id


def test_moderation_and_blocks_hide_messages(people, api_for) -> None:
    alice, bob, carol, _dan = people
    first, second = dm(alice, bob), dm(alice, bob, text="something removed")
    dm(carol, bob)
    second.state = PostState.REMOVED
    second.save(update_fields=["state"])
    block(blocker=bob, target=carol)
    client = api_for(bob)
    shown = client.get("/api/v1/conversations").json()
    assert [(c["accounts"][0]["username"], c["last_status"]["id"]) for c in shown] == [("alice", str(first.pk))]
    validate_response("GET", "/api/v1/conversations", 200, shown)
    with_carol = Conversation.objects.get(member=bob, participants_key=str(carol.pk))
    read = client.post(f"/api/v1/conversations/{with_carol.pk}/read")
    assert read.status_code == 200 and read.json()["last_status"] is None
    validate_response("POST", "/api/v1/conversations/{id}/read", 200, read.json())


def test_scopes(people, api_for) -> None:
    alice, bob, *_rest = people
    dm(alice, bob)
    conversation = Conversation.objects.get(member=bob)
    assert api_for(bob, "read:statuses").get("/api/v1/conversations").status_code == 200
    assert api_for(bob, "read:statuses").post(f"/api/v1/conversations/{conversation.pk}/read").status_code == 403
    assert api_for(bob, "write:conversations").delete(f"/api/v1/conversations/{conversation.pk}").status_code == 200
    assert api_for(None).get("/api/v1/conversations").status_code == 401
