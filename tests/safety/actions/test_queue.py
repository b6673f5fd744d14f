"""Claims on review items and reopening them."""

import pytest

from parley.core.errors import Forbidden, ValidationFailed
from parley.posts.models import Post
from parley.safety.actions.decisions import decide_item
from parley.safety.actions.queue import claim_item, reopen_item
from parley.safety.actions.reports import file_report
from parley.safety.models import ReviewStatus

pytestmark = pytest.mark.django_db


def test_claim_keeps_a_second_moderator_off_the_item(cast) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="spam")
    assert report.review_item is not None
    claim_item(moderator=cast["mod"], item=report.review_item)
    with pytest.raises(Forbidden, match="mod"):
        claim_item(moderator=cast["mod2"], item=report.review_item)
    with pytest.raises(Forbidden):
        decide_item(moderator=cast["mod2"], item=report.review_item, action="remove", reason="x")
    decide_item(moderator=cast["mod"], item=report.review_item, action="label_sensitive", reason="Gore.")
    assert Post.objects.get(pk=cast["post"].pk).sensitive


def test_reopen_puts_the_item_back(cast) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="spam")
    assert report.review_item is not None
    decide_item(moderator=cast["mod"], item=report.review_item, action="dismiss", reason="Fine.")
    item = reopen_item(moderator=cast["mod"], item=report.review_item)
    assert item.status == ReviewStatus.OPEN
    report.refresh_from_db()
    assert report.status == "open"
    with pytest.raises(ValidationFailed):
        reopen_item(moderator=cast["mod"], item=item)
