"""G2: moderation is robust and ongoing: screening holds, human review, decisions, audit."""

import pytest
from django.urls import reverse

from parley.core.models import AuditLogEntry
from parley.posts.models import Post, PostState
from parley.safety.models import ReviewItem
from parley.screening.models import Rule

pytestmark = pytest.mark.django_db


def test_g2_held_post_is_reviewed_by_a_human_and_audited(make_member, browser) -> None:
    Rule.objects.create(category="violent_threat", kind="phrase", pattern="shoot up the", action="hold")
    author, moderator = make_member("author"), make_member("mod", moderator=True)
    browser(author).post(reverse("web:compose"), {"text": "The band will shoot up the charts", "visibility": "public"})
    item = ReviewItem.objects.get()
    assert item.source == "screening"
    mod = browser(moderator)
    page = mod.get(reverse("web:moderation_item", args=[item.pk]))
    assert b"shoot up the" in page.content and b"Automated screening" in page.content
    mod.post(
        reverse("web:moderation_decide", args=[item.pk]),
        {"action": "dismiss", "category": "violent_threat", "reason": "Music chart news, not a threat."},
    )
    assert Post.objects.get().state == PostState.PUBLISHED
    assert AuditLogEntry.objects.filter(action="moderation.dismiss", actor=moderator).exists()
