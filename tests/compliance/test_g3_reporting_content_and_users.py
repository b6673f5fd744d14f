"""G3: in-app reporting of content and of users."""

import pytest
from django.urls import reverse

from parley.posts.actions import publish_post
from parley.safety.models import Report

pytestmark = pytest.mark.django_db


def test_g3_report_a_post_a_reply_a_message_and_a_profile(make_member, browser) -> None:
    author, reporter = make_member("author"), make_member("reporter")
    post = publish_post(author=author, text="a post")
    reply = publish_post(author=author, text="a reply", in_reply_to=publish_post(author=reporter, text="q"))
    dm = publish_post(author=author, text="@reporter a message", visibility="direct")
    client = browser(reporter)
    for target in (post, reply, dm):
        assert client.get(reverse("web:report_post", args=[target.pk])).status_code == 200
        client.post(reverse("web:report_post", args=[target.pk]), {"category": "harassment"})
    client.post(reverse("web:report_account", args=["author"]), {"category": "spam"})
    assert Report.objects.filter(reporter=reporter).count() == 4
    assert Report.objects.filter(posts__isnull=True).count() == 1
    own = browser(author).post(reverse("web:report_post", args=[post.pk]), {"category": "spam"})
    assert own.status_code == 422 and Report.objects.count() == 4
