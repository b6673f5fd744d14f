"""G1: users accept the terms, which define objectionable content, before they can post."""

import pytest
from django.urls import reverse

from parley.accounts.models import User
from parley.posts.models import Post

pytestmark = pytest.mark.django_db


def test_g1_sign_up_needs_the_terms_and_changed_terms_must_be_accepted_again(make_member, browser, settings) -> None:
    visitor = browser()
    terms = visitor.get(reverse("web:terms")).content
    assert b"threat" in terms.lower() and b"harassment" in terms.lower()
    refused = visitor.post(
        reverse("web:signup"),
        {"username": "newbie", "email": "newbie@example.org", "password": "correct-horse-battery"},
    )
    assert refused.status_code == 422 and not User.objects.filter(username="newbie").exists()
    member = make_member("member")
    settings.PARLEY_TERMS_VERSION = member.terms_accepted_version + 1
    client = browser(member)
    client.post(reverse("web:compose"), {"text": "hello", "visibility": "public"})
    assert not Post.objects.exists()
    client.post(reverse("web:terms_accept"), {"accept_terms": "on"})
    client.post(reverse("web:compose"), {"text": "hello", "visibility": "public"})
    assert Post.objects.count() == 1
