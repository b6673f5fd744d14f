"""What a restriction leaves behind: the states before and after it, its statement of reasons
(DSA 17) and, for a suspension, the account's lost API access. Decisions and the misuse checks
both restrict, so both use these."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from parley.accounts.models import User
from parley.posts.models import Post
from parley.safety.models import (
    ActionType,
    AutomationLevel,
    ModerationAction,
    ReviewItem,
    ReviewSource,
    StatementOfReasons,
)
from parley.safety.policy import APPEAL_WINDOW, REDRESS_TEXT, dispute_bodies, report_category


def post_state(post: Post) -> dict[str, Any]:
    return {
        "state": post.state,
        "sensitive": post.sensitive,
        "disputed": post.disputed,
        "limited": post.limited,
    }


def account_state(account: User) -> dict[str, Any]:
    return {
        "suspended_at": account.suspended_at.isoformat() if account.suspended_at else None,
        "suspended_until": account.suspended_until.isoformat() if account.suspended_until else None,
    }


def snapshot(post: Post | None, account: User | None) -> dict[str, Any]:
    """The post's and the account's state, as the audit log and a reversal keep it."""
    return {
        "post": post_state(post) if post else None,
        "account": account_state(account) if account else None,
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


RESTRICTION_TEXT = {
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


def describe_restriction(action: ModerationAction) -> str:
    text = str(RESTRICTION_TEXT[ActionType(action.action)])
    if action.action == ActionType.SUSPEND:
        text = text % {"until": f"{action.until:%Y-%m-%d %H:%M} UTC" if action.until else "-"}
    return text


def state_reasons(
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
        restriction=describe_restriction(action),
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


def revoke_api_tokens(account: User) -> None:
    """Apps lose access with the browser sessions (hosting providers' suspension rule)."""
    from django.apps import apps

    if apps.is_installed("oauth2_provider"):
        from oauth2_provider.models import get_access_token_model, get_refresh_token_model

        get_refresh_token_model().objects.filter(user=account).delete()
        get_access_token_model().objects.filter(user=account).delete()
