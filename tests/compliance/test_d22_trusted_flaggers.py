"""D22: notices from trusted flaggers are handled with priority."""

import pytest
from django.urls import reverse

from parley.posts.actions import publish_post
from parley.safety.actions.flaggers import award_trusted_flagger
from parley.safety.models import IllegalContentNotice

pytestmark = pytest.mark.django_db


def test_d22_trusted_notice_goes_ahead_of_older_ones(make_member, browser) -> None:
    flagger = make_member("hotline")
    award_trusted_flagger(operator=None, user=flagger, name="National hotline")
    old = publish_post(author=make_member("a1"), text="older")
    new = publish_post(author=make_member("a2"), text="newer")
    notice = {"category": "hate", "explanation": "Incitement to hatred.", "good_faith": "on"}
    browser().post(
        reverse("web:notice_new"),
        {**notice, "url": f"http://testserver/posts/{old.pk}", "name": "Ann", "email": "a@example.org"},
    )
    browser(flagger).post(
        reverse("web:notice_new"),
        {**notice, "url": f"http://testserver/posts/{new.pk}", "name": "Hotline", "email": "h@example.org"},
    )
    trusted = IllegalContentNotice.objects.get(trusted_flagger__isnull=False)
    page = browser(make_member("mod", moderator=True)).get(reverse("web:moderation_queue")).content.decode()
    first_row = page.index("/moderation/items/")
    assert page[first_row:].startswith(f"/moderation/items/{trusted.review_item_id}")
    assert "trusted flagger" in page
