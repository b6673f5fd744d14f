"""A6: a member can delete their account from inside the app."""

import pytest
from django.urls import reverse

from parley.accounts.models import User
from parley.posts.actions import publish_post
from parley.posts.models import Post

pytestmark = pytest.mark.django_db


def test_a6_delete_account_from_settings(make_member, browser) -> None:
    member = make_member("leaving")
    publish_post(author=member, text="goodbye")
    client = browser(member)
    wrong = client.post(reverse("web:settings_delete_account"), {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 422 and User.objects.filter(username="leaving").exists()
    client.post(reverse("web:settings_delete_account"), {"password": "correct-horse-battery", "confirm": "on"})
    assert not User.objects.filter(username="leaving").exists()
    assert not Post.objects.exists()
