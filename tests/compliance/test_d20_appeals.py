"""D20: a free appeal, open for 6 months, decided by a different human, reversing founded ones."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parley.posts.actions import publish_post
from parley.posts.models import Post, PostState
from parley.safety.actions.decisions import decide_item
from parley.safety.actions.notices import file_notice, notice_path
from parley.safety.models import Appeal, Report, ReviewItem, ReviewStatus, StatementOfReasons

pytestmark = pytest.mark.django_db


def test_d20_appeal_reverses_and_restores(make_member, browser) -> None:
    author = make_member("author")
    first, second = make_member("mod1", moderator=True), make_member("mod2", moderator=True)
    post = publish_post(author=author, text="Satire about politicians")
    browser(make_member("reporter")).post(reverse("web:report_post", args=[post.pk]), {"category": "hate"})
    item_id = Post.objects.get().reports.get().review_item_id
    browser(first).post(
        reverse("web:moderation_decide", args=[item_id]),
        {"action": "remove", "category": "hate", "reason": "Looked hateful."},
    )
    statement = StatementOfReasons.objects.get()
    member = browser(author)
    assert b"free" in member.get(reverse("web:moderation_decision", args=[statement.pk])).content
    member.post(reverse("web:moderation_decision", args=[statement.pk]), {"text": "It is satire."})
    appeal = Appeal.objects.get()
    url = reverse("web:moderation_decide_appeal", args=[appeal.review_item_id])
    refused = browser(first).post(url, {"founded": "1", "reason": "I agree with myself."})
    assert refused.status_code == 403 and Appeal.objects.get().status == "open"
    browser(second).post(url, {"founded": "1", "reason": "Satire is allowed (§5.3)."})
    assert Appeal.objects.get().status == "founded"
    assert Post.objects.get(pk=post.pk).state == PostState.PUBLISHED


def test_d20_appeal_window_closes_after_six_months(make_member, browser) -> None:
    author = make_member("author")
    post = publish_post(author=author, text="x")
    statement = decide_item(
        moderator=make_member("mod", moderator=True),
        post=post,
        action="remove",
        reason="Spam.",
        category="spam",
    ).statement
    assert statement is not None
    StatementOfReasons.objects.filter(pk=statement.pk).update(
        created_at=timezone.now() - timedelta(days=190), appeal_until=timezone.now() - timedelta(days=7)
    )
    late = browser(author).post(reverse("web:moderation_decision", args=[statement.pk]), {"text": "Late."})
    assert late.status_code == 422 and not Appeal.objects.exists()


def test_d20_reporter_appeals_a_dismissal_from_the_reports_page(make_member, browser) -> None:
    author, reporter = make_member("author"), make_member("reporter")
    first, second = make_member("mod1", moderator=True), make_member("mod2", moderator=True)
    post = publish_post(author=author, text="Nice garden you have there.")
    member = browser(reporter)
    member.post(reverse("web:report_post", args=[post.pk]), {"category": "harassment"})
    report = Report.objects.get()
    browser(first).post(
        reverse("web:moderation_decide", args=[report.review_item_id]),
        {"action": "dismiss", "category": "harassment", "reason": "No violation found."},
    )
    page = member.get(reverse("web:my_reports"))
    assert reverse("web:appeal_report", args=[report.pk]).encode() in page.content
    empty = member.post(reverse("web:appeal_report", args=[report.pk]), {"text": ""})
    assert empty.status_code == 422 and not Appeal.objects.exists()
    # The page comes back with the appeal form open under that report and the error in it.
    assert b'role="alert"' in empty.content and b"<details open>" in empty.content
    assert reverse("web:appeal_report", args=[report.pk]).encode() in empty.content
    sent = member.post(reverse("web:appeal_report", args=[report.pk]), {"text": "It is a threat."})
    assert sent.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.report_id == report.pk and appeal.status == "open"
    url = reverse("web:moderation_decide_appeal", args=[appeal.review_item_id])
    assert browser(first).post(url, {"founded": "1", "reason": "Mine."}).status_code == 403
    browser(second).post(url, {"founded": "1", "reason": "A veiled threat (§4.1)."})
    assert Appeal.objects.get().status == "founded"
    assert ReviewItem.objects.get(pk=report.review_item_id).status == ReviewStatus.OPEN


def test_d20_notice_sender_appeals_from_the_status_page(make_member, browser) -> None:
    author = make_member("author")
    post = publish_post(author=author, text="Borderline.")
    notice = file_notice(
        url=f"http://testserver/posts/{post.pk}",
        explanation="Illegal.",
        category="hate",
        name="Sender",
        email="sender@example.org",
        good_faith=True,
    )
    decide_item(
        moderator=make_member("mod", moderator=True), item=notice.review_item, action="dismiss", reason="Lawful."
    )
    anonymous = browser()
    status_url = notice_path(notice)
    assert b"Send the appeal" in anonymous.get(status_url).content
    forged = anonymous.post(reverse("web:notice_status", args=[notice.reference, "forged"]), {"text": "Look again."})
    assert forged.status_code == 404 and not Appeal.objects.exists()
    assert anonymous.post(status_url, {"text": "Look again."}).status_code == 302
    assert Appeal.objects.get().notice_id == notice.pk
