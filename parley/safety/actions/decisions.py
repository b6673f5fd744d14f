"""Moderator decisions on review items, posts and accounts; their reversal; and the statements
of reasons for labels that screening put on by itself."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.accounts.actions import absolute_url, suspend_member, unsuspend_member
from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import Forbidden, NotFound, ValidationFailed
from parley.posts.actions import announce_post
from parley.posts.models import NotificationKind, Post, PostState
from parley.posts.notifications import notify
from parley.safety.actions._checks import check_category, require_reason
from parley.safety.actions._messages import mail, send_statement, tell_member
from parley.safety.actions._restrictions import (
    RESTRICTION_TEXT,
    post_state,
    revoke_api_tokens,
    snapshot,
    state_reasons,
)
from parley.safety.actions.misuse import check_illegal_content_misuse, check_report_misuse
from parley.safety.actions.notices import notice_path
from parley.safety.actions.queue import mark_item_closed
from parley.safety.models import (
    ActionType,
    BannedEmail,
    IllegalContentNotice,
    ModerationAction,
    NoticeStatus,
    Report,
    ReportStatus,
    ReviewItem,
    ReviewStatus,
    StatementOfReasons,
    Strike,
)
from parley.safety.policy import report_category
from parley.safety.queries import active_claimant, item_subject, open_item_for, require_moderator
from parley.screening.models import ScreeningDecision
from parley.screening.policy import APPEAL_WINDOW_MONTHS

MAX_SUSPENSION_DAYS = 365
# Actions that restrict a member's content or account: each gets a statement of reasons.
RESTRICTIONS = frozenset(
    {
        ActionType.REMOVE,
        ActionType.LABEL_SENSITIVE,
        ActionType.LABEL_DISPUTED,
        ActionType.LIMIT_REACH,
        ActionType.WARN,
        ActionType.SUSPEND,
        ActionType.BAN,
    }
)
POST_ACTIONS = frozenset(
    {
        ActionType.REMOVE,
        ActionType.LABEL_SENSITIVE,
        ActionType.LABEL_DISPUTED,
        ActionType.LIMIT_REACH,
    }
)
# Violations that count as a strike against the account.
STRIKING = frozenset({ActionType.REMOVE, ActionType.WARN, ActionType.SUSPEND, ActionType.BAN})


@dataclass(frozen=True)
class Decided:
    action: ModerationAction
    statement: StatementOfReasons | None


def decide_item(
    *,
    moderator: User,
    action: str,
    reason: str,
    item: ReviewItem | None = None,
    post: Post | None = None,
    account: User | None = None,
    category: str = "",
    days: int | None = None,
    manifest: bool = False,
    automated: bool = False,
) -> Decided:
    """Take one moderation action on an item (or directly on a post or account) and close the item.

    `manifest` marks the content as manifestly illegal, or, for a dismissal, the reports and
    notices as manifestly unfounded: both count towards DSA 23 misuse suspensions.
    """
    require_moderator(moderator)
    action_type = _decision_type(action)
    reason = require_reason(reason)
    item, post, account, category = _decision_subject(item=item, post=post, account=account, category=category)
    if action_type in POST_ACTIONS and post is None:
        raise ValidationFailed(_("This action applies to a post; choose one."))
    until = _suspension_end(action_type, days)
    if account.pk == moderator.pk and action_type != ActionType.DISMISS:
        raise Forbidden(_("You cannot moderate your own content or account."))

    with transaction.atomic():
        item = _lock_open_item(item, moderator=moderator) if item is not None else None
        post = Post.objects.select_for_update().get(pk=post.pk) if post is not None else None
        before = snapshot(post, account)
        record = ModerationAction.objects.create(
            action=action_type,
            actor=moderator,
            automated=automated,
            target_account=account,
            post=post,
            post_ref=post.pk if post else None,
            review_item=item,
            category=category,
            reason=reason,
            policy_clause=report_category(category).clause,
            manifestly_illegal=manifest and action_type != ActionType.DISMISS,
            until=until,
            before=before,
        )
        _carry_out(record, post=post, account=account)
        _audit_decision(record, post=post, account=account, before=before)
        statement = _state_restriction(record, account=account, post=post, item=item)
        _count_strike(record, account=account)
        if item is not None:
            unfounded = manifest and action_type == ActionType.DISMISS
            _close_item(item, moderator=moderator, outcome=action_type, manifest_unfounded=unfounded)
        if record.manifestly_illegal:
            check_illegal_content_misuse(account, moderator=moderator)
    return Decided(action=record, statement=statement)


def _decision_type(action: str) -> ActionType:
    """The action asked for, if decide_item takes it (restore and escalate have their own)."""
    try:
        action_type = ActionType(action)
    except ValueError as exc:
        raise ValidationFailed(_("Unknown moderation action.")) from exc
    if action_type in (ActionType.RESTORE, ActionType.ESCALATE):
        raise ValidationFailed(_("Use the restore or escalate action for this."))
    return action_type


def _decision_subject(
    *, item: ReviewItem | None, post: Post | None, account: User | None, category: str
) -> tuple[ReviewItem | None, Post | None, User, str]:
    """The item, post, account and category decided on, each filled in from the others."""
    if item is None and (post is not None or account is not None):
        # Acting on content directly still answers the reports and notices waiting on it.
        item = open_item_for(post if post is not None else account)
    if item is not None:
        subject_post, subject_account, appeal = item_subject(item)
        if appeal is not None:
            raise ValidationFailed(_("Decide an appeal with the appeal form."))
        post, account = post or subject_post, account or subject_account
        category = category or item.category
    if post is not None:
        account = post.author
    if account is None:
        raise NotFound(_("The content of this item no longer exists."))
    category = category or "other"
    check_category(category)
    return item, post, account, category


def _suspension_end(action_type: ActionType, days: int | None) -> datetime | None:
    if action_type != ActionType.SUSPEND:
        return None
    if days is None or not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise ValidationFailed(_("Give a suspension length between 1 and %(n)d days.") % {"n": MAX_SUSPENSION_DAYS})
    return timezone.now() + timedelta(days=days)


def _lock_open_item(item: ReviewItem, *, moderator: User) -> ReviewItem:
    """The item, locked, if it is still open and no other moderator holds it."""
    item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ReviewStatus.OPEN:
        raise ValidationFailed(_("This item is already closed."))
    holder = active_claimant(item)
    if holder is not None and holder.pk != moderator.pk:
        raise Forbidden(_("%(name)s is working on this item.") % {"name": holder.username})
    return item


def _carry_out(record: ModerationAction, *, post: Post | None, account: User) -> None:
    """Do to the post or account what the decision says."""
    action_type = ActionType(record.action)
    if action_type == ActionType.REMOVE and post is not None:
        post.state = PostState.REMOVED
        post.save(update_fields=["state"])
    elif action_type == ActionType.LABEL_SENSITIVE and post is not None:
        post.sensitive = True
        post.save(update_fields=["sensitive"])
    elif action_type == ActionType.LABEL_DISPUTED and post is not None:
        post.disputed = True
        post.save(update_fields=["disputed"])
    elif action_type == ActionType.LIMIT_REACH and post is not None:
        post.limited = True
        post.save(update_fields=["limited"])
    elif action_type in (ActionType.SUSPEND, ActionType.BAN):
        # suspend_member revokes sessions on commit; suspended authors' content is hidden at once.
        suspend_member(user=account, actor=record.actor, reason=record.reason, until=record.until)
        revoke_api_tokens(account)
    if action_type == ActionType.BAN:
        BannedEmail.objects.get_or_create(
            email=account.email.strip().casefold(),
            defaults={"account": account, "action": record},
        )
    if action_type == ActionType.DISMISS and post is not None and post.state == PostState.PENDING:
        _publish_held_post(post, author=account)


def _publish_held_post(post: Post, *, author: User) -> None:
    """A held post that breaks no rule is published now, with its replies and mentions."""
    post.state = PostState.PUBLISHED
    post.save(update_fields=["state"])
    announce_post(post)
    tell_member(
        author,
        _("Your post was reviewed by a moderator and is now published."),
        link=reverse("web:post", args=[post.pk]),
    )


def _audit_decision(record: ModerationAction, *, post: Post | None, account: User, before: dict[str, Any]) -> None:
    if post is not None:
        post.refresh_from_db()
    record_audit(
        actor=record.actor,
        action=f"moderation.{ActionType(record.action).value}",
        target=post or account,
        reason=record.reason,
        before=before,
        after=snapshot(post, User.objects.get(pk=account.pk)),
    )


def _state_restriction(
    record: ModerationAction, *, account: User, post: Post | None, item: ReviewItem | None
) -> StatementOfReasons | None:
    """A restriction's statement of reasons, sent to the member; other decisions have none."""
    if ActionType(record.action) not in RESTRICTIONS:
        return None
    statement = state_reasons(record, account=account, post=post, item=item)
    send_statement(
        statement,
        _("%(what)s Reason: %(reason)s (%(clause)s). You can appeal within %(months)d months.")
        % {
            "what": statement.restriction,
            "reason": record.reason,
            "clause": record.policy_clause,
            "months": APPEAL_WINDOW_MONTHS,
        },
    )
    return statement


def _count_strike(record: ModerationAction, *, account: User) -> None:
    """A violation counts against the account; a label or a dismissal does not."""
    if ActionType(record.action) in STRIKING:
        Strike.objects.create(
            account=account, action=record, category=record.category, manifestly_illegal=record.manifestly_illegal
        )


_OUTCOME_TEXT = {
    ActionType.DISMISS: gettext_lazy("We reviewed it and found no violation of our rules or of the law."),
    ActionType.REMOVE: gettext_lazy("We removed the content."),
    ActionType.LABEL_SENSITIVE: gettext_lazy("We labelled the content as sensitive."),
    ActionType.LABEL_DISPUTED: gettext_lazy("We labelled the content as disputed."),
    ActionType.LIMIT_REACH: gettext_lazy("We limited the content's reach."),
    ActionType.WARN: gettext_lazy("We warned the account."),
    ActionType.SUSPEND: gettext_lazy("We suspended the account for a time."),
    ActionType.BAN: gettext_lazy("We banned the account."),
}


def _close_item(item: ReviewItem, *, moderator: User, outcome: ActionType, manifest_unfounded: bool) -> None:
    """Close the item and tell its reporters and notice senders the outcome."""
    now = timezone.now()
    mark_item_closed(item, moderator=moderator, resolution=outcome.value, at=now)
    told = str(_OUTCOME_TEXT[outcome])
    for report in item.reports.filter(status=ReportStatus.OPEN).select_related("reporter"):
        _resolve_report(report, outcome=outcome, told=told, now=now, unfounded=manifest_unfounded, moderator=moderator)
    for notice in item.notices.filter(status=NoticeStatus.RECEIVED):
        _decide_notice(notice, outcome=outcome, told=told, now=now, unfounded=manifest_unfounded, moderator=moderator)


def _resolve_report(
    report: Report, *, outcome: ActionType, told: str, now: datetime, unfounded: bool, moderator: User
) -> None:
    report.status, report.outcome, report.resolved_at = (
        ReportStatus.RESOLVED,
        outcome.value,
        now,
    )
    report.manifestly_unfounded = unfounded
    report.save(update_fields=["status", "outcome", "resolved_at", "manifestly_unfounded", "updated_at"])
    if report.reporter is not None:
        notify(
            recipient=report.reporter,
            actor=None,
            kind=NotificationKind.MODERATION,
            message=_("Your report was reviewed by a moderator. %(outcome)s") % {"outcome": told},
        )
        if unfounded:
            check_report_misuse(account=report.reporter, email="", moderator=moderator)


def _decide_notice(
    notice: IllegalContentNotice, *, outcome: ActionType, told: str, now: datetime, unfounded: bool, moderator: User
) -> None:
    """Record the decision on the notice and send it to its sender (DSA 16(5))."""
    notice.status, notice.outcome, notice.decided_at = NoticeStatus.DECIDED, outcome.value, now
    notice.decision = told
    notice.automated_decision = False
    notice.manifestly_unfounded = unfounded
    notice.save(
        update_fields=[
            "status",
            "outcome",
            "decided_at",
            "decision",
            "automated_decision",
            "manifestly_unfounded",
        ]
    )
    mail(
        to=notice.email,
        subject=_("Decision on your notice %(ref)s") % {"ref": notice.reference},
        body=_(
            "%(outcome)s\nThis decision was taken by a human moderator; automated means "
            "were not used to decide it. You can contest it with an out-of-court dispute "
            "settlement body or in court.\nDetails: %(url)s"
        )
        % {"outcome": told, "url": absolute_url(notice_path(notice))},
    )
    if unfounded:
        check_report_misuse(account=notice.submitter, email=notice.email, moderator=moderator)


def reverse_action(*, moderator: User, action: ModerationAction, reason: str) -> ModerationAction:
    """Undo a decision: the post and account return to their state before it."""
    require_moderator(moderator)
    reason = require_reason(reason)
    if action.action in (ActionType.DISMISS, ActionType.RESTORE, ActionType.ESCALATE):
        raise ValidationFailed(_("This decision restricted nothing, so there is nothing to restore."))
    with transaction.atomic():
        action = ModerationAction.objects.select_for_update().get(pk=action.pk)
        if action.reversed_at is not None:
            raise ValidationFailed(_("This decision was already reversed."))
        account = action.target_account
        post = Post.objects.select_for_update().filter(pk=action.post_ref).first() if action.post_ref else None
        before = snapshot(post, account)
        if post is not None and action.before.get("post"):
            _restore_post(post, previous=action.before["post"])
        _cancel(action, account=account, moderator=moderator, reason=reason)
        restore = ModerationAction.objects.create(
            action=ActionType.RESTORE,
            actor=moderator,
            target_account=account,
            post=post,
            post_ref=action.post_ref,
            category=action.category,
            reason=reason,
            reverses=action,
            policy_clause=action.policy_clause,
            before=before,
        )
        record_audit(
            actor=moderator,
            action="moderation.restore",
            target=post or account,
            reason=reason,
            before=before,
            after={**snapshot(post, account), "reverses": action.pk},
        )
        if account is not None:
            tell_member(
                account,
                _("A moderation decision on your %(what)s was reversed: %(reason)s")
                % {"what": _("post") if post else _("account"), "reason": reason},
            )
    return restore


def _restore_post(post: Post, *, previous: dict[str, Any]) -> None:
    """The post as it was before the decision; a post held then is published now."""
    was_hidden = post.state != PostState.PUBLISHED
    post.state = previous["state"] if previous["state"] != PostState.PENDING else PostState.PUBLISHED
    post.sensitive, post.disputed, post.limited = (
        previous["sensitive"],
        previous["disputed"],
        previous["limited"],
    )
    post.save(update_fields=["state", "sensitive", "disputed", "limited"])
    if was_hidden and post.state == PostState.PUBLISHED and previous["state"] == PostState.PENDING:
        announce_post(post)


def _cancel(action: ModerationAction, *, account: User | None, moderator: User, reason: str) -> None:
    """Lift the suspension or ban, cancel the strike and mark the decision reversed."""
    if account is not None and action.action in (ActionType.SUSPEND, ActionType.BAN):
        unsuspend_member(user=account, actor=moderator, reason=reason)
        BannedEmail.objects.filter(action=action).delete()
    Strike.objects.filter(action=action, cancelled_at__isnull=True).update(cancelled_at=timezone.now())
    action.reversed_at = timezone.now()
    action.save(update_fields=["reversed_at"])


def _state_automated(
    *,
    post: Post,
    screening: ScreeningDecision,
    action_type: ActionType,
    category: str,
    reason: str,
    before: dict[str, object],
) -> StatementOfReasons:
    """One fully automated restriction of a post: its record, statement, audit entry and notice."""
    record = ModerationAction.objects.create(
        action=action_type,
        actor=None,
        automated=True,
        target_account=post.author,
        post=post,
        post_ref=post.pk,
        category=category,
        reason=reason,
        policy_clause=report_category(category).clause,
        before={"post": before},
    )
    statement = state_reasons(record, account=post.author, post=post, item=None)
    record_audit(
        actor=None,
        action=f"moderation.{action_type.value}",
        target=post,
        reason=reason,
        after={"automated": True, "screening": screening.pk},
    )
    send_statement(
        statement,
        _("%(what)s This was decided automatically; you can appeal within %(months)d months.")
        % {"what": statement.restriction, "months": APPEAL_WINDOW_MONTHS},
    )
    return statement


@transaction.atomic
def state_automated_label(*, post: Post, screening: ScreeningDecision) -> list[StatementOfReasons]:
    """Statements of reasons for labels that screening put on a post by itself (DSA 17).

    Called by the screening seam after a "label" decision; each label is a fully automated
    restriction that the author can appeal like any other.
    """
    statements = []
    for label in screening.labels:
        action_type = ActionType.LABEL_DISPUTED if label == "disputed" else ActionType.LABEL_SENSITIVE
        reason = next(
            (str(r.get("explanation", "")) for r in screening.reasons if r.get("category") == label),
            "",
        ) or str(RESTRICTION_TEXT[action_type])
        before = {**post_state(post), "sensitive": False, "disputed": False}
        statements.append(
            _state_automated(
                post=post, screening=screening, action_type=action_type, category=label, reason=reason, before=before
            )
        )
    return statements


@transaction.atomic
def state_automated_refusal(*, post: Post, screening: ScreeningDecision) -> StatementOfReasons:
    """The statement of reasons for a post screening refused by itself (DSA 17).

    The refused post is kept, never shown; if an appeal succeeds, reversing this decision
    publishes it (its state before is recorded as pending, as for a held post).
    """
    top = screening.reasons[0] if screening.reasons else {}
    category = str(top.get("category", "other"))
    reason = str(top.get("explanation", "")) or str(RESTRICTION_TEXT[ActionType.REMOVE])
    before = {**post_state(post), "state": PostState.PENDING}
    return _state_automated(
        post=post, screening=screening, action_type=ActionType.REMOVE, category=category, reason=reason, before=before
    )
