"""Members report accounts and posts; a report opens (or joins) a review item."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import Forbidden, ValidationFailed
from parley.posts.models import Post, Visibility
from parley.safety.actions._checks import check_category, check_reporting_allowed
from parley.safety.actions.queue import queue_for_review
from parley.safety.models import Report, ReportStatus, ReviewItem, ReviewSource
from parley.safety.policy import REPORT_COMMENT_MAX
from parley.safety.queries import reportable_post
from parley.screening.records import screen_content, store_screening

MAX_POSTS_PER_REPORT = 20


def file_report(
    *,
    reporter: User,
    category: str,
    account: User | None = None,
    post_ids: Sequence[int | str] = (),
    comment: str = "",
    forward: bool = False,
) -> Report:
    """A member reports an account, optionally with posts of it; works even when blocked by it."""
    if not reporter.is_active or reporter.is_suspended:
        raise Forbidden(_("Your account is suspended."))
    check_reporting_allowed(account=reporter)
    check_category(category)
    comment = _clean_comment(comment)
    posts = _reported_posts(reporter, post_ids)
    account = _reported_account(reporter, account=account, posts=posts)
    _check_not_reported_yet(reporter, account=account, posts=posts)
    with transaction.atomic():
        report = Report.objects.create(
            reporter=reporter,
            account=account,
            category=category,
            comment=comment,
            forwarded=forward,
        )
        report.posts.set(posts)
        item = _queue_report(report, posts=posts)
        _screen_reported_messages([p for p in posts if p.visibility == Visibility.DIRECT], item)
        record_audit(
            actor=reporter,
            action="report.file",
            target=report,
            after={"account": account.pk, "posts": [p.pk for p in posts], "category": category},
        )
    return report


def _clean_comment(comment: str) -> str:
    comment = comment.strip()
    if "\x00" in comment:
        raise ValidationFailed(_("The comment contains characters that are not allowed."))
    if len(comment) > REPORT_COMMENT_MAX:
        raise ValidationFailed(_("The comment can have at most %(n)d characters.") % {"n": REPORT_COMMENT_MAX})
    return comment


def _reported_posts(reporter: User, post_ids: Sequence[int | str]) -> list[Post]:
    """The posts named, each once; one the reporter may not report answers NotFound."""
    ids = list(dict.fromkeys(str(i) for i in post_ids))
    if len(ids) > MAX_POSTS_PER_REPORT:
        raise ValidationFailed(_("A report can include at most %(n)d posts.") % {"n": MAX_POSTS_PER_REPORT})
    return [reportable_post(reporter, pid) for pid in ids]


def _reported_account(reporter: User, *, account: User | None, posts: list[Post]) -> User:
    """The account reported: the one named, or the posts' author; never the reporter."""
    if account is None:
        if not posts:
            raise ValidationFailed(_("Choose an account or a post to report."))
        account = posts[0].author
    if any(post.author_id != account.pk for post in posts):
        raise ValidationFailed(_("All the reported posts must be by the reported account."))
    if account.pk == reporter.pk:
        raise ValidationFailed(_("You cannot report yourself."))
    return account


def _check_not_reported_yet(reporter: User, *, account: User, posts: list[Post]) -> None:
    earlier = Report.objects.filter(reporter=reporter, status=ReportStatus.OPEN)
    if posts and earlier.filter(posts__in=posts).exists():
        raise ValidationFailed(_("You have already reported this post; moderators will look at it."))
    if not posts and earlier.filter(account=account, posts__isnull=True).exists():
        raise ValidationFailed(_("You have already reported this account; moderators will look at it."))


def _queue_report(report: Report, *, posts: list[Post]) -> ReviewItem:
    """The first post reported, or else the account, goes to the queue with the report's reason."""
    subject: Post | User = posts[0] if posts else report.account
    item = queue_for_review(
        subject,
        source=ReviewSource.REPORT,
        category=report.category,
        reason={"source": "report", "category": report.category, "explanation": report.comment},
    )
    report.review_item = item
    report.save(update_fields=["review_item"])
    return item


def _screen_reported_messages(messages: Sequence[Post], item: ReviewItem) -> None:
    """Direct messages meet only the DM rules when sent (privacy); once a participant reports
    one, every detector reads it, so the moderator sees the scores and a threat in a DM jumps
    the queue like a public one."""
    for message in messages:
        verdict = screen_content(
            text=message.text,
            kind="dm",
            author_joined=message.author.date_joined,
            language=message.language,
            reported=True,
        )
        screening = store_screening(content=message, kind="dm", verdict=verdict)
        if item.screening_id is None:
            item.screening = screening
            item.save(update_fields=["screening"])
        for reason in verdict.reasons:
            if reason.get("action") in ("hold", "reject"):
                queue_for_review(message, source=ReviewSource.REPORT, category=str(reason["category"]), reason=reason)
