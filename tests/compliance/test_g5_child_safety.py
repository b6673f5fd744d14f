"""G5: published child-safety standards and a contact; CSAM can be notified anonymously."""

import pytest
from django.conf import settings
from django.urls import reverse

from parley.posts.actions import publish_post
from parley.safety.models import IllegalContentNotice

pytestmark = pytest.mark.django_db


def test_g5_standards_contact_and_anonymous_csam_notice(make_member, browser) -> None:
    page = browser().get(reverse("web:child_safety"))
    assert page.status_code == 200
    assert b"child sexual abuse" in page.content and settings.PARLEY_CONTACT_EMAIL.encode() in page.content
    post = publish_post(author=make_member("author"), text="x")
    browser().post(
        reverse("web:notice_new"),
        {
            "url": f"http://testserver/posts/{post.pk}",
            "category": "sexual_minors",
            "explanation": "Sexualises a child.",
            "good_faith": "on",
        },
    )
    notice = IllegalContentNotice.objects.get()
    assert notice.name == "" and notice.email == ""
    assert notice.review_item is not None and notice.review_item.severity == "critical"
