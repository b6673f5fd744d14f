"""DSA 20: reporters and notice senders can appeal a decision not to act (a dismissal)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from parley.core.errors import Forbidden, NotFound, ValidationFailed
from parley.posts.actions import publish_post
from parley.posts.models import Notification, Post, PostState
from parley.safety.actions.appeals import decide_appeal, file_notice_appeal, file_report_appeal
from parley.safety.actions.decisions import decide_item
from parley.safety.actions.notices import file_notice
from parley.safety.actions.reports import file_report
from parley.safety.models import (
    ActionType,
    Appeal,
    AppealStatus,
    IllegalContentNotice,
    ModerationAction,
    NoticeStatus,
    Report,
    ReportStatus,
    ReviewItem,
    ReviewSource,
    ReviewStatus,
)
from parley.safety.queries import item_subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(make_member):
    author = make_member("author")
    return {
        "author": author,
        "post": publish_post(author=author, text="A post someone finds threatening."),
        "reporter": make_member("reporter"),
        "mod": make_member("mod", moderator=True),
        "mod2": make_member("mod2", moderator=True),
    }


def dismissed_report(cast) -> Report:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="harassment")
    decide_item(moderator=cast["mod"], item=report.review_item, action="dismiss", reason="No violation.")
    report.refresh_from_db()
    return report


def dismissed_notice(cast) -> IllegalContentNotice:
    notice = file_notice(
        url=f"http://testserver/posts/{cast['post'].pk}",
        explanation="Illegal threat.",
        category="hate",
        name="Sender",
        email="sender@example.org",
        good_faith=True,
    )
    decide_item(moderator=cast["mod"], item=notice.review_item, action="dismiss", reason="Lawful.")
    notice.refresh_from_db()
    return notice


def test_reporter_appeal_of_a_dismissal_goes_to_the_queue(cast) -> None:
    report = dismissed_report(cast)
    appeal = file_report_appeal(reporter=cast["reporter"], report=report, text="It is harassment.")
    assert appeal.report == report and appeal.statement is None
    assert appeal.appealed_action.action == ActionType.DISMISS
    assert appeal.review_item is not None and appeal.review_item.source == ReviewSource.APPEAL
    post, account, found = item_subject(appeal.review_item)
    assert (post, account, found) == (cast["post"], cast["author"], appeal)


def test_founded_reporter_appeal_reopens_the_case_and_the_next_decision_acts(cast) -> None:
    report = dismissed_report(cast)
    appeal = file_report_appeal(reporter=cast["reporter"], report=report, text="It is harassment.")
    with pytest.raises(Forbidden):
        decide_appeal(moderator=cast["mod"], appeal=appeal, founded=True, reason="Mine.")
    assert Appeal.objects.get().status == AppealStatus.OPEN
    decide_appeal(moderator=cast["mod2"], appeal=appeal, founded=True, reason="It is harassment.")
    assert Appeal.objects.get().status == AppealStatus.FOUNDED
    item = ReviewItem.objects.get(pk=report.review_item_id)
    assert item.status == ReviewStatus.OPEN
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.outcome == ""
    assert ModerationAction.objects.get(pk=appeal.action_id).reversed_at is not None
    assert Notification.objects.filter(recipient=cast["reporter"], message__contains="founded").exists()
    decide_item(moderator=cast["mod2"], item=item, action="remove", reason="Harassment.")
    assert Post.objects.get(pk=cast["post"].pk).state == PostState.REMOVED
    report.refresh_from_db()
    assert report.outcome == ActionType.REMOVE


def test_rejected_reporter_appeal_leaves_the_dismissal(cast) -> None:
    report = dismissed_report(cast)
    appeal = file_report_appeal(reporter=cast["reporter"], report=report, text="Please look again.")
    decide_appeal(moderator=cast["mod2"], appeal=appeal, founded=False, reason="Still no violation.")
    assert ReviewItem.objects.get(pk=report.review_item_id).status == ReviewStatus.CLOSED
    assert Notification.objects.filter(recipient=cast["reporter"], message__contains="stands").exists()


def test_reporter_appeal_refusals_change_nothing(cast, make_member) -> None:
    report = dismissed_report(cast)
    with pytest.raises(NotFound):
        file_report_appeal(reporter=make_member("stranger"), report=report, text="Mine?")
    with pytest.raises(ValidationFailed):
        file_report_appeal(reporter=cast["reporter"], report=report, text="   ")
    Report.objects.filter(pk=report.pk).update(resolved_at=timezone.now() - timedelta(days=190))
    report.refresh_from_db()
    with pytest.raises(ValidationFailed, match="6 months"):
        file_report_appeal(reporter=cast["reporter"], report=report, text="Late.")
    assert not Appeal.objects.exists()


def test_only_a_dismissal_can_be_appealed_by_the_reporter_and_only_once(cast, make_member) -> None:
    acted = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="harassment")
    with pytest.raises(ValidationFailed):  # still open
        file_report_appeal(reporter=cast["reporter"], report=acted, text="Why?")
    decide_item(moderator=cast["mod"], item=acted.review_item, action="remove", reason="Harassment.")
    acted.refresh_from_db()
    with pytest.raises(ValidationFailed):
        file_report_appeal(reporter=cast["reporter"], report=acted, text="Why?")
    other = publish_post(author=cast["author"], text="Another one.")
    report = file_report(reporter=cast["reporter"], post_ids=[other.pk], category="spam")
    decide_item(moderator=cast["mod"], item=report.review_item, action="dismiss", reason="Fine.")
    report.refresh_from_db()
    file_report_appeal(reporter=cast["reporter"], report=report, text="It is spam.")
    with pytest.raises(ValidationFailed, match="already"):
        file_report_appeal(reporter=cast["reporter"], report=report, text="Again.")
    assert Appeal.objects.count() == 1


def test_notice_sender_appeals_with_the_link_token_and_a_founded_appeal_reopens(
    cast, django_capture_on_commit_callbacks
) -> None:
    notice = dismissed_notice(cast)
    with pytest.raises(NotFound):
        file_notice_appeal(notice=notice, token="wrong", text="Look again.")
    appeal = file_notice_appeal(notice=notice, token=notice.access_token, text="Look again.")
    assert appeal.appellant is None and appeal.notice == notice
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_appeal(moderator=cast["mod2"], appeal=appeal, founded=True, reason="It is illegal.")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RECEIVED
    assert ReviewItem.objects.get(pk=notice.review_item_id).status == ReviewStatus.OPEN
    assert [m.to for m in mail.outbox] == [["sender@example.org"]]
    with pytest.raises(ValidationFailed):  # one appeal per notice
        file_notice_appeal(notice=notice, token=notice.access_token, text="Again.")
