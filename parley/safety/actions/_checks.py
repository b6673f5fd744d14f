"""Input rules that several safety actions share, each written once."""

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.accounts.models import User
from parley.core.errors import Forbidden, ValidationFailed
from parley.safety.policy import REPORT_CATEGORY_BY_NAME
from parley.safety.queries import reporting_suspended_until

DECISION_REASON_MISSING = gettext_lazy("Give the reason for the decision: the member will read it.")


def require_reason(reason: str, missing: str | Promise = DECISION_REASON_MISSING) -> str:
    """The moderator's reason, trimmed; an empty one is refused with the `missing` message."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(str(missing))
    return reason


def check_category(category: str) -> None:
    if category not in REPORT_CATEGORY_BY_NAME:
        raise ValidationFailed(_("Choose one of the listed categories."))


def check_reporting_allowed(*, account: User | None, email: str = "") -> None:
    until = reporting_suspended_until(account=account, email=email)
    if until is not None:
        raise Forbidden(
            _("Your reports are paused until %(date)s because earlier ones were manifestly unfounded.")
            % {"date": f"{until:%Y-%m-%d %H:%M} UTC"}
        )
