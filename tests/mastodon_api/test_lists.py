"""Lists over HTTP: CRUD, members, the list timeline, exclusive lists in home; bad input."""

import pytest

from parley.accounts.actions import follow
from parley.lists.models import List, ListMember
from parley.posts.actions import publish_post
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


def _link(response, rel: str) -> str | None:
    for part in response.get("Link", "").split(","):
        if f'rel="{rel}"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None


def stored() -> list[tuple[str, str, bool]]:
    return list(List.objects.order_by("id").values_list("title", "replies_policy", "exclusive"))


@pytest.fixture
def owner_and_friends(make_member):
    owner, alice, bob = make_member("owner"), make_member("alice"), make_member("bob")
    follow(follower=owner, target=alice)
    follow(follower=owner, target=bob)
    return owner, alice, bob


def test_create_read_update_delete(make_member, api_for) -> None:
    client = api_for(make_member("owner"))
    created = client.post("/api/v1/lists", {"title": "Friends"})
    assert created.status_code == 200, created.content
    validate_response("POST", "/api/v1/lists", 200, created.json())
    body = created.json()
    assert body["title"] == "Friends" and body["replies_policy"] == "list" and body["exclusive"] is False
    list_id = body["id"]
    json_created = client.post(
        "/api/v1/lists", {"title": "News", "replies_policy": "none", "exclusive": True}, json=True
    ).json()
    assert (json_created["replies_policy"], json_created["exclusive"]) == ("none", True)

    listed = client.get("/api/v1/lists")
    validate_response("GET", "/api/v1/lists", 200, listed.json())
    assert [entry["title"] for entry in listed.json()] == ["Friends", "News"]
    one = client.get(f"/api/v1/lists/{list_id}")
    validate_response("GET", "/api/v1/lists/{id}", 200, one.json())
    assert one.json() == body

    changed = client.put(f"/api/v1/lists/{list_id}", {"title": "Pals", "replies_policy": "followed"})
    assert changed.status_code == 200, changed.content
    validate_response("PUT", "/api/v1/lists/{id}", 200, changed.json())
    assert (changed.json()["title"], changed.json()["replies_policy"]) == ("Pals", "followed")
    exclusive = client.put(f"/api/v1/lists/{list_id}", {"exclusive": True}, json=True).json()
    assert (exclusive["title"], exclusive["exclusive"]) == ("Pals", True)

    deleted = client.delete(f"/api/v1/lists/{list_id}")
    assert deleted.status_code == 200 and deleted.json() == {}
    assert client.get(f"/api/v1/lists/{list_id}").status_code == 404
    assert stored() == [("News", "none", True)]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": ""},
        {"title": "t" * 256},
        {"title": "Fine", "replies_policy": "everyone"},
        {"title": "Fine", "exclusive": "perhaps"},
        {"title": "nul\x00"},
    ],
)
def test_create_refuses_bad_input(make_member, api_for, data) -> None:
    response = api_for(make_member("owner")).post("/api/v1/lists", data)
    assert response.status_code == 422, response.content
    assert response.json()["error"]
    assert stored() == []


@pytest.mark.parametrize(
    "data",
    [
        {"title": ""},
        {"title": "t" * 256, "exclusive": "true"},
        {"title": "New", "replies_policy": "all"},
    ],
)
def test_update_refuses_bad_input_and_changes_nothing(make_member, api_for, data) -> None:
    client = api_for(make_member("owner"))
    list_id = client.post("/api/v1/lists", {"title": "Friends"}).json()["id"]
    response = client.put(f"/api/v1/lists/{list_id}", data)
    assert response.status_code == 422, response.content
    assert stored() == [("Friends", "list", False)]


def test_someone_elses_list_is_not_found(make_member, api_for) -> None:
    owner, other = make_member("owner"), make_member("other")
    follow(follower=other, target=owner)
    list_id = api_for(owner).post("/api/v1/lists", {"title": "Mine"}).json()["id"]
    client = api_for(other)
    for method, path, data in (
        ("GET", f"/api/v1/lists/{list_id}", None),
        ("PUT", f"/api/v1/lists/{list_id}", {"title": "Stolen"}),
        ("DELETE", f"/api/v1/lists/{list_id}", None),
        ("GET", f"/api/v1/lists/{list_id}/accounts", None),
        ("POST", f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [str(owner.pk)]}),
        ("DELETE", f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [str(owner.pk)]}),
        ("GET", f"/api/v1/timelines/list/{list_id}", None),
    ):
        response = client.request(method, path, data)
        assert response.status_code == 404, (method, path, response.content)
        validate_response(method, path, 404, response.json())
    assert client.get("/api/v1/lists").json() == []
    assert stored() == [("Mine", "list", False)]
    assert not ListMember.objects.exists()


@pytest.mark.parametrize("list_id", ["abc", "1.5", "99999999999999999999999", "²"])
def test_malformed_list_ids_are_not_found(make_member, api_for, list_id) -> None:
    client = api_for(make_member("owner"))
    assert client.get(f"/api/v1/lists/{list_id}").status_code == 404
    assert client.get(f"/api/v1/timelines/list/{list_id}").status_code == 404


def test_scopes(make_member, api_for) -> None:
    owner = make_member("owner")
    reader = api_for(owner, "read:lists")
    assert reader.get("/api/v1/lists").status_code == 200
    assert reader.post("/api/v1/lists", {"title": "No"}).status_code == 403
    assert api_for(owner, "read:statuses").get("/api/v1/lists").status_code == 403
    assert api_for(None).get("/api/v1/lists").status_code == 401
    assert stored() == []


def test_members_add_list_remove(owner_and_friends, make_member, api_for) -> None:
    owner, alice, bob = owner_and_friends
    client = api_for(owner)
    list_id = client.post("/api/v1/lists", {"title": "Friends"}).json()["id"]
    added = client.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [str(alice.pk), str(bob.pk)]})
    assert added.status_code == 200 and added.json() == {}, added.content
    members = client.get(f"/api/v1/lists/{list_id}/accounts")
    validate_response("GET", "/api/v1/lists/{id}/accounts", 200, members.json())
    assert {a["username"] for a in members.json()} == {"alice", "bob"}

    first = client.get(f"/api/v1/lists/{list_id}/accounts", {"limit": 1})
    assert len(first.json()) == 1
    following = client.get(_link(first, "next").split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert {first.json()[0]["username"], following.json()[0]["username"]} == {"alice", "bob"}
    assert len(client.get(f"/api/v1/lists/{list_id}/accounts", {"limit": 0}).json()) == 2

    on_alice = client.get(f"/api/v1/accounts/{alice.pk}/lists")
    validate_response("GET", "/api/v1/accounts/{id}/lists", 200, on_alice.json())
    assert [entry["id"] for entry in on_alice.json()] == [list_id]

    removed = client.delete(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [str(alice.pk)]})
    assert removed.status_code == 200, removed.content
    assert [a["username"] for a in client.get(f"/api/v1/lists/{list_id}/accounts").json()] == ["bob"]
    assert client.get(f"/api/v1/accounts/{alice.pk}/lists").json() == []
    json_removed = client.delete(f"/api/v1/lists/{list_id}/accounts", {"account_ids": [str(bob.pk)]}, json=True)
    assert json_removed.status_code == 200
    assert client.get(f"/api/v1/lists/{list_id}/accounts").json() == []


def test_adding_an_account_not_followed_is_refused(owner_and_friends, make_member, api_for) -> None:
    owner, alice, _bob = owner_and_friends
    stranger = make_member("stranger")
    client = api_for(owner)
    list_id = client.post("/api/v1/lists", {"title": "Friends"}).json()["id"]
    refused = client.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [str(alice.pk), str(stranger.pk)]})
    assert refused.status_code == 422, refused.content
    validate_response("POST", "/api/v1/lists/{id}/accounts", 422, refused.json())
    assert "stranger" in refused.json()["error"]
    for bad in (["abc"], ["99999999999"], []):
        response = client.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": bad})
        assert response.status_code in (404, 422), (bad, response.content)
    assert not ListMember.objects.exists()


def test_list_timeline_filters_and_pages(owner_and_friends, make_member, api_for) -> None:
    owner, alice, bob = owner_and_friends
    client = api_for(owner)
    list_id = client.post("/api/v1/lists", {"title": "Alice", "replies_policy": "none"}).json()["id"]
    client.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [str(alice.pk)]})
    posts = [publish_post(author=alice, text=f"alice {i}") for i in range(3)]
    by_bob = publish_post(author=bob, text="bob's post")
    publish_post(author=alice, text="a reply to bob", in_reply_to=by_bob)
    spoiler = publish_post(author=alice, text="spoilers ahead")
    client.post(
        "/api/v2/filters",
        {
            "title": "No spoilers",
            "context[]": ["home"],
            "filter_action": "hide",
            "keywords_attributes[][keyword]": "spoilers",
        },
    )
    page = client.get(f"/api/v1/timelines/list/{list_id}", {"limit": 2})
    assert page.status_code == 200
    validate_response("GET", "/api/v1/timelines/list/{list_id}", 200, page.json())
    assert spoiler.pk not in {int(s["id"]) for s in page.json()}
    assert [s["id"] for s in page.json()] == [str(posts[2].pk)]  # the spoiler fills the page's other slot
    older = client.get(_link(page, "next").split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert [s["id"] for s in older.json()] == [str(posts[1].pk), str(posts[0].pk)]
    assert client.get(f"/api/v1/timelines/list/{list_id}", {"max_id": "abc"}).status_code == 422


def test_exclusive_list_members_leave_home(owner_and_friends, api_for) -> None:
    owner, alice, bob = owner_and_friends
    client = api_for(owner)
    by_alice, by_bob = publish_post(author=alice, text="alice"), publish_post(author=bob, text="bob")
    list_id = client.post("/api/v1/lists", {"title": "Alice", "exclusive": "true"}).json()["id"]
    client.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [str(alice.pk)]})
    home = client.get("/api/v1/timelines/home").json()
    assert [s["id"] for s in home] == [str(by_bob.pk)]
    assert [s["id"] for s in client.get(f"/api/v1/timelines/list/{list_id}").json()] == [str(by_alice.pk)]
    client.put(f"/api/v1/lists/{list_id}", {"exclusive": "false"})
    assert {s["id"] for s in client.get("/api/v1/timelines/home").json()} == {str(by_alice.pk), str(by_bob.pk)}


def test_unfollowing_through_the_api_empties_the_list(owner_and_friends, api_for) -> None:
    owner, alice, _bob = owner_and_friends
    client = api_for(owner)
    list_id = client.post("/api/v1/lists", {"title": "Friends"}).json()["id"]
    client.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [str(alice.pk)]})
    client.post(f"/api/v1/accounts/{alice.pk}/unfollow")
    assert client.get(f"/api/v1/lists/{list_id}/accounts").json() == []
