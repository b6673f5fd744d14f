"""D20: a free appeal, open for 6 months, decided by a different human, reversing founded ones."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parley.moderation.safety_actions import decide_item
from parley.moderation.safety_models import Appeal, StatementOfReasons
from parley.posts.actions import publish_post
from parley.posts.models import Post, PostState

pytestmark = pytest.mark.django_db


def test_d20_appeal_reverses_and_restores(make_member, browser) -> None:
    author = make_member("author")
    first, second = make_member("mod1", moderator=True), make_member("mod2", moderator=True)
    post = publish_post(author=author, text="Satire about politicians")
    browser(make_member("reporter")).post(reverse("web:report_post", args=[post.pk]), {"category": "hate"})
    item_id = Post.objects.get().reports.get().review_item_id
    browser(first).post(
        reverse("web:moderation_decide", args=[item_id]),
        {"action": "remove", "category": "hate", "reason": "Looked hateful."},
    )
    statement = StatementOfReasons.objects.get()
    member = browser(author)
    assert b"free" in member.get(reverse("web:moderation_decision", args=[statement.pk])).content
    member.post(reverse("web:moderation_decision", args=[statement.pk]), {"text": "It is satire."})
    appeal = Appeal.objects.get()
    url = reverse("web:moderation_decide_appeal", args=[appeal.review_item_id])
    refused = browser(first).post(url, {"founded": "1", "reason": "I agree with myself."})
    assert refused.status_code == 403 and Appeal.objects.get().status == "open"
    browser(second).post(url, {"founded": "1", "reason": "Satire is allowed (§5.3)."})
    assert Appeal.objects.get().status == "founded"
    assert Post.objects.get(pk=post.pk).state == PostState.PUBLISHED


def test_d20_appeal_window_closes_after_six_months(make_member, browser) -> None:
    author = make_member("author")
    post = publish_post(author=author, text="x")
    statement = decide_item(
        moderator=make_member("mod", moderator=True),
        post=post,
        action="remove",
        reason="Spam.",
        category="spam",
    ).statement
    assert statement is not None
    StatementOfReasons.objects.filter(pk=statement.pk).update(
        created_at=timezone.now() - timedelta(days=190), appeal_until=timezone.now() - timedelta(days=7)
    )
    late = browser(author).post(reverse("web:moderation_decision", args=[statement.pk]), {"text": "Late."})
    assert late.status_code == 422 and not Appeal.objects.exists()
