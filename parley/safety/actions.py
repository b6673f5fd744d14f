"""Every trust-and-safety change goes through one function here.

Each moderator decision is atomic, writes the audit log with the state before and after,
produces a statement of reasons for any restriction, tells the member (notification and email),
tells the reporters and notice senders the outcome, and closes the review item.
"""

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.accounts.actions import absolute_url, suspend_member, unsuspend_member
from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import Forbidden, NotFound, ValidationFailed
from parley.posts.actions import announce_post
from parley.posts.models import Notification, NotificationKind, Post, PostState, Visibility
from parley.posts.notifications import notify
from parley.safety.models import (
    ActionType,
    Appeal,
    AppealStatus,
    AutomationLevel,
    BannedEmail,
    EvidencePackage,
    IllegalContentNotice,
    MisuseWarning,
    ModerationAction,
    NoticeStatus,
    Report,
    ReportingSuspension,
    ReportStatus,
    ReviewClaim,
    ReviewItem,
    ReviewSource,
    ReviewStatus,
    StatementOfReasons,
    Strike,
    TrustedFlagger,
)
from parley.safety.policy import (
    APPEAL_TEXT_MAX,
    APPEAL_WINDOW,
    CSAM_CATEGORY,
    NOTICE_EXPLANATION_MAX,
    REDRESS_TEXT,
    REPORT_CATEGORY_BY_NAME,
    REPORT_COMMENT_MAX,
    SEVERITY_RANK,
    dispute_bodies,
    report_category,
    review_deadline,
)
from parley.safety.queries import (
    active_claimant,
    content_at_url,
    item_subject,
    manifestly_illegal_count,
    open_item_for,
    reportable_post,
    reporting_suspended_until,
    require_moderator,
    unfounded_report_count,
)
from parley.screening.models import ScreeningDecision
from parley.screening.policy import CATEGORY_BY_NAME
from parley.screening.records import screen_content, store_screening
from parley.screening.verdict import ScreeningVerdict

MAX_POSTS_PER_REPORT = 20
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


class FormRejected(ValidationFailed):
    """Several fields were wrong; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(" ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


def _mail(*, to: str, subject: str, body: str, language: str = "") -> None:
    """Email after commit: a rolled-back decision must not have told anyone anything."""
    if not to:
        return

    def send() -> None:
        with translation.override(language or translation.get_language()):
            send_mail(
                subject=subject,
                message=body,
                from_email=None,
                recipient_list=[to],
                fail_silently=True,
            )

    transaction.on_commit(send)


def _tell_member(member: User, message: str, *, link: str = "") -> Notification | None:
    """A moderation notification in the app and the same words by email."""
    note = notify(recipient=member, actor=None, kind=NotificationKind.MODERATION, message=message)
    body = message + (f"\n\n{absolute_url(link)}" if link else "")
    _mail(
        to=member.email,
        subject=_("A moderation decision on %(site)s") % {"site": settings.PARLEY_INSTANCE_NAME},
        body=body,
        language=member.language,
    )
    return note


def _send_statement(statement: StatementOfReasons, message: str) -> None:
    """Tell the member; the notification keeps its statement (Mastodon's account warning)."""
    assert statement.account is not None
    note = _tell_member(statement.account, message, link=reverse("web:moderation_decision", args=[statement.pk]))
    if note is not None:
        statement.notification = note
        statement.save(update_fields=["notification"])


def _check_category(category: str) -> None:
    if category not in REPORT_CATEGORY_BY_NAME:
        raise ValidationFailed(_("Choose one of the listed categories."))


def _check_reporting_allowed(*, account: User | None, email: str = "") -> None:
    until = reporting_suspended_until(account=account, email=email)
    if until is not None:
        raise Forbidden(
            _("Your reports are paused until %(date)s because earlier ones were manifestly unfounded.")
            % {"date": f"{until:%Y-%m-%d %H:%M} UTC"}
        )


def _queue(content: Post | User, *, source: str, category: str, reason: dict[str, Any]) -> ReviewItem:
    """Open a review item for the content, or merge into the one already open for it."""
    cat = report_category(category)
    due = timezone.now() + review_deadline(category)
    item = open_item_for(content)
    if item is None:
        return ReviewItem.objects.create(
            content_type=ContentType.objects.get_for_model(content),
            object_id=str(content.pk),
            source=source,
            category=category,
            severity=cat.severity,
            reasons=[reason],
            due_at=due,
        )
    item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if SEVERITY_RANK[cat.severity] < SEVERITY_RANK.get(item.severity, 9):
        item.severity, item.category = cat.severity, category
    item.due_at = min(item.due_at, due)
    item.save(update_fields=["severity", "category", "due_at"])
    return item


@transaction.atomic
def open_screening_review(
    *, content: models.Model, verdict: ScreeningVerdict, screening: ScreeningDecision
) -> ReviewItem:
    """Queue held content for a human moderator, under its most serious reason's category.

    An edit of a post already waiting for review updates that item rather than queueing twice.
    """
    content_type = ContentType.objects.get_for_model(content)
    top = verdict.reasons[0] if verdict.reasons else {"category": "spam"}
    category = CATEGORY_BY_NAME[str(top["category"])]
    deadline = timezone.now() + review_deadline(category.name)
    item = ReviewItem.objects.filter(
        content_type=content_type,
        object_id=str(content.pk),
        source=ReviewSource.SCREENING,
        status=ReviewStatus.OPEN,
    ).first()
    if item is None:
        return ReviewItem.objects.create(
            content_type=content_type,
            object_id=str(content.pk),
            source=ReviewSource.SCREENING,
            category=category.name,
            severity=category.severity,
            reasons=list(verdict.reasons),
            screening=screening,
            due_at=deadline,
        )
    item.category, item.severity = category.name, category.severity
    item.reasons, item.screening = list(verdict.reasons), screening
    item.due_at = min(item.due_at, deadline)
    item.save(update_fields=["category", "severity", "reasons", "screening", "due_at"])
    return item


# Reports and notices -------------------------------------------------------------------------


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
                _queue(message, source=ReviewSource.REPORT, category=str(reason["category"]), reason=reason)


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
    _check_reporting_allowed(account=reporter)
    _check_category(category)
    comment = comment.strip()
    if "\x00" in comment:
        raise ValidationFailed(_("The comment contains characters that are not allowed."))
    if len(comment) > REPORT_COMMENT_MAX:
        raise ValidationFailed(_("The comment can have at most %(n)d characters.") % {"n": REPORT_COMMENT_MAX})
    ids = list(dict.fromkeys(str(i) for i in post_ids))
    if len(ids) > MAX_POSTS_PER_REPORT:
        raise ValidationFailed(_("A report can include at most %(n)d posts.") % {"n": MAX_POSTS_PER_REPORT})
    posts = [reportable_post(reporter, pid) for pid in ids]
    if account is None:
        if not posts:
            raise ValidationFailed(_("Choose an account or a post to report."))
        account = posts[0].author
    if any(post.author_id != account.pk for post in posts):
        raise ValidationFailed(_("All the reported posts must be by the reported account."))
    if account.pk == reporter.pk:
        raise ValidationFailed(_("You cannot report yourself."))
    earlier = Report.objects.filter(reporter=reporter, status=ReportStatus.OPEN)
    if posts and earlier.filter(posts__in=posts).exists():
        raise ValidationFailed(_("You have already reported this post; moderators will look at it."))
    if not posts and earlier.filter(account=account, posts__isnull=True).exists():
        raise ValidationFailed(_("You have already reported this account; moderators will look at it."))
    with transaction.atomic():
        report = Report.objects.create(
            reporter=reporter,
            account=account,
            category=category,
            comment=comment,
            forwarded=forward,
        )
        report.posts.set(posts)
        subject: Post | User = posts[0] if posts else account
        report.review_item = _queue(
            subject,
            source=ReviewSource.REPORT,
            category=category,
            reason={"source": "report", "category": category, "explanation": comment},
        )
        report.save(update_fields=["review_item"])
        _screen_reported_messages([p for p in posts if p.visibility == Visibility.DIRECT], report.review_item)
        record_audit(
            actor=reporter,
            action="report.file",
            target=report,
            after={"account": account.pk, "posts": [p.pk for p in posts], "category": category},
        )
    return report


def _new_reference() -> str:
    return "N-" + get_random_string(10, allowed_chars="ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


def file_notice(
    *,
    url: str,
    explanation: str,
    category: str,
    name: str = "",
    email: str = "",
    good_faith: bool,
    submitter: User | None = None,
) -> IllegalContentNotice:
    """Anyone's notice of illegal content (DSA 16); returns it with its reference."""
    errors: dict[str, list[str]] = {}
    url, explanation, name, email = url.strip(), explanation.strip(), name.strip(), email.strip()
    if category not in REPORT_CATEGORY_BY_NAME:
        errors["category"] = [_("Choose one of the listed categories.")]
    if not explanation:
        errors["explanation"] = [_("Explain why you believe this content is illegal.")]
    elif len(explanation) > NOTICE_EXPLANATION_MAX or "\x00" in explanation:
        errors["explanation"] = [
            _("The explanation can have at most %(n)d characters.") % {"n": NOTICE_EXPLANATION_MAX}
        ]
    post, account = content_at_url(url)
    if post is None and account is None:
        errors["url"] = [_("Give the exact address of a post or profile on this server.")]
    csam = category == CSAM_CATEGORY
    if not name and not csam:
        errors["name"] = [_("Give your name (optional only for child sexual abuse material).")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    elif not csam:
        errors["email"] = [_("Give your email address (optional only for child sexual abuse material).")]
    if not good_faith:
        errors["good_faith"] = [_("Confirm that you believe in good faith that the notice is accurate and complete.")]
    if errors:
        raise FormRejected(errors)
    _check_reporting_allowed(account=submitter, email=email)
    flagger = TrustedFlagger.objects.filter(user=submitter, active=True).first() if submitter is not None else None
    with transaction.atomic():
        notice = IllegalContentNotice.objects.create(
            reference=_new_reference(),
            access_token=secrets.token_urlsafe(24),
            category=category,
            explanation=explanation,
            url=url[:500],
            post=post,
            account=account,
            name=name[:200],
            email=email,
            good_faith=good_faith,
            submitter=submitter,
            trusted_flagger=flagger,
        )
        subject: Post | User = post if post is not None else account  # type: ignore[assignment]  # one is set
        notice.review_item = _queue(
            subject,
            source=ReviewSource.NOTICE,
            category=category,
            reason={
                "source": "notice",
                "category": category,
                "trusted_flagger": flagger is not None,
            },
        )
        notice.save(update_fields=["review_item"])
        record_audit(
            actor=submitter,
            action="notice.file",
            target=notice,
            after={
                "reference": notice.reference,
                "category": category,
                "trusted": flagger is not None,
            },
        )
        _mail(
            to=email,
            subject=_("We received your notice %(ref)s") % {"ref": notice.reference},
            body=_(
                "Thank you. We received your notice and will decide without undue delay.\n"
                "Reference: %(ref)s\nFollow it here: %(url)s"
            )
            % {"ref": notice.reference, "url": absolute_url(notice_path(notice))},
        )
    return notice


def notice_path(notice: IllegalContentNotice) -> str:
    return reverse("web:notice_status", args=[notice.reference, notice.access_token])


# Claims --------------------------------------------------------------------------------------


@transaction.atomic
def claim_item(*, moderator: User, item: ReviewItem) -> ReviewItem:
    """Take an item so that no other moderator works it at the same time."""
    require_moderator(moderator)
    item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ReviewStatus.OPEN:
        raise ValidationFailed(_("This item is already closed."))
    holder = active_claimant(item)
    if holder is not None and holder.pk != moderator.pk:
        raise Forbidden(_("%(name)s is already working on this item.") % {"name": holder.username})
    ReviewClaim.objects.update_or_create(item=item, defaults={"moderator": moderator, "claimed_at": timezone.now()})
    record_audit(actor=moderator, action="review.claim", target=item)
    return item


@transaction.atomic
def release_item(*, moderator: User, item: ReviewItem) -> None:
    require_moderator(moderator)
    holder = active_claimant(item)
    if holder is not None and holder.pk != moderator.pk:
        raise Forbidden(_("%(name)s is working on this item.") % {"name": holder.username})
    ReviewClaim.objects.filter(item=item).delete()
    record_audit(actor=moderator, action="review.release", target=item)


@transaction.atomic
def reopen_item(*, moderator: User, item: ReviewItem) -> ReviewItem:
    """Put a closed item back in the queue (its reports open again); earlier actions stand."""
    require_moderator(moderator)
    item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if item.status == ReviewStatus.OPEN:
        raise ValidationFailed(_("This item is already open."))
    before = {"status": item.status, "resolution": item.resolution}
    item.status, item.closed_at, item.closed_by, item.resolution = ReviewStatus.OPEN, None, None, ""
    item.due_at = max(item.due_at, timezone.now() + review_deadline(item.category))
    item.save(update_fields=["status", "closed_at", "closed_by", "resolution", "due_at"])
    item.reports.update(status=ReportStatus.OPEN, resolved_at=None, outcome="")
    record_audit(
        actor=moderator,
        action="review.reopen",
        target=item,
        before=before,
        after={"status": item.status},
    )
    return item


# Decisions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    action: ModerationAction
    statement: StatementOfReasons | None


def _post_state(post: Post) -> dict[str, Any]:
    return {
        "state": post.state,
        "sensitive": post.sensitive,
        "disputed": post.disputed,
        "limited": post.limited,
    }


def _account_state(account: User) -> dict[str, Any]:
    return {
        "suspended_at": account.suspended_at.isoformat() if account.suspended_at else None,
        "suspended_until": account.suspended_until.isoformat() if account.suspended_until else None,
    }


def _source_of(item: ReviewItem | None) -> tuple[str, bool]:
    """(DSA source type, whether automation detected it) for a statement of reasons."""
    if item is None:
        return "own_initiative", False
    if item.source == ReviewSource.SCREENING:
        return "own_initiative", True
    if item.notices.filter(trusted_flagger__isnull=False).exists():
        return "trusted_flagger", False
    if item.notices.exists():
        return "notice", False
    if item.reports.exists():
        return "report", False
    return "own_initiative", False


_RESTRICTION_TEXT = {
    ActionType.REMOVE: gettext_lazy("Your post was removed and is no longer visible to anyone but you."),
    ActionType.LABEL_SENSITIVE: gettext_lazy("Your post was labelled as sensitive: it is hidden behind a warning."),
    ActionType.LABEL_DISPUTED: gettext_lazy("Your post was labelled as disputed: it is shown with a context label."),
    ActionType.LIMIT_REACH: gettext_lazy(
        "Your post's reach was limited: it no longer appears in public timelines or search."
    ),
    ActionType.WARN: gettext_lazy("You received a formal warning; repeated violations lead to suspension."),
    ActionType.SUSPEND: gettext_lazy("Your account was suspended until %(until)s."),
    ActionType.BAN: gettext_lazy("Your account was banned and its email address cannot be used to register again."),
}


def _restriction_text(action: ModerationAction) -> str:
    text = str(_RESTRICTION_TEXT[ActionType(action.action)])
    if action.action == ActionType.SUSPEND:
        text = text % {"until": f"{action.until:%Y-%m-%d %H:%M} UTC" if action.until else "-"}
    return text


def _state_reasons(
    action: ModerationAction, *, account: User, post: Post | None, item: ReviewItem | None
) -> StatementOfReasons:
    category = report_category(action.category)
    source, detected = _source_of(item)
    automated = (
        AutomationLevel.FULLY
        if action.automated
        else (AutomationLevel.PARTIALLY if detected else AutomationLevel.NOT_AUTOMATED)
    )
    return StatementOfReasons.objects.create(
        action=action,
        account=account,
        restriction=_restriction_text(action),
        facts=action.reason,
        automated_detection=detected or action.automated,
        automated_decision=automated,
        illegal_content=category.illegal and action.manifestly_illegal,
        legal_ground=category.title if category.illegal and action.manifestly_illegal else "",
        terms_clause=action.policy_clause,
        category=category.name,
        source=source,
        redress=str(REDRESS_TEXT),
        dispute_bodies=dispute_bodies(),
        content_date=post.created_at if post else None,
        content_language=post.language if post else "",
        has_media=post.media.exists() if post else False,
        end_date=action.until,
        appeal_until=timezone.now() + APPEAL_WINDOW,
    )


def _apply(
    action_type: ActionType,
    *,
    post: Post | None,
    account: User,
    actor: User | None,
    reason: str,
    until: Any,
) -> None:
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
        suspend_member(user=account, actor=actor, reason=reason, until=until)
        _revoke_api_tokens(account)


def _revoke_api_tokens(account: User) -> None:
    """Apps lose access with the browser sessions (hosting providers' suspension rule)."""
    from django.apps import apps

    if apps.is_installed("oauth2_provider"):
        from oauth2_provider.models import get_access_token_model, get_refresh_token_model

        get_refresh_token_model().objects.filter(user=account).delete()
        get_access_token_model().objects.filter(user=account).delete()


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
    try:
        action_type = ActionType(action)
    except ValueError as exc:
        raise ValidationFailed(_("Unknown moderation action.")) from exc
    if action_type in (ActionType.RESTORE, ActionType.ESCALATE):
        raise ValidationFailed(_("Use the restore or escalate action for this."))
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the decision: the member will read it."))
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
    _check_category(category)
    if action_type in POST_ACTIONS and post is None:
        raise ValidationFailed(_("This action applies to a post; choose one."))
    until = None
    if action_type == ActionType.SUSPEND:
        if days is None or not 1 <= days <= MAX_SUSPENSION_DAYS:
            raise ValidationFailed(_("Give a suspension length between 1 and %(n)d days.") % {"n": MAX_SUSPENSION_DAYS})
        until = timezone.now() + timedelta(days=days)
    if account.pk == moderator.pk and action_type != ActionType.DISMISS:
        raise Forbidden(_("You cannot moderate your own content or account."))

    with transaction.atomic():
        if item is not None:
            item = ReviewItem.objects.select_for_update().get(pk=item.pk)
            if item.status != ReviewStatus.OPEN:
                raise ValidationFailed(_("This item is already closed."))
            holder = active_claimant(item)
            if holder is not None and holder.pk != moderator.pk:
                raise Forbidden(_("%(name)s is working on this item.") % {"name": holder.username})
        if post is not None:
            post = Post.objects.select_for_update().get(pk=post.pk)
        before = {"post": _post_state(post) if post else None, "account": _account_state(account)}
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
        _apply(action_type, post=post, account=account, actor=moderator, reason=reason, until=until)
        if action_type == ActionType.BAN:
            BannedEmail.objects.get_or_create(
                email=account.email.strip().casefold(),
                defaults={"account": account, "action": record},
            )
        if action_type == ActionType.DISMISS and post is not None and post.state == PostState.PENDING:
            # A held post that breaks no rule is published now, with its replies and mentions.
            post.state = PostState.PUBLISHED
            post.save(update_fields=["state"])
            announce_post(post)
            _tell_member(
                account,
                _("Your post was reviewed by a moderator and is now published."),
                link=reverse("web:post", args=[post.pk]),
            )
        if post is not None:
            post.refresh_from_db()
        after = {
            "post": _post_state(post) if post else None,
            "account": _account_state(User.objects.get(pk=account.pk)),
        }
        record_audit(
            actor=moderator,
            action=f"moderation.{action_type.value}",
            target=post or account,
            reason=reason,
            before=before,
            after=after,
        )
        statement = None
        if action_type in RESTRICTIONS:
            statement = _state_reasons(record, account=account, post=post, item=item)
            _send_statement(
                statement,
                _("%(what)s Reason: %(reason)s (%(clause)s). You can appeal within 6 months.")
                % {"what": statement.restriction, "reason": reason, "clause": record.policy_clause},
            )
        if action_type in STRIKING:
            Strike.objects.create(
                account=account,
                action=record,
                category=category,
                manifestly_illegal=record.manifestly_illegal,
            )
        if item is not None:
            _close_item(
                item,
                moderator=moderator,
                outcome=action_type,
                manifest_unfounded=manifest and action_type == ActionType.DISMISS,
            )
        if record.manifestly_illegal:
            _check_illegal_content_misuse(account, moderator=moderator)
    return Decided(action=record, statement=statement)


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
    now = timezone.now()
    item.status, item.closed_at, item.closed_by, item.resolution = (
        ReviewStatus.CLOSED,
        now,
        moderator,
        outcome.value,
    )
    item.save(update_fields=["status", "closed_at", "closed_by", "resolution"])
    ReviewClaim.objects.filter(item=item).delete()
    told = str(_OUTCOME_TEXT[outcome])
    for report in item.reports.filter(status=ReportStatus.OPEN).select_related("reporter"):
        report.status, report.outcome, report.resolved_at = (
            ReportStatus.RESOLVED,
            outcome.value,
            now,
        )
        report.manifestly_unfounded = manifest_unfounded
        report.save(update_fields=["status", "outcome", "resolved_at", "manifestly_unfounded", "updated_at"])
        if report.reporter is not None:
            notify(
                recipient=report.reporter,
                actor=None,
                kind=NotificationKind.MODERATION,
                message=_("Your report was reviewed by a moderator. %(outcome)s") % {"outcome": told},
            )
            if manifest_unfounded:
                _check_report_misuse(account=report.reporter, email="", moderator=moderator)
    for notice in item.notices.filter(status=NoticeStatus.RECEIVED):
        notice.status, notice.outcome, notice.decided_at = NoticeStatus.DECIDED, outcome.value, now
        notice.decision = told
        notice.automated_decision = False
        notice.manifestly_unfounded = manifest_unfounded
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
        _mail(
            to=notice.email,
            subject=_("Decision on your notice %(ref)s") % {"ref": notice.reference},
            body=_(
                "%(outcome)s\nThis decision was taken by a human moderator; automated means "
                "were not used to decide it. You can contest it with an out-of-court dispute "
                "settlement body or in court.\nDetails: %(url)s"
            )
            % {"outcome": told, "url": absolute_url(notice_path(notice))},
        )
        if manifest_unfounded:
            _check_report_misuse(account=notice.submitter, email=notice.email, moderator=moderator)


# DSA 23 --------------------------------------------------------------------------------------


def _check_illegal_content_misuse(account: User, *, moderator: User) -> None:
    """Warn at the threshold; after that warning, the next such decision suspends for a time."""
    if manifestly_illegal_count(account) < settings.PARLEY_MISUSE_THRESHOLD or account.is_suspended:
        return
    kind = MisuseWarning.Kind.ILLEGAL_CONTENT
    if not MisuseWarning.objects.filter(account=account, kind=kind).exists():
        MisuseWarning.objects.create(account=account, kind=kind)
        record_audit(actor=moderator, action="misuse.warn", target=account, reason=kind)
        _tell_member(
            account,
            _(
                "Warning: several of your posts were manifestly illegal. If this happens again, "
                "your account will be suspended for a time."
            ),
        )
        return
    days = settings.PARLEY_MISUSE_SUSPENSION_DAYS
    record = ModerationAction.objects.create(
        action=ActionType.SUSPEND,
        actor=moderator,
        automated=False,
        target_account=account,
        category="illegal",
        reason=_("Frequently posting manifestly illegal content after a warning."),
        policy_clause="DSA Article 23(1); Terms §4.7",
        until=timezone.now() + timedelta(days=days),
        before={"account": _account_state(account)},
    )
    suspend_member(user=account, actor=moderator, reason=record.reason, until=record.until)
    _revoke_api_tokens(account)
    statement = _state_reasons(record, account=account, post=None, item=None)
    _send_statement(statement, statement.restriction)


def _check_report_misuse(*, account: User | None, email: str, moderator: User) -> None:
    """DSA 23(2): pause the reports and notices of someone who often sends unfounded ones."""
    if account is None and not email:
        return
    if unfounded_report_count(account=account, email=email) < settings.PARLEY_MISUSE_THRESHOLD:
        return
    kind = MisuseWarning.Kind.UNFOUNDED_REPORTS
    who: dict[str, Any] = {"account": account} if account else {"email": email.casefold()}
    message = ""
    if not MisuseWarning.objects.filter(kind=kind, **who).exists():
        MisuseWarning.objects.create(kind=kind, **who)
        message = _(
            "Warning: several of your reports were manifestly unfounded. If this continues, your "
            "reports will be paused for a time."
        )
    elif reporting_suspended_until(account=account, email=email) is None:
        days = settings.PARLEY_MISUSE_SUSPENSION_DAYS
        ReportingSuspension.objects.create(
            until=timezone.now() + timedelta(days=days), reason="DSA Article 23(2)", **who
        )
        message = _("Your reports and notices are paused for %(days)d days because many were manifestly unfounded.") % {
            "days": days
        }
    if not message:
        return
    record_audit(actor=moderator, action="misuse.reports", target=account, reason=message)
    if account is not None:
        _tell_member(account, message)
    else:
        _mail(to=email, subject=_("About your notices"), body=message)


# Restore, escalate, appeals ------------------------------------------------------------------


def reverse_action(*, moderator: User, action: ModerationAction, reason: str) -> ModerationAction:
    """Undo a decision: the post and account return to their state before it."""
    require_moderator(moderator)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the decision: the member will read it."))
    if action.action in (ActionType.DISMISS, ActionType.RESTORE, ActionType.ESCALATE):
        raise ValidationFailed(_("This decision restricted nothing, so there is nothing to restore."))
    with transaction.atomic():
        action = ModerationAction.objects.select_for_update().get(pk=action.pk)
        if action.reversed_at is not None:
            raise ValidationFailed(_("This decision was already reversed."))
        account = action.target_account
        post = Post.objects.select_for_update().filter(pk=action.post_ref).first() if action.post_ref else None
        before = {
            "post": _post_state(post) if post else None,
            "account": _account_state(account) if account else None,
        }
        if post is not None and action.before.get("post"):
            previous = action.before["post"]
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
        if account is not None and action.action in (ActionType.SUSPEND, ActionType.BAN):
            unsuspend_member(user=account, actor=moderator, reason=reason)
            BannedEmail.objects.filter(action=action).delete()
        Strike.objects.filter(action=action, cancelled_at__isnull=True).update(cancelled_at=timezone.now())
        action.reversed_at = timezone.now()
        action.save(update_fields=["reversed_at"])
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
            after={
                "post": _post_state(post) if post else None,
                "account": _account_state(account) if account else None,
                "reverses": action.pk,
            },
        )
        if account is not None:
            _tell_member(
                account,
                _("A moderation decision on your %(what)s was reversed: %(reason)s")
                % {"what": _("post") if post else _("account"), "reason": reason},
            )
    return restore


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
        ) or str(_RESTRICTION_TEXT[action_type])
        record = ModerationAction.objects.create(
            action=action_type,
            actor=None,
            automated=True,
            target_account=post.author,
            post=post,
            post_ref=post.pk,
            category=label,
            reason=reason,
            policy_clause=report_category(label).clause,
            before={"post": {**_post_state(post), "sensitive": False, "disputed": False}},
        )
        statement = _state_reasons(record, account=post.author, post=post, item=None)
        record_audit(
            actor=None,
            action=f"moderation.{action_type.value}",
            target=post,
            reason=reason,
            after={"automated": True, "screening": screening.pk},
        )
        _send_statement(
            statement,
            _("%(what)s This was decided automatically; you can appeal within 6 months.")
            % {"what": statement.restriction},
        )
        statements.append(statement)
    return statements


def escalate(
    *,
    moderator: User,
    item: ReviewItem | None = None,
    post: Post | None = None,
    authority: str = "",
    reason: str,
) -> EvidencePackage:
    """Report a threat to life or safety to the authorities (DSA 18) with an evidence package.

    The member is not told: informing a suspect could endanger the person threatened.
    """
    require_moderator(moderator)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the escalation."))
    account: User | None = None
    if item is not None:
        subject_post, account, _appeal = item_subject(item)
        post = post or subject_post
    if post is not None:
        account = post.author
    if account is None:
        raise NotFound(_("The content of this item no longer exists."))
    captured = _capture(post=post, account=account)
    with transaction.atomic():
        record = ModerationAction.objects.create(
            action=ActionType.ESCALATE,
            actor=moderator,
            target_account=account,
            post=post,
            post_ref=post.pk if post else None,
            review_item=item,
            category=item.category if item else "violent_threat",
            reason=reason,
            policy_clause="DSA Article 18",
        )
        package = EvidencePackage.objects.create(
            action=record,
            post_ref=post.pk if post else None,
            account_ref=account.pk,
            content=captured,
            sha256=hashlib.sha256(_canonical(captured)).hexdigest(),
            authority=authority.strip()[:200],
            created_by=moderator,
            retain_until=timezone.now() + timedelta(days=settings.PARLEY_EVIDENCE_RETENTION_DAYS),
        )
        _store_media_copies(package, post)
        record_audit(
            actor=moderator,
            action="moderation.escalate",
            target=post or account,
            reason=reason,
            after={
                "evidence": package.pk,
                "sha256": package.sha256,
                "authority": package.authority,
            },
        )
    return package


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _capture(*, post: Post | None, account: User) -> dict[str, Any]:
    """Content, metadata and timestamps, each part with its SHA-256, as of now."""
    data: dict[str, Any] = {
        "captured_at": timezone.now().isoformat(),
        "instance": settings.PARLEY_DOMAIN,
        "account": {
            "id": account.pk,
            "username": account.username,
            "display_name": account.display_name,
            "email": account.email,
            "date_joined": account.date_joined.isoformat(),
            "last_login": account.last_login.isoformat() if account.last_login else None,
        },
    }
    if post is not None:
        media = [
            {"name": m.file.name, "description": m.description, "sha256": _file_hash(m.file)} for m in post.media.all()
        ]
        data["post"] = {
            "id": post.pk,
            "url": absolute_url(reverse("web:post", args=[post.pk])),
            "text": post.text,
            "content_warning": post.content_warning,
            "visibility": post.visibility,
            "state": post.state,
            "created_at": post.created_at.isoformat(),
            "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            "in_reply_to": post.in_reply_to_id,
            "language": post.language,
            "media": media,
            "text_sha256": hashlib.sha256(post.text.encode()).hexdigest(),
            "edits": [{"text": e.text, "created_at": e.created_at.isoformat()} for e in post.edits.all()],
        }
    return data


def _file_hash(field: Any) -> str:
    digest = hashlib.sha256()
    with field.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _store_media_copies(package: EvidencePackage, post: Post | None) -> None:
    """Copies of the images, so the evidence survives the post's deletion."""
    if post is None:
        return
    for media in post.media.all():
        with media.file.open("rb") as handle:
            default_storage.save(
                f"evidence/{package.pk}/{media.file.name.rsplit('/', 1)[-1]}",
                ContentFile(handle.read()),
            )


def purge_expired_evidence(*, now: Any = None) -> int:
    """Delete evidence packages past their retention time, with their media copies."""
    now = now or timezone.now()
    expired = list(EvidencePackage.objects.filter(retain_until__lt=now))
    for package in expired:
        folder = f"evidence/{package.pk}"
        if default_storage.exists(folder):
            for name in default_storage.listdir(folder)[1]:
                default_storage.delete(f"{folder}/{name}")
        record_audit(actor=None, action="evidence.purge", target=package)
        package.delete()
    return len(expired)


def file_appeal(*, appellant: User, statement: StatementOfReasons, text: str) -> Appeal:
    """A free appeal against a decision, open for 6 months (DSA 20)."""
    if statement.account_id != appellant.pk:
        raise NotFound(_("No such decision."))
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Explain why you think the decision is wrong."))
    if len(text) > APPEAL_TEXT_MAX or "\x00" in text:
        raise ValidationFailed(_("The appeal can have at most %(n)d characters.") % {"n": APPEAL_TEXT_MAX})
    if timezone.now() > statement.appeal_until:
        raise ValidationFailed(_("The 6 months to appeal this decision have passed."))
    if statement.action.reversed_at is not None:
        raise ValidationFailed(_("This decision was already reversed."))
    if statement.appeals.exists():
        raise ValidationFailed(_("You have already appealed this decision."))
    with transaction.atomic():
        appeal = Appeal.objects.create(statement=statement, appellant=appellant, text=text)
        _queue_appeal(appeal, category=statement.category, text=text)
        record_audit(actor=appellant, action="appeal.file", target=appeal, after={"statement": statement.pk})
    return appeal


def _queue_appeal(appeal: Appeal, *, category: str, text: str) -> None:
    category = category or "other"
    appeal.review_item = ReviewItem.objects.create(
        content_type=ContentType.objects.get_for_model(Appeal),
        object_id=str(appeal.pk),
        source=ReviewSource.APPEAL,
        category=category,
        severity="medium",
        reasons=[{"source": "appeal", "category": category, "explanation": text}],
        due_at=timezone.now() + review_deadline("other"),
    )
    appeal.save(update_fields=["review_item"])


def _clean_appeal_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Explain why you think the decision is wrong."))
    if len(text) > APPEAL_TEXT_MAX or "\x00" in text:
        raise ValidationFailed(_("The appeal can have at most %(n)d characters.") % {"n": APPEAL_TEXT_MAX})
    return text


def _dismissal_to_appeal(item_id: int | None, *, outcome: str, decided_at: Any, appeals: Any) -> ModerationAction:
    """The dismissal a reporter or notice sender may complain about, if still open to appeal."""
    if outcome != ActionType.DISMISS or decided_at is None or item_id is None:
        raise ValidationFailed(_("Only a decision not to act on your report can be appealed."))
    if timezone.now() > decided_at + APPEAL_WINDOW:
        raise ValidationFailed(_("The 6 months to appeal this decision have passed."))
    if appeals.exists():
        raise ValidationFailed(_("You have already appealed this decision."))
    dismissal = (
        ModerationAction.objects.filter(review_item_id=item_id, action=ActionType.DISMISS).order_by("-id").first()
    )
    if dismissal is None:
        raise ValidationFailed(_("Only a decision not to act on your report can be appealed."))
    return dismissal


def file_report_appeal(*, reporter: User, report: Report, text: str) -> Appeal:
    """A reporter complains, free and within 6 months, that their report was dismissed (DSA 20)."""
    if report.reporter_id != reporter.pk:
        raise NotFound(_("No such report."))
    text = _clean_appeal_text(text)
    dismissal = _dismissal_to_appeal(
        report.review_item_id, outcome=report.outcome, decided_at=report.resolved_at, appeals=report.appeals
    )
    with transaction.atomic():
        appeal = Appeal.objects.create(appellant=reporter, action=dismissal, report=report, text=text)
        _queue_appeal(appeal, category=report.category, text=text)
        record_audit(actor=reporter, action="appeal.file", target=appeal, after={"report": report.pk})
    return appeal


def file_notice_appeal(*, notice: IllegalContentNotice, token: str, text: str) -> Appeal:
    """A notice sender, with the link from the acknowledgement, complains about a dismissal."""
    if not token or not secrets.compare_digest(token, notice.access_token):
        raise NotFound(_("No such notice."))
    text = _clean_appeal_text(text)
    dismissal = _dismissal_to_appeal(
        notice.review_item_id, outcome=notice.outcome, decided_at=notice.decided_at, appeals=notice.appeals
    )
    with transaction.atomic():
        appeal = Appeal.objects.create(appellant=notice.submitter, action=dismissal, notice=notice, text=text)
        _queue_appeal(appeal, category=notice.category, text=text)
        record_audit(actor=notice.submitter, action="appeal.file", target=appeal, after={"notice": notice.pk})
    return appeal


def _reopen_case(appeal: Appeal, *, moderator: User, reason: str) -> None:
    """A founded complaint about a dismissal: the case goes back to the queue for action."""
    dismissal = appeal.appealed_action
    dismissal.reversed_at = timezone.now()
    dismissal.save(update_fields=["reversed_at"])
    item = dismissal.review_item
    if item is not None and item.status != ReviewStatus.OPEN:
        reopen_item(moderator=moderator, item=item)
    if appeal.report is not None:
        Report.objects.filter(pk=appeal.report_id).update(status=ReportStatus.OPEN, resolved_at=None, outcome="")
    if appeal.notice is not None:
        IllegalContentNotice.objects.filter(pk=appeal.notice_id).update(
            status=NoticeStatus.RECEIVED, decided_at=None, outcome="", decision=""
        )
    _tell_appellant(
        appeal,
        _("Your appeal was founded: %(reason)s. The case is back with the moderators for action.") % {"reason": reason},
    )


def _tell_appellant(appeal: Appeal, message: str) -> None:
    if appeal.notice is not None:
        _mail(
            to=appeal.notice.email,
            subject=_("Decision on your appeal about notice %(ref)s") % {"ref": appeal.notice.reference},
            body=message + f"\n\n{absolute_url(notice_path(appeal.notice))}",
        )
    elif appeal.appellant is not None:
        _tell_member(appeal.appellant, message, link=reverse("web:my_reports"))


def decide_appeal(*, moderator: User, appeal: Appeal, founded: bool, reason: str) -> Appeal:
    """A human other than the first decider rules; a founded appeal reverses the decision."""
    require_moderator(moderator)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the decision: the member will read it."))
    original = appeal.appealed_action
    if original.actor_id == moderator.pk:
        raise Forbidden(_("A different moderator must decide the appeal against your own decision."))
    if appeal.appellant_id == moderator.pk:
        raise Forbidden(_("You cannot decide your own appeal."))
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status != AppealStatus.OPEN:
            raise ValidationFailed(_("This appeal was already decided."))
        if founded and appeal.statement is None:
            _reopen_case(appeal, moderator=moderator, reason=reason)
        elif founded:
            reverse_action(moderator=moderator, action=original, reason=reason)
        appeal.status = AppealStatus.FOUNDED if founded else AppealStatus.REJECTED
        appeal.decided_by, appeal.decision, appeal.decided_at = moderator, reason, timezone.now()
        appeal.save(update_fields=["status", "decided_by", "decision", "decided_at"])
        if appeal.review_item is not None:
            item = appeal.review_item
            item.status, item.closed_at, item.closed_by = (
                ReviewStatus.CLOSED,
                timezone.now(),
                moderator,
            )
            item.resolution = "appeal_founded" if founded else "appeal_rejected"
            item.save(update_fields=["status", "closed_at", "closed_by", "resolution"])
            ReviewClaim.objects.filter(item=item).delete()
        record_audit(
            actor=moderator,
            action="appeal.decide",
            target=appeal,
            reason=reason,
            before={"status": AppealStatus.OPEN},
            after={"status": appeal.status, "reverses": original.pk if founded else None},
        )
        if not founded and appeal.statement is None:
            _tell_appellant(
                appeal,
                _(
                    "Your appeal was reviewed by a moderator and the decision not to act stands: "
                    "%(reason)s. You can still turn to a certified out-of-court dispute "
                    "settlement body: %(bodies)s"
                )
                % {"reason": reason, "bodies": ", ".join(dispute_bodies())},
            )
        elif not founded and appeal.appellant is not None:
            _tell_member(
                appeal.appellant,
                _(
                    "Your appeal was reviewed by a moderator and the decision stands: %(reason)s. "
                    "You can still turn to a certified out-of-court dispute settlement body: "
                    "%(bodies)s"
                )
                % {"reason": reason, "bodies": ", ".join(dispute_bodies())},
                link=reverse("web:moderation_decision", args=[appeal.statement_id]),
            )
    return appeal


# Trusted flaggers ----------------------------------------------------------------------------


def award_trusted_flagger(*, operator: User | None, user: User, name: str) -> TrustedFlagger:
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the trusted flagger's name."))
    flagger, _created = TrustedFlagger.objects.update_or_create(
        user=user, defaults={"name": name[:200], "active": True}
    )
    record_audit(actor=operator, action="trusted_flagger.award", target=user, after={"name": flagger.name})
    return flagger
