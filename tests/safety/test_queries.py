from datetime import timedelta

import pytest
from django.utils import timezone

from parley.accounts.actions import block
from parley.core.errors import Forbidden, NotFound
from parley.posts.actions import publish_post
from parley.safety.actions.appeals import decide_appeal, file_appeal
from parley.safety.actions.decisions import decide_item
from parley.safety.actions.evidence import escalate
from parley.safety.actions.flaggers import award_trusted_flagger
from parley.safety.actions.notices import file_notice
from parley.safety.actions.queue import claim_item
from parley.safety.actions.reports import file_report
from parley.safety.models import IllegalContentNotice, Report, ReviewItem, ReviewSource
from parley.safety.policy import review_deadline
from parley.safety.queries import (
    Period,
    access_evidence_package,
    access_moderation_action,
    access_review_item,
    access_statement,
    can_appeal,
    content_at_url,
    item_context,
    queue_page,
    reportable_post,
    review_queue,
    statements_in,
    suggested_action,
    tdb_statement,
    transparency_report,
)

pytestmark = pytest.mark.django_db


def queued(filed: Report | IllegalContentNotice) -> ReviewItem:
    assert filed.review_item is not None
    return filed.review_item


def test_queue_orders_threats_then_severity_then_trusted_flaggers_then_age(make_member) -> None:
    reporter = make_member("reporter")
    flagger = make_member("flagger")
    award_trusted_flagger(operator=None, user=flagger, name="Hotline")
    authors = [make_member(f"a{n}") for n in range(4)]
    posts = [publish_post(author=a, text="text") for a in authors]
    spam = queued(file_report(reporter=reporter, post_ids=[posts[0].pk], category="spam"))
    hate = queued(file_report(reporter=reporter, post_ids=[posts[1].pk], category="hate"))
    trusted = queued(
        file_notice(
            url=f"http://testserver/posts/{posts[2].pk}",
            explanation="Hate speech.",
            category="hate",
            name="Hotline",
            email="h@example.org",
            good_faith=True,
            submitter=flagger,
        )
    )
    threat = queued(file_report(reporter=reporter, post_ids=[posts[3].pk], category="violent_threat"))
    assert [i.pk for i in review_queue()] == [threat.pk, trusted.pk, hate.pk, spam.pk]


def test_overdue_items_are_flagged(make_member) -> None:
    moderator = make_member("mod", moderator=True)
    post = publish_post(author=make_member("a"), text="text")
    item = queued(file_report(reporter=make_member("r"), post_ids=[post.pk], category="spam"))
    page = queue_page(moderator)
    assert page.total == 1 and page.overdue == 0 and not page.rows[0].overdue
    ReviewItem.objects.filter(pk=item.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    page = queue_page(moderator)
    assert page.overdue == 1 and page.rows[0].overdue


def test_queue_and_items_are_for_moderators_only(make_member) -> None:
    member = make_member("m")
    with pytest.raises(Forbidden):
        queue_page(member)
    with pytest.raises(Forbidden):
        access_review_item(member, 1)
    with pytest.raises(NotFound):
        access_review_item(make_member("mod", moderator=True), 424242)


def test_item_context_has_thread_history_strikes_and_earlier_reports(make_member) -> None:
    mod = make_member("mod", moderator=True)
    author, reporter = make_member("author"), make_member("reporter")
    root = publish_post(author=reporter, text="A question")
    reply = publish_post(author=author, text="An answer", in_reply_to=root)
    old = publish_post(author=author, text="old")
    decide_item(moderator=mod, post=old, action="remove", reason="Spam.", category="spam")
    file_report(reporter=reporter, account=author, category="other")
    item = queued(file_report(reporter=reporter, post_ids=[reply.pk], category="harassment"))
    claim_item(moderator=mod, item=item)
    ctx = item_context(mod, item)
    assert ctx.post == reply and ctx.thread == [root] and ctx.account == author
    assert len(ctx.strikes) == 1 and ctx.suggested == "warn"
    assert len(ctx.reports) == 1 and len(ctx.earlier_reports) == 1
    assert ctx.claimed_by == mod and not ctx.overdue


def test_strike_ladder(make_member) -> None:
    mod, author = make_member("mod", moderator=True), make_member("author")
    assert suggested_action(author) == "remove"
    for n in range(4):
        post = publish_post(author=author, text=f"p{n}")
        decide_item(moderator=mod, post=post, action="remove", reason="Spam.", category="spam")
    assert suggested_action(author) == "ban"


def test_deadlines_default_and_operator_override(settings) -> None:
    assert review_deadline("violent_threat") == timedelta(hours=1)
    assert review_deadline("illegal") == timedelta(hours=24)
    assert review_deadline("other") == timedelta(hours=72)
    settings.PARLEY_REVIEW_DEADLINES = {"other": 12}
    assert review_deadline("other") == timedelta(hours=12)


def test_content_at_url_only_knows_this_server(make_member) -> None:
    author = make_member("author")
    post = publish_post(author=author, text="x")
    assert content_at_url(f"http://testserver/posts/{post.pk}") == (post, author)
    assert content_at_url("http://testserver/@author") == (None, author)
    assert content_at_url(f"https://evil.example/posts/{post.pk}") == (None, None)
    assert content_at_url("javascript:alert(1)") == (None, None)
    assert content_at_url("http://testserver/nothing/here") == (None, None)


def test_statements_belong_to_their_member(make_member) -> None:
    mod, author, other = (
        make_member("mod", moderator=True),
        make_member("author"),
        make_member("other"),
    )
    post = publish_post(author=author, text="x")
    statement = decide_item(moderator=mod, post=post, action="remove", reason="Spam.", category="spam").statement
    assert statement is not None
    assert access_statement(author, statement.pk) == statement
    with pytest.raises(NotFound):
        access_statement(other, statement.pk)
    assert can_appeal(statement)
    assert not can_appeal(statement, now=timezone.now() + timedelta(days=200))


def test_tdb_export_has_the_required_fields_and_no_personal_data(make_member) -> None:
    mod, author = make_member("mod", moderator=True), make_member("secretname")
    post = publish_post(author=author, text="x")
    decide_item(
        moderator=mod,
        post=post,
        action="remove",
        category="hate",
        reason="@secretname wrote this about secretname@example.org",
        manifest=True,
    )
    period = Period(start=timezone.now() - timedelta(days=1), end=timezone.now() + timedelta(days=1))
    [record] = [tdb_statement(s) for s in statements_in(period)]
    for field in (
        "puid",
        "decision_visibility",
        "decision_ground",
        "category",
        "content_type",
        "content_date",
        "application_date",
        "decision_facts",
        "source_type",
        "automated_detection",
        "automated_decision",
    ):
        assert record[field], field
    assert record["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert record["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert "secretname" not in str(record)


def test_transparency_report_counts(make_member) -> None:
    mod, mod2 = make_member("mod", moderator=True), make_member("mod2", moderator=True)
    author, reporter = make_member("author"), make_member("reporter")
    post = publish_post(author=author, text="x")
    file_notice(
        url=f"http://testserver/posts/{post.pk}",
        explanation="Illegal.",
        category="illegal",
        name="N",
        email="n@example.org",
        good_faith=True,
    )
    item = queued(file_report(reporter=reporter, post_ids=[post.pk], category="spam"))
    statement = decide_item(moderator=mod, item=item, action="remove", reason="Spam.").statement
    assert statement is not None
    appeal = file_appeal(appellant=author, statement=statement, text="Please.")
    decide_appeal(moderator=mod2, appeal=appeal, founded=True, reason="Fine after all.")
    decide_item(moderator=mod, account=author, action="suspend", reason="x", days=1)
    period = Period(start=timezone.now() - timedelta(days=1), end=timezone.now() + timedelta(days=1))
    report = transparency_report(period)
    assert report["notices"]["total"] == 1 and report["notices"]["by_category"] == [{"category": "illegal", "count": 1}]
    assert report["reports"]["total"] == 1
    assert report["appeals"] == {
        "received": 1,
        "decided": 1,
        "founded_and_reversed": 1,
        "rejected": 0,
        "median_hours_to_decision": report["appeals"]["median_hours_to_decision"],
    }
    assert report["suspensions"]["temporary"] == 1
    assert {"action": "remove", "automated": False, "count": 1} in report["actions"]["by_type"]
    assert report["review_items"]["closed"] == 2  # the report's item and the appeal's item
    assert report["review_items"]["median_hours_to_decision"] is not None
    assert {"source": ReviewSource.APPEAL, "count": 1} in report["review_items"]["opened_by_source"]


def test_reportable_post_hidden_by_block_is_still_reportable(make_member) -> None:
    author, reporter = make_member("author"), make_member("reporter")
    post = publish_post(author=author, text="x")
    block(blocker=author, target=reporter)
    assert reportable_post(reporter, post.pk) == post
    with pytest.raises(NotFound):
        reportable_post(reporter, "not-a-number")


def test_access_moderation_action_is_for_moderators_and_known_decisions(make_member) -> None:
    mod, member = make_member("mod", moderator=True), make_member("member")
    post = publish_post(author=make_member("author"), text="Buy cheap watches now")
    decided = decide_item(moderator=mod, post=post, action="remove", category="spam", reason="Spam.")
    assert access_moderation_action(moderator=mod, action_id=decided.action.pk) == decided.action
    assert access_moderation_action(moderator=mod, action_id=str(decided.action.pk)) == decided.action
    for viewer in (member, None):
        with pytest.raises(Forbidden):
            access_moderation_action(moderator=viewer, action_id=decided.action.pk)
    for unknown in (decided.action.pk + 1, "nope", ""):
        with pytest.raises(NotFound, match="No such decision"):
            access_moderation_action(moderator=mod, action_id=unknown)


def test_access_evidence_package_is_for_moderators_and_known_packages(make_member) -> None:
    mod, member = make_member("mod", moderator=True), make_member("member")
    post = publish_post(author=make_member("author"), text="A post someone finds threatening.")
    package = escalate(moderator=mod, post=post, authority="Police", reason="Threat.")
    assert access_evidence_package(moderator=mod, package_id=package.pk) == package
    assert access_evidence_package(moderator=mod, package_id=str(package.pk)) == package
    for viewer in (member, None):
        with pytest.raises(Forbidden):
            access_evidence_package(moderator=viewer, package_id=package.pk)
    for unknown in (package.pk + 1, "nope", ""):
        with pytest.raises(NotFound, match="No such evidence package"):
            access_evidence_package(moderator=mod, package_id=unknown)
