from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from parley.accounts.actions import RegistrationRejected, block, register_member
from parley.core.errors import Forbidden, NotFound, ValidationFailed
from parley.core.models import AuditLogEntry
from parley.posts.actions import publish_post
from parley.posts.models import Notification, Post, PostState
from parley.posts.queries import can_view
from parley.safety.actions import (
    FormRejected,
    award_trusted_flagger,
    claim_item,
    decide_appeal,
    decide_item,
    escalate,
    file_appeal,
    file_notice,
    file_report,
    purge_expired_evidence,
    reopen_item,
    reverse_action,
    state_automated_label,
)
from parley.safety.models import (
    AppealStatus,
    BannedEmail,
    EvidencePackage,
    IllegalContentNotice,
    MisuseWarning,
    ModerationAction,
    Report,
    ReportingSuspension,
    ReviewItem,
    ReviewSource,
    ReviewStatus,
    StatementOfReasons,
    Strike,
)
from parley.screening.models import ScreeningDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(make_member):
    """An author with a post, a reporter and two moderators."""
    author = make_member("author")
    post = publish_post(author=author, text="An ordinary post about gardening.")
    return {
        "author": author,
        "post": post,
        "reporter": make_member("reporter"),
        "mod": make_member("mod", moderator=True),
        "mod2": make_member("mod2", moderator=True),
    }


def post_url(post: Post) -> str:
    return f"http://testserver/posts/{post.pk}"


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


def test_appeal_by_a_different_moderator_reverses_and_restores(cast) -> None:
    decided = decide_item(moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam")
    statement = decided.statement
    assert statement is not None
    with pytest.raises(NotFound):
        file_appeal(appellant=cast["reporter"], statement=statement, text="Not mine but unfair.")
    with pytest.raises(ValidationFailed):
        file_appeal(appellant=cast["author"], statement=statement, text="   ")
    appeal = file_appeal(appellant=cast["author"], statement=statement, text="It was a gardening tip.")
    assert appeal.review_item is not None and appeal.review_item.source == ReviewSource.APPEAL
    with pytest.raises(ValidationFailed, match="already appealed"):
        file_appeal(appellant=cast["author"], statement=statement, text="Again.")
    with pytest.raises(Forbidden, match="different moderator"):
        decide_appeal(moderator=cast["mod"], appeal=appeal, founded=True, reason="I was right.")
    decide_appeal(moderator=cast["mod2"], appeal=appeal, founded=True, reason="It is a gardening tip.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FOUNDED
    assert Post.objects.get(pk=cast["post"].pk).state == PostState.PUBLISHED
    assert Strike.objects.get().cancelled_at is not None
    assert ModerationAction.objects.get(action="restore").reverses == decided.action


def test_appeal_window_is_six_months(cast) -> None:
    decided = decide_item(moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam")
    statement = decided.statement
    assert statement is not None
    StatementOfReasons.objects.filter(pk=statement.pk).update(appeal_until=timezone.now() - timedelta(seconds=1))
    statement.refresh_from_db()
    with pytest.raises(ValidationFailed, match="6 months"):
        file_appeal(appellant=cast["author"], statement=statement, text="Too late?")


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


def test_notice_needs_the_dsa_fields_except_name_and_email_for_csam(cast) -> None:
    with pytest.raises(FormRejected) as refused:
        file_notice(url="https://elsewhere.example/x", explanation="", category="hate", good_faith=False)
    assert set(refused.value.errors) == {"url", "explanation", "name", "email", "good_faith"}
    assert IllegalContentNotice.objects.count() == 0
    notice = file_notice(
        url=post_url(cast["post"]),
        explanation="Abuse material.",
        category="sexual_minors",
        good_faith=True,
    )
    assert notice.reference.startswith("N-") and notice.post == cast["post"]
    assert notice.review_item is not None and notice.review_item.severity == "critical"


def test_notice_acknowledged_by_email_and_decision_sent(cast, django_capture_on_commit_callbacks) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = file_notice(
            url=post_url(cast["post"]),
            explanation="Incites hatred.",
            category="hate",
            name="Ana",
            email="ana@example.net",
            good_faith=True,
        )
    assert any(notice.reference in m.subject for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        decide_item(
            moderator=cast["mod"],
            item=notice.review_item,
            action="remove",
            reason="Hate.",
            manifest=True,
        )
    notice.refresh_from_db()
    assert notice.status == "decided" and notice.outcome == "remove" and not notice.automated_decision
    decision_mail = [m for m in mail.outbox if "Decision" in m.subject]
    assert decision_mail and "automated means were not used" in decision_mail[0].body
    statement = StatementOfReasons.objects.get()
    assert statement.source == "notice" and statement.illegal_content


def test_trusted_flagger_notice_is_marked(cast, make_member) -> None:
    flagger_user = make_member("ngo")
    award_trusted_flagger(operator=None, user=flagger_user, name="Safety NGO")
    notice = file_notice(
        url=post_url(cast["post"]),
        explanation="Illegal.",
        category="hate",
        name="NGO",
        email="ngo@example.org",
        good_faith=True,
        submitter=flagger_user,
    )
    assert notice.trusted_flagger is not None


def test_escalation_keeps_hashed_evidence_past_deletion(cast) -> None:
    package = escalate(moderator=cast["mod"], post=cast["post"], authority="Police", reason="Threat to kill.")
    assert len(package.sha256) == 64
    assert package.content["post"]["text"] == cast["post"].text
    assert len(package.content["post"]["text_sha256"]) == 64
    cast["post"].delete()
    assert EvidencePackage.objects.get(pk=package.pk).content["post"]["id"] == package.post_ref
    assert purge_expired_evidence() == 0
    assert purge_expired_evidence(now=timezone.now() + timedelta(days=400)) == 1


def test_d23_warns_then_suspends_for_manifestly_illegal_content(cast, settings) -> None:
    settings.PARLEY_MISUSE_THRESHOLD = 2
    author, mod = cast["author"], cast["mod"]
    posts = [publish_post(author=author, text=f"post {n}") for n in range(3)]
    decide_item(
        moderator=mod,
        post=posts[0],
        action="remove",
        reason="Illegal.",
        category="illegal",
        manifest=True,
    )
    assert not MisuseWarning.objects.exists()
    decide_item(
        moderator=mod,
        post=posts[1],
        action="remove",
        reason="Illegal.",
        category="illegal",
        manifest=True,
    )
    assert MisuseWarning.objects.filter(account=author).exists()
    author.refresh_from_db()
    assert not author.is_suspended
    decide_item(
        moderator=mod,
        post=posts[2],
        action="remove",
        reason="Illegal.",
        category="illegal",
        manifest=True,
    )
    author.refresh_from_db()
    assert author.is_suspended and author.suspended_until is not None


def test_d23_pauses_manifestly_unfounded_reporters(cast, make_member, settings) -> None:
    settings.PARLEY_MISUSE_THRESHOLD = 1
    reporter, mod = cast["reporter"], cast["mod"]
    for n in range(2):
        post = publish_post(author=make_member(f"target{n}"), text="fine")
        report = file_report(reporter=reporter, post_ids=[post.pk], category="spam")
        decide_item(
            moderator=mod,
            item=report.review_item,
            action="dismiss",
            reason="Unfounded.",
            manifest=True,
        )
    assert ReportingSuspension.objects.filter(account=reporter).exists()
    with pytest.raises(Forbidden, match="paused"):
        file_report(reporter=reporter, post_ids=[cast["post"].pk], category="spam")


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
