"""`GET /api/v1/statuses?id[]=…`: several statuses at once, each visibility-checked, in the
order asked; unknown, hidden and malformed ids are skipped."""

import pytest

from parley.posts.actions import publish_post
from parley.posts.models import Visibility
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


def test_several_statuses_at_once_in_the_order_asked(api_for, make_member) -> None:
    author = make_member()
    first = publish_post(author=author, text="First")
    second = publish_post(author=author, text="Second")
    answer = api_for(make_member()).get("/api/v1/statuses", {"id[]": [str(second.pk), str(first.pk), "1", "x"]})
    assert answer.status_code == 200
    assert [status["id"] for status in answer.json()] == [str(second.pk), str(first.pk)]
    validate_response("GET", "/api/v1/statuses", 200, answer.json())


def test_a_post_the_reader_may_not_see_is_skipped(api_for, make_member) -> None:
    author, stranger = make_member(), make_member()
    public = publish_post(author=author, text="For all")
    private = publish_post(author=author, text="For followers", visibility=Visibility.FOLLOWERS)
    ids = {"id[]": [str(private.pk), str(public.pk)]}
    assert [s["id"] for s in api_for(stranger).get("/api/v1/statuses", ids).json()] == [str(public.pk)]
    assert [s["id"] for s in api_for(author).get("/api/v1/statuses", ids).json()] == [str(private.pk), str(public.pk)]
    anonymous = api_for(None).get("/api/v1/statuses", ids)
    assert anonymous.status_code == 200 and [s["id"] for s in anonymous.json()] == [str(public.pk)]


def test_no_ids_is_an_empty_list_and_a_huge_id_is_refused(api_for, make_member) -> None:
    api = api_for(make_member())
    assert api.get("/api/v1/statuses").json() == []
    assert api.get("/api/v1/statuses", {"id[]": ["9" * 30]}).status_code == 422
