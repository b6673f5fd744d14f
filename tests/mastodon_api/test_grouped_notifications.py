"""Grouped notifications (v2) over HTTP: groups, filters by type and account, pages with Link
headers, one group, its accounts, dismissing it, unread counts; bad input changes nothing."""

import pytest

from parley.accounts.actions import follow
from parley.posts.actions import echo_post, publish_post, upvote_post
from parley.posts.models import Notification
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


def _link(response, rel: str) -> str | None:
    for part in response.get("Link", "").split(","):
        if f'rel="{rel}"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None


def _path(url: str | None) -> str:
    """The path and query of an absolute Link URL, for the test client."""
    assert url is not None
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def busy_author(make_member):
    """An author whose post ten fans upvoted, two echoed, three followed, and one mentioned them."""
    author = make_member("author")
    fans = [make_member(f"fan{i}") for i in range(10)]
    post = publish_post(author=author, text="A popular post")
    for fan in fans[:3]:
        follow(follower=fan, target=author)
    for fan in fans:
        upvote_post(user=fan, post=post)
    for fan in fans[:2]:
        echo_post(user=fan, post=post)
    publish_post(author=fans[4], text="@author hello")
    return author, fans, post


def test_grouped_list(busy_author, api_for) -> None:
    author, fans, post = busy_author
    client = api_for(author)
    response = client.get("/api/v2/notifications")
    assert response.status_code == 200, response.content
    body = response.json()
    validate_response("GET", "/api/v2/notifications", 200, body)
    groups = body["notification_groups"]
    assert [(g["type"], g["notifications_count"]) for g in groups] == [
        ("mention", 1),
        ("reblog", 2),
        ("favourite", 10),
        ("follow", 3),
    ]
    favourites = groups[2]
    assert favourites["status_id"] == str(post.pk) and len(favourites["sample_account_ids"]) == 8
    assert favourites["sample_account_ids"][0] == str(fans[-1].pk)
    assert groups[0]["group_key"].startswith("ungrouped-")
    assert {a["id"] for a in body["accounts"]} >= {i for g in groups for i in g["sample_account_ids"]}
    assert len(body["accounts"]) == len({a["id"] for a in body["accounts"]})  # each once
    assert str(post.pk) in {s["id"] for s in body["statuses"]}

    # v1 names the same groups.
    v1_keys = {n["group_key"] for n in client.get("/api/v1/notifications", {"types[]": ["favourite"]}).json()}
    assert v1_keys == {favourites["group_key"]}

    # Types, excluded types, one account, grouping turned off for favourites.
    only = client.get("/api/v2/notifications", {"types[]": ["favourite", "follow"]}).json()
    assert [g["type"] for g in only["notification_groups"]] == ["favourite", "follow"]
    without = client.get("/api/v2/notifications", {"exclude_types[]": ["favourite", "mention"]}).json()
    assert [g["type"] for g in without["notification_groups"]] == ["reblog", "follow"]
    one = client.get("/api/v2/notifications", {"account_id": str(fans[0].pk)}).json()
    assert [(g["type"], g["notifications_count"]) for g in one["notification_groups"]] == [
        ("reblog", 1),
        ("favourite", 1),
        ("follow", 1),
    ]
    ungrouped = client.get("/api/v2/notifications", {"grouped_types[]": ["reblog", "follow"]}).json()
    assert [g["type"] for g in ungrouped["notification_groups"]].count("favourite") == 10

    partial = client.get("/api/v2/notifications", {"expand_accounts": "partial_avatars"}).json()
    validate_response("GET", "/api/v2/notifications", 200, partial)
    assert partial["partial_accounts"] and "display_name" not in partial["partial_accounts"][0]
    full_ids = {a["id"] for a in partial["accounts"]}
    assert all(g["sample_account_ids"][0] in full_ids for g in partial["notification_groups"])


def test_pages_follow_link_headers(busy_author, api_for) -> None:
    author, _fans, _post = busy_author
    client = api_for(author)
    first = client.get("/api/v2/notifications", {"limit": 2})
    assert [g["type"] for g in first.json()["notification_groups"]] == ["mention", "reblog"]
    next_url = _link(first, "next")
    assert next_url and _link(first, "prev")
    second = client.get(_path(next_url))
    validate_response("GET", "/api/v2/notifications", 200, second.json())
    assert [g["type"] for g in second.json()["notification_groups"]] == ["favourite", "follow"]
    assert _link(second, "next") is None  # the last page
    newer = client.get(_path(_link(second, "prev")))
    assert [g["type"] for g in newer.json()["notification_groups"]] == ["mention", "reblog"]


def test_one_group_accounts_dismiss_and_unread(busy_author, make_member, api_for) -> None:
    author, fans, _post = busy_author
    client = api_for(author)
    groups = client.get("/api/v2/notifications").json()["notification_groups"]
    favourites = groups[2]["group_key"]
    one = client.get(f"/api/v2/notifications/{favourites}")
    assert one.status_code == 200, one.content
    validate_response("GET", "/api/v2/notifications/{group_key}", 200, one.json())
    assert [g["notifications_count"] for g in one.json()["notification_groups"]] == [10]
    accounts = client.get(f"/api/v2/notifications/{favourites}/accounts")
    validate_response("GET", "/api/v2/notifications/{group_key}/accounts", 200, accounts.json())
    assert [a["id"] for a in accounts.json()] == [str(f.pk) for f in reversed(fans)]

    unread = client.get("/api/v2/notifications/unread_count")
    validate_response("GET", "/api/v2/notifications/unread_count", 200, unread.json())
    assert unread.json() == {"count": 4}
    assert client.get("/api/v2/notifications/unread_count", {"limit": 2}).json() == {"count": 2}
    assert client.get("/api/v2/notifications/unread_count", {"grouped_types[]": ["follow"]}).json() == {"count": 14}
    assert client.get("/api/v1/notifications/unread_count", {"types[]": ["follow"]}).json() == {"count": 3}

    # Someone else cannot see or dismiss the group.
    stranger = api_for(make_member("stranger"))
    assert stranger.get(f"/api/v2/notifications/{favourites}").status_code == 404
    assert stranger.post(f"/api/v2/notifications/{favourites}/dismiss").status_code == 404
    before = Notification.objects.filter(recipient=author).count()
    assert before == 16

    dismissed = client.post(f"/api/v2/notifications/{favourites}/dismiss")
    assert dismissed.status_code == 200 and dismissed.json() == {}
    assert Notification.objects.filter(recipient=author).count() == before - 10
    assert client.get(f"/api/v2/notifications/{favourites}").status_code == 404


@pytest.mark.parametrize("key", ["nope", "ungrouped-", "ungrouped-99", "ungrouped-²", "favourite-1-2", "k" * 300])
def test_unknown_group_is_404_and_changes_nothing(busy_author, api_for, key) -> None:
    author, _fans, _post = busy_author
    client = api_for(author)
    before = Notification.objects.filter(recipient=author).count()
    for response in (
        client.get(f"/api/v2/notifications/{key}"),
        client.get(f"/api/v2/notifications/{key}/accounts"),
        client.post(f"/api/v2/notifications/{key}/dismiss"),
    ):
        assert response.status_code == 404, response.content
        assert response.json()["error"]
    assert Notification.objects.filter(recipient=author).count() == before


@pytest.mark.parametrize(
    "query",
    [{"expand_accounts": "everything"}, {"limit": "many"}, {"max_id": "9" * 30}, {"since_id": "x"}],
)
def test_bad_parameters_are_422(busy_author, api_for, query) -> None:
    author, _fans, _post = busy_author
    response = api_for(author).get("/api/v2/notifications", query)
    assert response.status_code == 422, response.content
    assert response.json()["error"]


def test_scopes(busy_author, api_for) -> None:
    author, _fans, _post = busy_author
    reader = api_for(author, scopes="read:statuses")
    assert reader.get("/api/v2/notifications").status_code == 403
    key = api_for(author).get("/api/v2/notifications").json()["notification_groups"][0]["group_key"]
    assert api_for(author, scopes="read").post(f"/api/v2/notifications/{key}/dismiss").status_code == 403
    assert api_for(None).get("/api/v2/notifications").status_code == 401
