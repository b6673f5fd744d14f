"""GET /api/v1/accounts/familiar_followers over HTTP."""

import pytest

from parley.accounts.actions import block, follow, mute
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


def test_familiar_followers_for_each_account_asked(make_member, api_for) -> None:
    me, one, two, ann, ben, blocker = (make_member(n) for n in ("me", "one", "two", "ann", "ben", "blocker"))
    for friend in (ann, ben):
        follow(follower=me, target=friend)
        follow(follower=friend, target=one)
    follow(follower=ann, target=two)
    mute(muter=me, target=ben)
    block(blocker=blocker, target=me)
    client = api_for(me)
    response = client.get(
        "/api/v1/accounts/familiar_followers",
        {"id[]": [str(one.pk), str(two.pk), "abc", "12345", str(blocker.pk), str(me.pk)]},
    )
    assert response.status_code == 200, response.content
    validate_response("GET", "/api/v1/accounts/familiar_followers", 200, response.json())
    found = {entry["id"]: [a["username"] for a in entry["accounts"]] for entry in response.json()}
    # Unknown, malformed and hidden accounts are skipped, as in relationships; mutes hide ben.
    assert found == {str(one.pk): ["ann"], str(two.pk): ["ann"], str(me.pk): []}
    single = client.get("/api/v1/accounts/familiar_followers", {"id": str(two.pk)}).json()
    assert single == [{"id": str(two.pk), "accounts": [response.json()[0]["accounts"][0]]}]
    assert client.get("/api/v1/accounts/familiar_followers").json() == []


def test_familiar_followers_needs_a_member_and_the_scope(make_member, api_for) -> None:
    me = make_member("me")
    assert api_for(None).get("/api/v1/accounts/familiar_followers", {"id[]": [str(me.pk)]}).status_code == 401
    assert api_for(me, "read:statuses").get("/api/v1/accounts/familiar_followers").status_code == 403
    assert api_for(me, "read:follows").get("/api/v1/accounts/familiar_followers").status_code == 200
    oversized = api_for(me).get("/api/v1/accounts/familiar_followers", {"id[]": ["9" * 30]})
    assert oversized.status_code == 422


def test_a_json_body_on_get_is_read_as_mastodon_py_sends_it(make_member, api_for) -> None:
    me, target, friend = make_member("me"), make_member("target"), make_member("friend")
    follow(follower=me, target=friend)
    follow(follower=friend, target=target)
    client = api_for(me)
    body = f'{{"id": ["{target.pk}"]}}'
    response = client.client.generic(
        "GET", "/api/v1/accounts/familiar_followers", body, content_type="application/json", headers=client.headers
    )
    assert [[a["username"] for a in e["accounts"]] for e in response.json()] == [["friend"]]
    broken = client.client.generic(
        "GET", "/api/v1/accounts/familiar_followers", "{nope", content_type="application/json", headers=client.headers
    )
    assert broken.status_code == 422
