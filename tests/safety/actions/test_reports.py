"""file_report: members report accounts and posts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parley.accounts.actions import block
from parley.core.errors import NotFound, ValidationFailed
from parley.posts.actions import publish_post
from parley.posts.models import PostState
from parley.posts.queries import can_view
from parley.safety.actions.reports import file_report
from parley.safety.models import Report, ReviewItem, ReviewSource
from parley.screening.models import ScreeningDecision

pytestmark = pytest.mark.django_db


def test_report_opens_one_queue_item_and_repeated_reports_merge(cast, make_member) -> None:
    first = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="harassment")
    other = make_member("other")
    second = file_report(reporter=other, post_ids=[cast["post"].pk], category="violent_threat")
    assert first.review_item_id == second.review_item_id
    item = ReviewItem.objects.get()
    assert item.source == ReviewSource.REPORT
    # The more severe category wins and the deadline shortens to one hour.
    assert item.severity == "critical" and item.category == "violent_threat"
    assert item.due_at <= timezone.now() + timedelta(hours=1)
    assert first.account == cast["author"]


def test_bad_reports_are_refused_and_change_nothing(cast) -> None:
    reporter, post = cast["reporter"], cast["post"]
    with pytest.raises(NotFound):
        file_report(reporter=reporter, post_ids=[999999], category="spam")
    with pytest.raises(ValidationFailed, match="yourself"):
        file_report(reporter=cast["author"], post_ids=[post.pk], category="spam")
    with pytest.raises(ValidationFailed, match="categor"):
        file_report(reporter=reporter, post_ids=[post.pk], category="nonsense")
    with pytest.raises(ValidationFailed):
        file_report(reporter=reporter, category="spam")
    with pytest.raises(ValidationFailed, match="at most"):
        file_report(reporter=reporter, post_ids=[post.pk], category="spam", comment="x" * 1001)
    assert Report.objects.count() == 0 and ReviewItem.objects.count() == 0
    file_report(reporter=reporter, post_ids=[post.pk], category="spam")
    with pytest.raises(ValidationFailed, match="already reported"):
        file_report(reporter=reporter, post_ids=[post.pk], category="hate")
    assert Report.objects.count() == 1


def test_report_works_when_the_reported_account_blocked_the_reporter(cast) -> None:
    block(blocker=cast["author"], target=cast["reporter"])
    assert not can_view(cast["reporter"], cast["post"])
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="harassment")
    assert report.review_item is not None
    account_report = file_report(reporter=cast["reporter"], account=cast["author"], category="spam")
    assert account_report.posts.count() == 0


def test_a_reported_direct_message_meets_every_detector(make_member) -> None:
    from parley.posts.models import Visibility

    sender, recipient = make_member("sender"), make_member("recipient")
    dm = publish_post(author=sender, text="@recipient je vais te tuer ce soir", visibility=Visibility.DIRECT)
    # Sent: only the DM rules read it, and none matches.
    assert dm.state == PostState.PUBLISHED and not ScreeningDecision.objects.exists()
    report = file_report(reporter=recipient, post_ids=[dm.pk], category="spam")
    screening = ScreeningDecision.objects.get(object_id=str(dm.pk))
    assert screening.kind == "dm" and screening.decision == "hold"
    assert {r["category"] for r in screening.reasons} & {"violent_threat", "incitement"}
    item = ReviewItem.objects.get()
    # The threat found in it outranks the reporter's "spam": critical, due within the hour.
    assert item.pk == report.review_item_id and item.screening_id == screening.pk
    assert item.severity == "critical" and item.category in ("violent_threat", "incitement")
    assert item.due_at <= timezone.now() + timedelta(hours=1)
    # The message itself is left to the moderator: still delivered, nothing rejected by itself.
    dm.refresh_from_db()
    assert dm.state == PostState.PUBLISHED


def test_a_reported_public_post_is_not_screened_again(cast) -> None:
    file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="harassment")
    assert not ScreeningDecision.objects.exists()
    assert ReviewItem.objects.get().severity != "critical"
