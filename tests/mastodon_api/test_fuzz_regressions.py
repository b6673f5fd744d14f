"""Inputs an outside fuzz run answered with a 500: ids past 64 bits, huge cursors and numbers,
very deep JSON, a mute duration past the calendar. Each now answers 4xx and changes nothing."""

import json

import pytest

from parley.accounts.models import Mute
from parley.posts.actions import publish_post

pytestmark = pytest.mark.django_db

HUGE = "9" * 30  # far past a signed 64-bit integer
JUST_PAST = str(2**63)  # the first value a bigint cannot hold
PATH_IDS = [
    "/api/v1/statuses/{id}",
    "/api/v1/statuses/{id}/context",
    "/api/v1/accounts/{id}",
    "/api/v1/accounts/{id}/statuses",
    "/api/v1/notifications/{id}",
    "/api/v1/media/{id}",
]


@pytest.mark.parametrize("template", PATH_IDS)
@pytest.mark.parametrize("value", ["99999999999999999999999", JUST_PAST, "\u00b2"])
def test_a_path_id_past_64_bits_is_not_found(api_for, make_member, template, value) -> None:
    answer = api_for(make_member()).get(template.format(id=value))
    assert answer.status_code == 404
    assert "error" in answer.json()


@pytest.mark.parametrize("method", ["post", "delete"])
def test_a_huge_status_id_in_a_write_path_is_not_found(api_for, make_member, method) -> None:
    path = f"/api/v1/statuses/{HUGE}" if method == "delete" else f"/api/v1/statuses/{HUGE}/favourite"
    assert getattr(api_for(make_member()), method)(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/notifications", "/api/v1/mutes"],
)
@pytest.mark.parametrize("cursor", ["max_id", "since_id", "min_id"])
def test_a_cursor_past_64_bits_is_refused(api_for, make_member, path, cursor) -> None:
    answer = api_for(make_member()).get(path, {cursor: str(10**21)})
    assert answer.status_code == 422
    assert cursor in answer.json()["error"]


def test_a_huge_id_in_query_form_and_json_parameters_is_refused(api_for, make_member) -> None:
    author = make_member()
    api = api_for(author)
    assert api.get("/api/v1/notifications", {"account_id": HUGE}).status_code == 422
    assert api.get("/api/v1/accounts/relationships", {"id[]": [HUGE]}).status_code == 422
    form = api.post("/api/v1/statuses", {"status": "Hello", "in_reply_to_id": HUGE})
    assert form.status_code == 422
    body = json.dumps({"status": "Hello", "media_ids": [10**30]})
    as_json = api.client.post("/api/v1/statuses", body, content_type="application/json", headers=api.headers)
    assert as_json.status_code == 422
    nested = json.dumps({"home": {"last_read_id": 10**30}})
    marker = api.client.post("/api/v1/markers", nested, content_type="application/json", headers=api.headers)
    assert marker.status_code == 422
    assert api.get("/api/v1/statuses/9/context").status_code == 404  # an ordinary unknown id still reads
    assert not author.posts.exists()


def test_a_float_written_account_id_is_no_server_error(api_for, make_member) -> None:
    answer = api_for(make_member()).get("/api/v1/notifications", {"account_id": "1e30"})
    assert answer.status_code in (200, 422)


@pytest.mark.parametrize("limit", [str(10**30), "-5", "0", "-" + "9" * 25])
def test_a_huge_or_negative_limit_is_no_server_error(api_for, make_member, limit) -> None:
    author = make_member()
    publish_post(author=author, text="One post")
    answer = api_for(author).get("/api/v1/timelines/home", {"limit": limit})
    assert answer.status_code in (200, 422)
    if answer.status_code == 200:
        assert len(answer.json()) <= 40


@pytest.mark.parametrize("duration", [str(10**13), str(10**30), str(101 * 366 * 86400)])
def test_a_mute_duration_past_a_century_is_refused(api_for, make_member, duration) -> None:
    muter, target = make_member(), make_member()
    answer = api_for(muter).post(f"/api/v1/accounts/{target.pk}/mute", {"duration": duration})
    assert answer.status_code == 422
    assert "duration" in answer.json()["error"]
    assert not Mute.objects.filter(muter=muter).exists()


def test_a_mute_for_a_year_still_works(api_for, make_member) -> None:
    muter, target = make_member(), make_member()
    answer = api_for(muter).post(f"/api/v1/accounts/{target.pk}/mute", {"duration": str(365 * 86400)})
    assert answer.status_code == 200 and answer.json()["muting"] is True


@pytest.mark.parametrize("depth", [100_000, 5_000, 200])
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_json_is_refused(api_for, make_member, depth, opener) -> None:
    author = make_member()
    api = api_for(author)
    closer = "]" if opener == "[" else "}"
    body = '{"status": "Hello", "x": ' + opener * depth + "1" + closer * depth + "}"
    answer = api.client.post("/api/v1/statuses", body, content_type="application/json", headers=api.headers)
    assert answer.status_code == 422
    assert "error" in answer.json()
    assert not author.posts.exists()


def test_a_filter_expiring_past_a_century_and_a_huge_search_offset_are_no_server_errors(api_for, make_member) -> None:
    api = api_for(make_member())
    made = api.post("/api/v2/filters", {"title": "Spoilers", "context[]": ["home"], "expires_in": str(10**13)})
    assert made.status_code == 422 and "expires_in" in made.json()["error"]
    assert api.get("/api/v2/search", {"q": "hello", "offset": str(2**63 - 1)}).status_code == 422
    assert api.get("/api/v2/search", {"q": "hello", "offset": "40"}).status_code == 200
    assert api.get("/api/v2/search", {"q": "hello", "offset": str(10**21)}).status_code == 422
