"""POST /api/v1/accounts/:id/note and the relationship's `note` field over HTTP."""

import pytest

from parley.accounts.actions import block
from parley.accounts.models import AccountNote
from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


def test_note_is_set_shown_and_cleared(make_member, api_for) -> None:
    author, target = make_member("author"), make_member("target")
    client = api_for(author)
    response = client.post(f"/api/v1/accounts/{target.pk}/note", {"comment": "Knows about gears"})
    assert response.status_code == 200, response.content
    validate_response("POST", "/api/v1/accounts/{id}/note", 200, response.json())
    assert response.json()["note"] == "Knows about gears" and response.json()["id"] == str(target.pk)
    listed = client.get("/api/v1/accounts/relationships", {"id[]": [str(target.pk)]}).json()
    assert listed[0]["note"] == "Knows about gears"
    theirs = api_for(target).get("/api/v1/accounts/relationships", {"id[]": [str(author.pk)]}).json()
    assert theirs[0]["note"] == ""
    by_json = client.post(f"/api/v1/accounts/{target.pk}/note", {"comment": "Changed"}, json=True)
    assert by_json.json()["note"] == "Changed"
    cleared = client.post(f"/api/v1/accounts/{target.pk}/note")  # no comment clears it, as Mastodon
    assert cleared.status_code == 200 and cleared.json()["note"] == ""
    assert not AccountNote.objects.exists()


def test_bad_input_changes_nothing(make_member, api_for) -> None:
    author, target, blocker = make_member("author"), make_member("target"), make_member("blocker")
    block(blocker=blocker, target=author)
    client = api_for(author)
    client.post(f"/api/v1/accounts/{target.pk}/note", {"comment": "kept"})
    too_long = client.post(f"/api/v1/accounts/{target.pk}/note", {"comment": "z" * 2001})
    assert too_long.status_code == 422 and too_long.json()["error"]
    validate_response("POST", "/api/v1/accounts/{id}/note", 422, too_long.json())
    assert client.post(f"/api/v1/accounts/{target.pk}/note", {"comment": "nul\x00"}).status_code == 422
    assert client.post(f"/api/v1/accounts/{target.pk}/note", {"comment": {"a": 1}}, json=True).status_code == 422
    for account_id in ("abc", "99999999999999999999", str(target.pk + 1), str(blocker.pk)):
        response = client.post(f"/api/v1/accounts/{account_id}/note", {"comment": "hi"})
        assert response.status_code == 404, (account_id, response.content)
    assert api_for(author, "read").post(f"/api/v1/accounts/{target.pk}/note", {"comment": "x"}).status_code == 403
    assert list(AccountNote.objects.values_list("target_id", "comment")) == [(target.pk, "kept")]
