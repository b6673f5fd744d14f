"""decide_item, reverse_action and the statements for automated labels."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from parley.accounts.actions import RegistrationRejected, register_member
from parley.core.errors import Forbidden, ValidationFailed
from parley.core.models import AuditLogEntry
from parley.posts.models import Notification, Post, PostState
from parley.posts.queries import can_view
from parley.safety.actions.appeals import decide_appeal, file_appeal
from parley.safety.actions.decisions import decide_item, reverse_action, state_automated_label
from parley.safety.actions.reports import file_report
from parley.safety.models import (
    BannedEmail,
    ModerationAction,
    ReviewItem,
    ReviewSource,
    ReviewStatus,
    StatementOfReasons,
    Strike,
)
from parley.screening.models import ScreeningDecision

pytestmark = pytest.mark.django_db


def test_remove_writes_audit_statement_strike_and_tells_everyone(cast, django_capture_on_commit_callbacks) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="hate")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided = decide_item(
            moderator=cast["mod"],
            item=report.review_item,
            action="remove",
            reason="Slur against a group.",
        )
    post = Post.objects.get(pk=cast["post"].pk)
    assert post.state == PostState.REMOVED
    statement = decided.statement
    assert statement is not None and statement.account == cast["author"]
    assert statement.terms_clause.startswith("Terms §4.3")
    assert statement.automated_decision == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert statement.source == "report" and "appeal" in statement.redress
    assert statement.dispute_bodies
    entry = AuditLogEntry.objects.get(action="moderation.remove")
    assert entry.before["post"]["state"] == "published" and entry.after["post"]["state"] == "removed"
    assert entry.actor == cast["mod"]
    assert Strike.objects.filter(account=cast["author"]).count() == 1
    assert Notification.objects.filter(recipient=cast["author"], kind="moderation").exists()
    assert Notification.objects.filter(recipient=cast["reporter"], kind="moderation").exists()
    assert any(cast["author"].email in m.to for m in mail.outbox)
    report.refresh_from_db()
    assert report.status == "resolved" and report.outcome == "remove"
    item = ReviewItem.objects.get()
    assert item.status == ReviewStatus.CLOSED and item.closed_by == cast["mod"]


def test_member_cannot_forge_a_moderator_action(cast) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="spam")
    with pytest.raises(Forbidden):
        decide_item(moderator=cast["reporter"], item=report.review_item, action="remove", reason="x")
    assert Post.objects.get(pk=cast["post"].pk).state == PostState.PUBLISHED
    assert ModerationAction.objects.count() == 0


def test_decision_input_is_checked(cast) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="spam")
    item = report.review_item
    with pytest.raises(ValidationFailed, match="reason"):
        decide_item(moderator=cast["mod"], item=item, action="remove", reason="  ")
    with pytest.raises(ValidationFailed, match="Unknown"):
        decide_item(moderator=cast["mod"], item=item, action="obliterate", reason="x")
    with pytest.raises(ValidationFailed, match="days"):
        decide_item(moderator=cast["mod"], item=item, action="suspend", reason="x", days=0)
    assert ModerationAction.objects.count() == 0
    decide_item(moderator=cast["mod"], item=item, action="dismiss", reason="Not spam.")
    with pytest.raises(ValidationFailed, match="closed"):
        decide_item(moderator=cast["mod"], item=item, action="remove", reason="x")


def test_labels_and_limited_reach(cast) -> None:
    post = cast["post"]
    decide_item(
        moderator=cast["mod"],
        post=post,
        action="label_disputed",
        reason="Fact-checked.",
        category="disputed",
    )
    decide_item(
        moderator=cast["mod"],
        post=post,
        action="limit_reach",
        reason="Borderline spam.",
        category="spam",
    )
    post.refresh_from_db()
    assert post.disputed and post.limited and post.state == PostState.PUBLISHED
    assert StatementOfReasons.objects.count() == 2
    assert Strike.objects.count() == 0  # labels are not violations


def test_suspend_hides_content_and_ban_blocks_reregistration(cast) -> None:
    author = cast["author"]
    decide_item(
        moderator=cast["mod"],
        account=author,
        action="suspend",
        reason="Abuse.",
        days=3,
        category="harassment",
    )
    author.refresh_from_db()
    assert author.is_suspended and author.suspended_until is not None
    assert not can_view(None, cast["post"])
    decide_item(
        moderator=cast["mod"],
        account=author,
        action="ban",
        reason="Repeated abuse.",
        category="harassment",
    )
    assert BannedEmail.objects.filter(email="author@example.org").exists()
    author.delete()  # even once the account is gone, its address cannot sign up again
    with pytest.raises(RegistrationRejected, match="banned"):
        register_member(
            username="author2",
            email="AUTHOR@example.org",
            password="correct-horse-battery",
            accepted_terms=True,
        )


def test_reversing_a_suspension_lifts_it(cast) -> None:
    decided = decide_item(moderator=cast["mod"], account=cast["author"], action="suspend", reason="x", days=2)
    reverse_action(moderator=cast["mod2"], action=decided.action, reason="Mistaken identity.")
    cast["author"].refresh_from_db()
    assert not cast["author"].is_suspended
    with pytest.raises(ValidationFailed, match="already reversed"):
        reverse_action(moderator=cast["mod2"], action=decided.action, reason="Again.")


def test_dismissing_a_held_post_publishes_it(cast) -> None:
    post = cast["post"]
    Post.objects.filter(pk=post.pk).update(state=PostState.PENDING)
    item = ReviewItem.objects.create(
        content=post,
        source=ReviewSource.SCREENING,
        category="violent_threat",
        severity="critical",
        due_at=timezone.now() + timedelta(hours=1),
    )
    decide_item(moderator=cast["mod"], item=item, action="dismiss", reason="Gardening, not a threat.")
    assert Post.objects.get(pk=post.pk).state == PostState.PUBLISHED


def test_automated_label_gets_a_statement_and_can_be_appealed(cast) -> None:
    post = cast["post"]
    screening = ScreeningDecision.objects.create(
        content=post,
        kind="post",
        author=cast["author"],
        text=post.text,
        decision="label",
        labels=["sensitive"],
        reasons=[{"category": "sensitive", "explanation": "looks graphic"}],
    )
    Post.objects.filter(pk=post.pk).update(sensitive=True)
    [statement] = state_automated_label(post=post, screening=screening)
    assert statement.automated_detection and statement.automated_decision == "AUTOMATED_DECISION_FULLY"
    assert statement.action.actor is None and statement.facts == "looks graphic"
    appeal = file_appeal(appellant=cast["author"], statement=statement, text="It is a painting.")
    decide_appeal(moderator=cast["mod"], appeal=appeal, founded=True, reason="A painting.")
    assert not Post.objects.get(pk=post.pk).sensitive
