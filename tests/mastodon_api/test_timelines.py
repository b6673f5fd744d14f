"""Timelines over HTTP: Link-header pagination, visibility, filters."""

import pytest

from parley.accounts.actions import follow
from parley.posts.actions import publish_post
from tests.mastodon_api.openapi import validate_response


def _link(response, rel: str) -> str | None:
    for part in response.get("Link", "").split(","):
        if f'rel="{rel}"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None


@pytest.mark.django_db
def test_home_timeline_pages_with_link_headers(make_member, api_for) -> None:
    reader, author = make_member("reader"), make_member("author")
    follow(follower=reader, target=author)
    posts = [publish_post(author=author, text=f"post {i}") for i in range(5)]
    client = api_for(reader)
    first = client.get("/api/v1/timelines/home", {"limit": 2})
    assert first.status_code == 200
    validate_response("GET", "/api/v1/timelines/home", 200, first.json())
    assert [s["id"] for s in first.json()] == [str(p.pk) for p in reversed(posts[3:])]
    next_url = _link(first, "next")
    assert next_url and "max_id=" in next_url and "limit=2" in next_url
    second = client.get(next_url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert [s["id"] for s in second.json()] == [str(posts[2].pk), str(posts[1].pk)]
    newer = client.get("/api/v1/timelines/home", {"min_id": str(posts[1].pk), "limit": 2})
    assert [s["id"] for s in newer.json()] == [str(posts[3].pk), str(posts[2].pk)]
    since = client.get("/api/v1/timelines/home", {"since_id": str(posts[3].pk)})
    assert [s["id"] for s in since.json()] == [str(posts[4].pk)]
    assert client.get("/api/v1/timelines/home", {"max_id": "abc"}).status_code == 422


@pytest.mark.django_db
def test_public_timeline_is_local_and_public_only(make_member, api_for) -> None:
    author = make_member("author")
    public = publish_post(author=author, text="for everyone")
    publish_post(author=author, text="for followers", visibility="followers")
    anonymous = api_for(None).get("/api/v1/timelines/public", {"local": "true"})
    assert [s["id"] for s in anonymous.json()] == [str(public.pk)]
    assert api_for(None).get("/api/v1/timelines/public", {"remote": "true"}).json() == []


@pytest.mark.django_db
def test_hashtag_timeline(make_member, api_for) -> None:
    author = make_member("author")
    tagged = publish_post(author=author, text="about #Bikes")
    publish_post(author=author, text="about nothing")
    response = api_for(None).get("/api/v1/timelines/tag/bikes")
    assert [s["id"] for s in response.json()] == [str(tagged.pk)]


@pytest.mark.django_db
def test_keyword_filters_hide_and_warn_in_timelines(make_member, api_for) -> None:
    reader, author = make_member("reader"), make_member("author")
    follow(follower=reader, target=author)
    spoiler = publish_post(author=author, text="The finale spoilers are wild")
    election = publish_post(author=author, text="Election results tonight")
    calm = publish_post(author=author, text="A calm day")
    client = api_for(reader)
    hide = client.post(
        "/api/v2/filters",
        {
            "title": "No spoilers",
            "context[]": ["home"],
            "filter_action": "hide",
            "keywords_attributes[][keyword]": "spoilers",
            "keywords_attributes[][whole_word]": "true",
        },
    )
    assert hide.status_code == 200, hide.content
    validate_response("POST", "/api/v2/filters", 200, hide.json())
    warn = client.post(
        "/api/v2/filters",
        {
            "title": "Politics",
            "context": ["home", "public"],
            "filter_action": "warn",
            "keywords_attributes": [{"keyword": "election", "whole_word": True}],
        },
        json=True,
    )
    assert warn.status_code == 200, warn.content
    timeline = client.get("/api/v1/timelines/home").json()
    ids = [s["id"] for s in timeline]
    assert str(spoiler.pk) not in ids
    assert ids == [str(calm.pk), str(election.pk)]
    flagged = next(s for s in timeline if s["id"] == str(election.pk))
    assert flagged["filtered"][0]["filter"]["title"] == "Politics"
    assert flagged["filtered"][0]["keyword_matches"] == ["election"]
    # Filters are per context: the public timeline has no "hide" filter.
    public_ids = [s["id"] for s in client.get("/api/v1/timelines/public").json()]
    assert str(spoiler.pk) in public_ids
