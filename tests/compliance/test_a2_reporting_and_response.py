"""A2: offensive content can be reported, and moderators act within 24 hours (remove, eject)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parley.posts.actions import publish_post
from parley.posts.models import Notification, Post, PostState
from parley.safety.models import ReviewItem

pytestmark = pytest.mark.django_db


def test_a2_report_reaches_the_queue_with_a_24h_deadline_and_moderator_removes_and_ejects(make_member, browser) -> None:
    author, reporter = make_member("author"), make_member("reporter")
    moderator = make_member("mod", moderator=True)
    post = publish_post(author=author, text="Offensive words about my neighbours.")
    browser(reporter).post(reverse("web:report_post", args=[post.pk]), {"category": "hate"})
    item = ReviewItem.objects.get()
    assert item.due_at <= timezone.now() + timedelta(hours=24)
    mod = browser(moderator)
    assert str(item.pk).encode() in mod.get(reverse("web:moderation_queue")).content
    mod.post(
        reverse("web:moderation_decide", args=[item.pk]),
        {"action": "remove", "category": "hate", "reason": "Hateful conduct."},
    )
    assert Post.objects.get(pk=post.pk).state == PostState.REMOVED
    decision = ReviewItem.objects.get()
    assert decision.closed_at is not None and decision.closed_at - decision.created_at < timedelta(hours=24)
    other = publish_post(author=author, text="More of the same.")
    browser(reporter).post(reverse("web:report_account", args=["author"]), {"category": "harassment"})
    account_item = ReviewItem.objects.get(status="open")
    mod.post(
        reverse("web:moderation_decide", args=[account_item.pk]),
        {"action": "ban", "category": "harassment", "reason": "Repeated abuse."},
    )
    assert b"More of the same." not in browser().get(reverse("web:post", args=[other.pk])).content
    assert Notification.objects.filter(recipient=reporter, kind="moderation").count() == 2
