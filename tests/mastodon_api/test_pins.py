"""Pinned statuses over HTTP: pin/unpin, the `pinned` field, accounts/:id/statuses?pinned=true."""

import pytest

from parley.posts.actions import publish_post
from parley.posts.models import Pin
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


def test_pin_unpin_and_list_pinned(make_member, api_for) -> None:
    author, reader = make_member("author"), make_member("reader")
    older, newer = publish_post(author=author, text="older"), publish_post(author=author, text="newer")
    client = api_for(author)
    pinned = client.post(f"/api/v1/statuses/{older.pk}/pin")
    assert pinned.status_code == 200, pinned.content
    validate_response("POST", "/api/v1/statuses/{id}/pin", 200, pinned.json())
    assert pinned.json()["pinned"] is True
    assert client.get(f"/api/v1/statuses/{newer.pk}").json()["pinned"] is False
    assert client.get(f"/api/v1/statuses/{older.pk}").json()["pinned"] is True
    # Another member sees the pin on the profile, never as their own "pinned".
    assert api_for(reader).get(f"/api/v1/statuses/{older.pk}").json()["pinned"] is False

    for who in (api_for(reader), api_for(None)):
        listed = who.get(f"/api/v1/accounts/{author.pk}/statuses", {"pinned": "true"})
        assert listed.status_code == 200
        validate_response("GET", "/api/v1/accounts/{id}/statuses", 200, listed.json())
        assert [s["id"] for s in listed.json()] == [str(older.pk)]
    everything = client.get(f"/api/v1/accounts/{author.pk}/statuses", {"pinned": "false"}).json()
    assert [s["id"] for s in everything] == [str(newer.pk), str(older.pk)]

    unpinned = client.post(f"/api/v1/statuses/{older.pk}/unpin")
    assert unpinned.status_code == 200
    validate_response("POST", "/api/v1/statuses/{id}/unpin", 200, unpinned.json())
    assert unpinned.json()["pinned"] is False
    assert client.get(f"/api/v1/accounts/{author.pk}/statuses", {"pinned": "true"}).json() == []


def test_pin_refusals(make_member, api_for) -> None:
    author, other = make_member("author"), make_member("other")
    theirs = publish_post(author=other, text="theirs")
    direct = publish_post(author=author, text="@other psst", visibility="direct")
    secret = publish_post(author=other, text="@author only", visibility="direct")
    mine = [publish_post(author=author, text=f"post {i}") for i in range(6)]
    client = api_for(author)
    for post in mine[:5]:
        assert client.post(f"/api/v1/statuses/{post.pk}/pin").status_code == 200
    for post_id, status in (
        (mine[5].pk, 422),  # the sixth
        (theirs.pk, 422),  # someone else's
        (direct.pk, 422),  # a direct message
        (secret.pk, 422),  # visible (mentioned) but not theirs
        ("abc", 404),
        ("99999999999999999999", 404),
        (mine[0].pk + 1, 404),
    ):
        response = client.post(f"/api/v1/statuses/{post_id}/pin")
        assert response.status_code == status, (post_id, response.content)
        assert response.json()["error"]
        validate_response("POST", f"/api/v1/statuses/{post_id}/pin", status, response.json())
    assert set(Pin.objects.values_list("post_id", flat=True)) == {p.pk for p in mine[:5]}
    hidden = publish_post(author=other, text="for followers", visibility="followers")
    assert client.post(f"/api/v1/statuses/{hidden.pk}/pin").status_code == 404
    assert api_for(author, "read").post(f"/api/v1/statuses/{mine[5].pk}/pin").status_code == 403
    assert api_for(None).post(f"/api/v1/statuses/{mine[5].pk}/pin").status_code == 401
