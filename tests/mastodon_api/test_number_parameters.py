"""Ids that look like digits to Python but are not numbers ("²", "①") are bad input: a 4xx or an
empty result, never a 500."""

import pytest

SUPERSCRIPT_TWO = "\u00b2"

pytestmark = pytest.mark.django_db


def test_a_superscript_digit_is_no_account_id(api_for, make_member) -> None:
    api = api_for(make_member())
    listed = api.get("/api/v1/notifications", {"account_id": SUPERSCRIPT_TWO})
    assert listed.status_code == 200 and listed.json() == []
    reported = api.post("/api/v1/reports", {"account_id": SUPERSCRIPT_TWO, "comment": "x"})
    assert reported.status_code == 404


def test_a_superscript_digit_is_no_media_or_marker_id(api_for, make_member) -> None:
    api = api_for(make_member())
    posted = api.post("/api/v1/statuses", {"status": "Hello", "media_ids[]": [SUPERSCRIPT_TWO]})
    assert 400 <= posted.status_code < 500
    marked = api.post("/api/v1/markers", {"home[last_read_id]": SUPERSCRIPT_TWO})
    assert 400 <= marked.status_code < 500
