"""Notification policy and requests over HTTP: read and change the policy, filtered
notifications kept out of the lists until accepted, requests one by one and in bulk; bad values
and someone else's request change nothing."""

import pytest

from parley.posts.actions import publish_post, upvote_post
from parley.posts.models import Notification, NotificationPolicy, NotificationRequest
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def filtered_inbox(make_member, api_for):
    """`me` filters accounts they do not follow; two strangers upvoted and mentioned them."""
    me, ann, ben = make_member("me"), make_member("ann"), make_member("ben")
    client = api_for(me)
    assert client.patch("/api/v2/notifications/policy", {"for_not_following": "filter"}).status_code == 200
    post = publish_post(author=me, text="hello")
    upvote_post(user=ann, post=post)
    publish_post(author=ann, text="@me welcome")
    upvote_post(user=ben, post=post)
    return me, ann, ben, client


def test_policy_read_and_change(make_member, api_for) -> None:
    client = api_for(make_member("me"))
    shown = client.get("/api/v2/notifications/policy")
    assert shown.status_code == 200, shown.content
    validate_response("GET", "/api/v2/notifications/policy", 200, shown.json())
    assert shown.json()["for_private_mentions"] == "filter"
    assert shown.json()["summary"] == {"pending_requests_count": 0, "pending_notifications_count": 0}
    changed = client.patch("/api/v2/notifications/policy", {"for_new_accounts": "drop", "for_not_followers": "filter"})
    validate_response("PATCH", "/api/v2/notifications/policy", 200, changed.json())
    assert (changed.json()["for_new_accounts"], changed.json()["for_not_followers"]) == ("drop", "filter")
    json_changed = client.patch("/api/v2/notifications/policy", {"for_new_accounts": "accept"}, json=True).json()
    assert (json_changed["for_new_accounts"], json_changed["for_not_followers"]) == ("accept", "filter")


@pytest.mark.parametrize(
    "data",
    [
        {"for_not_following": "maybe"},
        {"for_not_following": "filter", "for_new_accounts": "DROP"},
        {"for_private_mentions": ""},
        {"for_limited_accounts": "x" * 1000},
        {"for_not_following": "nul\x00"},
    ],
)
def test_bad_policy_values_are_422(make_member, api_for, data) -> None:
    client = api_for(make_member("me"))
    response = client.patch("/api/v2/notifications/policy", data)
    assert response.status_code == 422, response.content
    assert response.json()["error"]
    assert not NotificationPolicy.objects.exists()
    assert client.get("/api/v2/notifications/policy").json()["for_not_following"] == "accept"


def test_filtered_notifications_wait_in_requests(filtered_inbox) -> None:
    _me, ann, ben, client = filtered_inbox
    assert client.get("/api/v1/notifications").json() == []
    assert client.get("/api/v2/notifications").json()["notification_groups"] == []
    assert client.get("/api/v1/notifications/unread_count").json() == {"count": 0}
    assert len(client.get("/api/v1/notifications", {"include_filtered": "true"}).json()) == 3
    policy = client.get("/api/v2/notifications/policy").json()
    assert policy["summary"] == {"pending_requests_count": 2, "pending_notifications_count": 3}

    listed = client.get("/api/v1/notifications/requests")
    assert listed.status_code == 200, listed.content
    validate_response("GET", "/api/v1/notifications/requests", 200, listed.json())
    assert [(r["account"]["acct"], r["notifications_count"]) for r in listed.json()] == [("ben", "1"), ("ann", "2")]
    ann_request = listed.json()[1]
    assert "welcome" in ann_request["last_status"]["content"]
    one = client.get(f"/api/v1/notifications/requests/{ann_request['id']}")
    validate_response("GET", "/api/v1/notifications/requests/{id}", 200, one.json())
    assert one.json()["account"]["id"] == str(ann.pk)

    accepted = client.post(f"/api/v1/notifications/requests/{ann_request['id']}/accept")
    assert accepted.status_code == 200 and accepted.json() == {}
    assert {n["account"]["acct"] for n in client.get("/api/v1/notifications").json()} == {"ann"}
    assert client.get(f"/api/v1/notifications/requests/{ann_request['id']}").status_code == 404
    merged = client.get("/api/v1/notifications/requests/merged")
    validate_response("GET", "/api/v1/notifications/requests/merged", 200, merged.json())
    assert merged.json() == {"merged": True}

    ben_request = listed.json()[0]["id"]
    assert client.post(f"/api/v1/notifications/requests/{ben_request}/dismiss").json() == {}
    assert not NotificationRequest.objects.exists()
    assert not Notification.objects.filter(actor=ben).exists()


def test_bulk_accept_and_dismiss(filtered_inbox, make_member, api_for) -> None:
    _me, _ann, _ben, client = filtered_inbox
    ids = [r["id"] for r in client.get("/api/v1/notifications/requests").json()]
    # Someone else's requests are skipped, not touched.
    assert api_for(make_member("other")).post("/api/v1/notifications/requests/accept", {"id[]": ids}).json() == {}
    assert NotificationRequest.objects.count() == 2
    assert client.post("/api/v1/notifications/requests/accept", {"id[]": ["abc"]}).status_code == 422
    assert NotificationRequest.objects.count() == 2
    assert client.post("/api/v1/notifications/requests/accept", {"id[]": ids[:1]}).json() == {}
    # Mastodon.py names the list `id[][]`.
    assert client.post("/api/v1/notifications/requests/dismiss", {"id[][]": ids[1:]}).json() == {}
    assert not NotificationRequest.objects.exists()
    assert [n["account"]["acct"] for n in client.get("/api/v1/notifications").json()] == ["ben"]


def test_someone_elses_or_unknown_request_is_404(filtered_inbox, make_member, api_for) -> None:
    _me, _ann, _ben, client = filtered_inbox
    request_id = client.get("/api/v1/notifications/requests").json()[0]["id"]
    other = api_for(make_member("other"))
    for path in (f"/{request_id}", "/99", "/x"):
        assert other.get(f"/api/v1/notifications/requests{path}").status_code == 404
        assert other.post(f"/api/v1/notifications/requests{path}/accept").status_code == 404
        assert other.post(f"/api/v1/notifications/requests{path}/dismiss").status_code == 404
    assert NotificationRequest.objects.count() == 2
    assert Notification.objects.filter(filtered=True).count() == 3


def test_dropped_are_not_stored(make_member, api_for) -> None:
    me, stranger = make_member("me"), make_member("stranger")
    client = api_for(me)
    client.patch("/api/v2/notifications/policy", {"for_new_accounts": "drop"})
    upvote_post(user=stranger, post=publish_post(author=me, text="hello"))
    assert not Notification.objects.filter(recipient=me).exists()
    assert client.get("/api/v1/notifications/requests").json() == []


def test_scopes(make_member, api_for) -> None:
    me = make_member("me")
    assert api_for(me, scopes="read").patch(
        "/api/v2/notifications/policy", {"for_new_accounts": "drop"}
    ).status_code == (403)
    assert api_for(me, scopes="read:statuses").get("/api/v1/notifications/requests").status_code == 403
    assert not NotificationPolicy.objects.exists()
