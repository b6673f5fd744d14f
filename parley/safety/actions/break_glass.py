"""Break glass: a moderator reads a direct message no report concerns, for a recorded reason.

Each access writes one audit-log row with the moderator, the message and the reason; admins read
them on the moderation audit page. The member is not told: the reasons that justify it (a threat
to someone's life, a child-safety or law-enforcement case) are the ones where warning the sender
could do harm; the audit log is what holds moderators to account instead.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.posts.models import Post
from parley.safety import queries
from parley.safety.actions._checks import require_reason

REASON_MISSING = _("Say why you need to read this direct message; the reason is recorded.")


@transaction.atomic
def break_glass_direct_message(*, moderator: User, post_id: int | str, reason: str) -> Post:
    """Record why `moderator` reads this direct message; from then on, for an hour, they may."""
    post, _allowed = queries.direct_message_for_staff(moderator, post_id)
    reason = require_reason(reason, REASON_MISSING)
    record_audit(actor=moderator, action=queries.BREAK_GLASS_ACTION, target=post, reason=reason[:2000])
    return post
