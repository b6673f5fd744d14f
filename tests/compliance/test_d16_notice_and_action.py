"""D16: anyone can notify illegal content; acknowledgement with reference; decision that says
whether automation was used."""

import pytest
from django.core import mail
from django.urls import reverse

from parley.posts.actions import publish_post
from parley.posts.models import Post
from parley.safety.models import IllegalContentNotice

pytestmark = pytest.mark.django_db


def test_d16_anonymous_notice_acknowledged_and_decided(
    make_member, browser, django_capture_on_commit_callbacks
) -> None:
    post = publish_post(author=make_member("author"), text="Illegal offer")
    visitor = browser()
    form = visitor.get(reverse("web:notice_new"))
    assert form.status_code == 200 and b"good faith" in form.content
    incomplete = visitor.post(reverse("web:notice_new"), {"url": "", "category": "illegal"})
    assert incomplete.status_code == 422 and not IllegalContentNotice.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ack = visitor.post(
            reverse("web:notice_new"),
            {
                "url": f"http://testserver/posts/{post.pk}",
                "category": "illegal",
                "explanation": "Sells stolen goods.",
                "name": "Ana",
                "email": "ana@example.net",
                "good_faith": "on",
            },
            follow=True,
        )
    notice = IllegalContentNotice.objects.get()
    assert notice.reference.encode() in ack.content
    assert any(notice.reference in m.subject for m in mail.outbox)
    mod = browser(make_member("mod", moderator=True))
    with django_capture_on_commit_callbacks(execute=True):
        mod.post(
            reverse("web:moderation_decide", args=[notice.review_item_id]),
            {"action": "remove", "category": "illegal", "reason": "Stolen goods.", "manifest": "on"},
        )
    assert Post.objects.get(pk=post.pk).state == "removed"
    status = visitor.get(ack.redirect_chain[-1][0]).content
    assert b"automated means were not used" in status
    assert any("automated means were not used" in m.body for m in mail.outbox)
