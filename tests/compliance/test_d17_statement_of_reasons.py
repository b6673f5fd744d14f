"""D17: a statement of reasons for every restriction, with the required fields."""

import pytest
from django.core import mail
from django.urls import reverse

from parley.posts.actions import publish_post
from parley.posts.models import Notification
from parley.safety.models import ReviewItem, StatementOfReasons

pytestmark = pytest.mark.django_db


def test_d17_member_receives_a_complete_statement(make_member, browser, django_capture_on_commit_callbacks) -> None:
    author = make_member("author")
    post = publish_post(author=author, text="Follow my page for daily photos")
    browser(make_member("reporter")).post(reverse("web:report_post", args=[post.pk]), {"category": "spam"})
    item = ReviewItem.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        browser(make_member("mod", moderator=True)).post(
            reverse("web:moderation_decide", args=[item.pk]),
            {"action": "limit_reach", "category": "spam", "reason": "Engagement selling."},
        )
    statement = StatementOfReasons.objects.get()
    assert Notification.objects.filter(recipient=author, kind="moderation").exists()
    assert any(author.email in m.to and "Engagement selling." in m.body for m in mail.outbox)
    page = browser(author).get(reverse("web:moderation_decision", args=[statement.pk])).content
    for field in (
        b"What was restricted",
        b"public timelines or search",  # the restriction
        b"Engagement selling.",  # the facts
        b"Automated detection",
        b"Automated decision",
        b"Not automated",  # automation
        b"Terms \xc2\xa74.6",  # the terms clause
        b"appeal",
        b"out-of-court",  # redress
    ):
        assert field in page, field
