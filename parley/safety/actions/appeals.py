"""DSA 20: free appeals against a decision (by its member) and against a decision not to act
(by the reporter or notice sender), decided by a moderator other than the first decider."""

import secrets
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.actions import absolute_url
from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import Forbidden, NotFound, ValidationFailed
from parley.safety.actions._checks import require_reason
from parley.safety.actions._messages import mail, tell_member
from parley.safety.actions.decisions import reverse_action
from parley.safety.actions.notices import notice_path
from parley.safety.actions.queue import mark_item_closed, reopen_item
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
    StatementOfReasons,
)
from parley.safety.policy import APPEAL_TEXT_MAX, APPEAL_WINDOW, dispute_bodies, review_deadline
from parley.safety.queries import require_moderator
from parley.screening.policy import APPEAL_WINDOW_MONTHS


def file_appeal(*, appellant: User, statement: StatementOfReasons, text: str) -> Appeal:
    """A free appeal against a decision, open for APPEAL_WINDOW_MONTHS months (DSA 20)."""
    if statement.account_id != appellant.pk:
        raise NotFound(_("No such decision."))
    text = _clean_appeal_text(text)
    _check_within_window(statement.appeal_until)
    if statement.action.reversed_at is not None:
        raise ValidationFailed(_("This decision was already reversed."))
    if statement.appeals.exists():
        raise ValidationFailed(_("You have already appealed this decision."))
    with transaction.atomic():
        appeal = Appeal.objects.create(statement=statement, appellant=appellant, text=text)
        _queue_appeal(appeal, category=statement.category, text=text)
        record_audit(actor=appellant, action="appeal.file", target=appeal, after={"statement": statement.pk})
    return appeal


def file_report_appeal(*, reporter: User, report: Report, text: str) -> Appeal:
    """A reporter complains, free and within the appeal window, that their report was dismissed
    (DSA 20)."""
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


def decide_appeal(*, moderator: User, appeal: Appeal, founded: bool, reason: str) -> Appeal:
    """A human other than the first decider rules; a founded appeal reverses the decision."""
    require_moderator(moderator)
    reason = require_reason(reason)
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
            resolution = "appeal_founded" if founded else "appeal_rejected"
            mark_item_closed(appeal.review_item, moderator=moderator, resolution=resolution, at=timezone.now())
        record_audit(
            actor=moderator,
            action="appeal.decide",
            target=appeal,
            reason=reason,
            before={"status": AppealStatus.OPEN},
            after={"status": appeal.status, "reverses": original.pk if founded else None},
        )
        if not founded:
            _tell_decision_stands(appeal, reason=reason)
    return appeal


def _clean_appeal_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Explain why you think the decision is wrong."))
    if len(text) > APPEAL_TEXT_MAX or "\x00" in text:
        raise ValidationFailed(_("The appeal can have at most %(n)d characters.") % {"n": APPEAL_TEXT_MAX})
    return text


def _check_within_window(appeal_until: datetime) -> None:
    if timezone.now() > appeal_until:
        raise ValidationFailed(
            _("The %(months)d months to appeal this decision have passed.") % {"months": APPEAL_WINDOW_MONTHS}
        )


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


def _dismissal_to_appeal(item_id: int | None, *, outcome: str, decided_at: Any, appeals: Any) -> ModerationAction:
    """The dismissal a reporter or notice sender may complain about, if still open to appeal."""
    if outcome != ActionType.DISMISS or decided_at is None or item_id is None:
        raise ValidationFailed(_("Only a decision not to act on your report can be appealed."))
    _check_within_window(decided_at + APPEAL_WINDOW)
    if appeals.exists():
        raise ValidationFailed(_("You have already appealed this decision."))
    dismissal = (
        ModerationAction.objects.filter(review_item_id=item_id, action=ActionType.DISMISS).order_by("-id").first()
    )
    if dismissal is None:
        raise ValidationFailed(_("Only a decision not to act on your report can be appealed."))
    return dismissal


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


def _tell_decision_stands(appeal: Appeal, *, reason: str) -> None:
    """A rejected appeal: the appellant is told why and where else to turn (DSA 21)."""
    if appeal.statement is None:
        _tell_appellant(
            appeal,
            _(
                "Your appeal was reviewed by a moderator and the decision not to act stands: "
                "%(reason)s. You can still turn to a certified out-of-court dispute "
                "settlement body: %(bodies)s"
            )
            % {"reason": reason, "bodies": ", ".join(dispute_bodies())},
        )
    elif appeal.appellant is not None:
        tell_member(
            appeal.appellant,
            _(
                "Your appeal was reviewed by a moderator and the decision stands: %(reason)s. "
                "You can still turn to a certified out-of-court dispute settlement body: "
                "%(bodies)s"
            )
            % {"reason": reason, "bodies": ", ".join(dispute_bodies())},
            link=reverse("web:moderation_decision", args=[appeal.statement_id]),
        )


def _tell_appellant(appeal: Appeal, message: str) -> None:
    if appeal.notice is not None:
        mail(
            to=appeal.notice.email,
            subject=_("Decision on your appeal about notice %(ref)s") % {"ref": appeal.notice.reference},
            body=message + f"\n\n{absolute_url(notice_path(appeal.notice))}",
        )
    elif appeal.appellant is not None:
        tell_member(appeal.appellant, message, link=reverse("web:my_reports"))
