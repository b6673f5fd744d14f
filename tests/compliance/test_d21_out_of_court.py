"""D21: members are told about certified out-of-court dispute settlement bodies."""

import pytest
from django.urls import reverse

from parley.posts.actions import publish_post
from parley.posts.models import Notification
from parley.safety.actions.appeals import file_appeal
from parley.safety.actions.decisions import decide_item

pytestmark = pytest.mark.django_db


def test_d21_dispute_bodies_in_statement_and_rejected_appeal(make_member, browser, settings) -> None:
    settings.PARLEY_DISPUTE_BODIES = ["https://adr.example.eu/"]
    author = make_member("author")
    post = publish_post(author=author, text="x")
    statement = decide_item(
        moderator=make_member("mod1", moderator=True),
        post=post,
        action="remove",
        reason="Spam.",
        category="spam",
    ).statement
    assert statement is not None
    page = browser(author).get(reverse("web:moderation_decision", args=[statement.pk])).content
    assert b"https://adr.example.eu/" in page
    appeal = file_appeal(appellant=author, statement=statement, text="Not spam.")
    browser(make_member("mod2", moderator=True)).post(
        reverse("web:moderation_decide_appeal", args=[appeal.review_item_id]),
        {"founded": "0", "reason": "Clearly spam."},
    )
    told = Notification.objects.filter(recipient=author, kind="moderation").first()
    assert told is not None and "https://adr.example.eu/" in told.message
