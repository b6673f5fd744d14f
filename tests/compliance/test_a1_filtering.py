"""A1: objectionable material is filtered before it is posted."""

import pytest
from django.urls import reverse

from parley.posts.models import Post, PostState
from parley.safety.models import ReviewItem
from parley.screening.models import Rule

pytestmark = pytest.mark.django_db


def test_a1_objectionable_post_is_held_before_anyone_sees_it(make_member, browser) -> None:
    # An operator's own rule holds what no model would (a refused threat is tested elsewhere).
    Rule.objects.create(category="violent_threat", kind="phrase", pattern="pineapple pizza traitors", action="hold")
    Rule.objects.create(category="spam", kind="phrase", pattern="cheap pills here", action="block")
    author = make_member("author")
    member = browser(author)
    member.post(reverse("web:compose"), {"text": "pineapple pizza traitors, neighbour", "visibility": "public"})
    held = Post.objects.get()
    assert held.state == PostState.PENDING
    assert ReviewItem.objects.get().severity == "critical"
    assert b"pineapple pizza traitors" not in browser().get(reverse("web:local")).content
    refused = member.post(reverse("web:compose"), {"text": "cheap pills here!", "visibility": "public"})
    assert refused.status_code == 422 and Post.objects.exclude(state=PostState.REJECTED).count() == 1
