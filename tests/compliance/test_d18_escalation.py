"""D18: threats to life or safety are escalated to the authorities with an evidence export kept
past deletion."""

import json

import pytest
from django.urls import reverse

from parley.core.models import AuditLogEntry
from parley.posts.actions import publish_post
from parley.posts.models import Post
from parley.safety.models import ReviewItem

pytestmark = pytest.mark.django_db


def test_d18_escalate_with_hashed_evidence_that_survives_deletion(make_member, browser) -> None:
    author = make_member("author")
    post = publish_post(author=author, text="Tomorrow at 9 I will be at the school with a rifle")
    browser(make_member("reporter")).post(reverse("web:report_post", args=[post.pk]), {"category": "violent_threat"})
    item = ReviewItem.objects.get()
    assert item.severity == "critical"
    mod = browser(make_member("mod", moderator=True))
    response = mod.post(
        reverse("web:moderation_escalate", args=[item.pk]),
        {"authority": "National police", "reason": "Specific threat against a school."},
    )
    evidence_url = response["Location"]
    Post.objects.filter(pk=post.pk).delete()
    export = json.loads(mod.get(evidence_url).content)
    assert export["content"]["post"]["text"].startswith("Tomorrow at 9")
    assert export["content"]["post"]["created_at"] and export["content"]["captured_at"]
    assert len(export["sha256"]) == 64 and len(export["content"]["post"]["text_sha256"]) == 64
    assert export["authority"] == "National police" and export["retain_until"]
    assert AuditLogEntry.objects.filter(action="moderation.escalate").exists()
