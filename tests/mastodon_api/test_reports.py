"""Report categories over HTTP: Mastodon's names in and out, Parley's names stored."""

import pytest

from parley.posts.actions import publish_post
from parley.safety.models import Report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("mastodon", "parley"), [("spam", "spam"), ("legal", "illegal"), ("other", "other")])
def test_mastodon_category_is_stored_as_parley_category_and_read_back(make_member, api_for, mastodon, parley) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=bob, text="Something to report")
    response = api_for(alice).post(
        "/api/v1/reports",
        {"account_id": str(bob.pk), "status_ids[]": [str(post.pk)], "category": mastodon, "comment": "see this"},
    )
    assert response.status_code == 200, response.content
    assert Report.objects.get().category == parley
    assert response.json()["category"] == mastodon
