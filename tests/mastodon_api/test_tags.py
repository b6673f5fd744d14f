"""Hashtags over HTTP: look one up, follow and unfollow, the followed list, featured tags and
their suggestions; bad names and someone else's feature change nothing."""

import pytest

from parley.posts.actions import publish_post
from parley.posts.hashtags import MAX_FEATURED, followed_hashtag_ids
from parley.posts.models import FeaturedHashtag, Hashtag, HashtagFollow, Visibility
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


def _link(response, rel: str) -> str | None:
    for part in response.get("Link", "").split(","):
        if f'rel="{rel}"' in part:
            return "/" + part.split(";")[0].strip().strip("<>").split("/", 3)[3]
    return None


def test_follow_unfollow_and_look_up(make_member, api_for) -> None:
    fan = make_member("fan")
    client = api_for(fan)
    assert client.get("/api/v1/tags/cats").status_code == 404  # no post used it, nobody follows it
    followed = client.post("/api/v1/tags/Cats/follow")
    assert followed.status_code == 200, followed.content
    validate_response("POST", "/api/v1/tags/{name}/follow", 200, followed.json())
    assert (followed.json()["name"], followed.json()["following"]) == ("cats", True)
    assert client.post("/api/v1/tags/cats/follow").status_code == 200  # again: no change
    assert HashtagFollow.objects.filter(user=fan).count() == 1
    assert followed_hashtag_ids(fan) == {Hashtag.objects.get(name="cats").pk}

    seen = client.get("/api/v1/tags/CATS")
    validate_response("GET", "/api/v1/tags/{name}", 200, seen.json())
    assert (seen.json()["following"], seen.json()["featuring"]) == (True, False)
    anonymous = api_for(None).get("/api/v1/tags/cats").json()
    assert anonymous["following"] is False and "featuring" not in anonymous

    unfollowed = client.post("/api/v1/tags/cats/unfollow")
    validate_response("POST", "/api/v1/tags/{name}/unfollow", 200, unfollowed.json())
    assert unfollowed.json()["following"] is False
    assert followed_hashtag_ids(fan) == set()
    assert client.post("/api/v1/tags/never_seen/unfollow").status_code == 404


@pytest.mark.parametrize("name", ["a" * 65, "12345", "two words", "dash-ed", "%23%23x", "nul%00"])
def test_bad_tag_names_are_refused(make_member, api_for, name) -> None:
    client = api_for(make_member("fan"))
    response = client.post(f"/api/v1/tags/{name}/follow")
    assert response.status_code in (404, 422), response.content
    assert response.json()["error"]
    created = client.post("/api/v1/featured_tags", {"name": name.replace("%23", "#").replace("%00", "\x00")})
    assert created.status_code == 422, created.content
    assert not HashtagFollow.objects.exists() and not FeaturedHashtag.objects.exists()
    assert not Hashtag.objects.exists()


def test_followed_tags_pages(make_member, api_for) -> None:
    client = api_for(make_member("fan"))
    for name in ("one", "two", "three"):
        client.post(f"/api/v1/tags/{name}/follow")
    first = client.get("/api/v1/followed_tags", {"limit": 2})
    validate_response("GET", "/api/v1/followed_tags", 200, first.json())
    assert [t["name"] for t in first.json()] == ["three", "two"]
    assert all(t["following"] for t in first.json())
    second = client.get(_link(first, "next"))
    assert [t["name"] for t in second.json()] == ["one"]
    assert api_for(make_member("other")).get("/api/v1/followed_tags").json() == []


def test_featured_tags(make_member, api_for) -> None:
    author = make_member("author")
    client = api_for(author)
    publish_post(author=author, text="Morning #bread and #coffee")
    publish_post(author=author, text="More #bread")
    publish_post(author=author, text="Secret #bread", visibility=Visibility.FOLLOWERS)

    suggested = client.get("/api/v1/featured_tags/suggestions")
    validate_response("GET", "/api/v1/featured_tags/suggestions", 200, suggested.json())
    assert [t["name"] for t in suggested.json()] == ["bread", "coffee"]

    created = client.post("/api/v1/featured_tags", {"name": "#Bread"})
    assert created.status_code == 200, created.content
    validate_response("POST", "/api/v1/featured_tags", 200, created.json())
    body = created.json()
    assert (body["name"], body["statuses_count"]) == ("bread", "2")  # the followers-only post is not counted
    assert body["last_status_at"] and len(body["last_status_at"]) == 10
    assert [t["name"] for t in client.get("/api/v1/featured_tags/suggestions").json()] == ["coffee"]
    listed = client.get("/api/v1/featured_tags")
    validate_response("GET", "/api/v1/featured_tags", 200, listed.json())
    assert listed.json() == [body]
    public = api_for(None).get(f"/api/v1/accounts/{author.pk}/featured_tags")
    validate_response("GET", "/api/v1/accounts/{id}/featured_tags", 200, public.json())
    assert public.json() == [body]
    assert client.get("/api/v1/tags/bread").json()["featuring"] is True

    # Someone else's feature, or an unknown one, is 404 and stays.
    other = api_for(make_member("other"))
    assert other.delete(f"/api/v1/featured_tags/{body['id']}").status_code == 404
    assert other.delete("/api/v1/featured_tags/nope").status_code == 404
    assert FeaturedHashtag.objects.count() == 1
    deleted = client.delete(f"/api/v1/featured_tags/{body['id']}")
    assert deleted.status_code == 200 and deleted.json() == {}
    assert client.get("/api/v1/featured_tags").json() == []

    # tags/:name/feature and /unfeature
    featured = client.post("/api/v1/tags/coffee/feature")
    validate_response("POST", "/api/v1/tags/{id}/feature", 200, featured.json())
    assert featured.json()["featuring"] is True
    unfeatured = client.post("/api/v1/tags/coffee/unfeature")
    validate_response("POST", "/api/v1/tags/{id}/unfeature", 200, unfeatured.json())
    assert unfeatured.json()["featuring"] is False


def test_at_most_ten_featured(make_member, api_for) -> None:
    client = api_for(make_member("author"))
    for i in range(MAX_FEATURED):
        assert client.post("/api/v1/featured_tags", {"name": f"tag{i}"}).status_code == 200
    over = client.post("/api/v1/featured_tags", {"name": "one_more"})
    assert over.status_code == 422 and over.json()["error"]
    assert FeaturedHashtag.objects.count() == MAX_FEATURED
    assert client.post("/api/v1/featured_tags", {"name": "tag0"}).status_code == 200  # already featured


def test_scopes(make_member, api_for) -> None:
    fan = make_member("fan")
    assert api_for(fan, scopes="read").post("/api/v1/tags/cats/follow").status_code == 403
    assert api_for(fan, scopes="read:statuses").get("/api/v1/followed_tags").status_code == 403
    assert api_for(None).get("/api/v1/featured_tags").status_code == 401
    assert not HashtagFollow.objects.exists()
