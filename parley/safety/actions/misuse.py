"""DSA 23: measures against misuse, checked after each decision that counts towards them."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.actions import suspend_member
from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.safety.actions._messages import mail, send_statement, tell_member
from parley.safety.actions._restrictions import account_state, revoke_api_tokens, state_reasons
from parley.safety.models import ActionType, MisuseWarning, ModerationAction, ReportingSuspension
from parley.safety.queries import manifestly_illegal_count, reporting_suspended_until, unfounded_report_count


def check_illegal_content_misuse(account: User, *, moderator: User) -> None:
    """Warn at the threshold; after that warning, the next such decision suspends for a time."""
    if manifestly_illegal_count(account) < settings.PARLEY_MISUSE_THRESHOLD or account.is_suspended:
        return
    kind = MisuseWarning.Kind.ILLEGAL_CONTENT
    if not MisuseWarning.objects.filter(account=account, kind=kind).exists():
        MisuseWarning.objects.create(account=account, kind=kind)
        record_audit(actor=moderator, action="misuse.warn", target=account, reason=kind)
        tell_member(
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
        before={"account": account_state(account)},
    )
    suspend_member(user=account, actor=moderator, reason=record.reason, until=record.until)
    revoke_api_tokens(account)
    statement = state_reasons(record, account=account, post=None, item=None)
    send_statement(statement, statement.restriction)


def check_report_misuse(*, account: User | None, email: str, moderator: User) -> None:
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
        tell_member(account, message)
    else:
        mail(to=email, subject=_("About your notices"), body=message)
