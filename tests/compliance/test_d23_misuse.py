"""D23: after a warning, temporary suspension for frequent manifestly illegal content, and a
pause for frequent manifestly unfounded reports."""

import pytest
from django.urls import reverse

from parley.posts.actions import publish_post
from parley.safety.models import Report, ReviewItem

pytestmark = pytest.mark.django_db


def decide(mod, item: ReviewItem, **data: str) -> None:
    mod.post(reverse("web:moderation_decide", args=[item.pk]), {"category": "illegal", "reason": "r", **data})


def test_d23_warning_then_suspension_for_illegal_content(make_member, browser, settings) -> None:
    settings.PARLEY_MISUSE_THRESHOLD = 2
    author, reporter = make_member("author"), make_member("reporter")
    mod = browser(make_member("mod", moderator=True))
    for n in range(3):
        post = publish_post(author=author, text=f"illegal offer {n}")
        browser(reporter).post(reverse("web:report_post", args=[post.pk]), {"category": "illegal"})
        decide(mod, ReviewItem.objects.get(status="open"), action="remove", manifest="on")
        author.refresh_from_db()
        if n == 1:
            assert not author.is_suspended
            assert b"Warning" in browser(author).get(reverse("web:notifications")).content
    assert author.is_suspended and author.suspended_until is not None


def test_d23_unfounded_reporter_is_warned_then_paused(make_member, browser, settings) -> None:
    settings.PARLEY_MISUSE_THRESHOLD = 2
    reporter = make_member("reporter")
    mod = browser(make_member("mod", moderator=True))
    client = browser(reporter)
    for n in range(3):
        post = publish_post(author=make_member(f"t{n}"), text="harmless")
        client.post(reverse("web:report_post", args=[post.pk]), {"category": "illegal"})
        decide(mod, ReviewItem.objects.get(status="open"), action="dismiss", manifest="on")
    post = publish_post(author=make_member("t9"), text="harmless")
    paused = client.post(reverse("web:report_post", args=[post.pk]), {"category": "illegal"})
    assert paused.status_code == 403 and b"paused" in paused.content
    assert Report.objects.count() == 3
