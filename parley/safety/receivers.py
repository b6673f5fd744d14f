"""How trust and safety reacts to what the lower layers announce (see their `signals.py`).

Connected once, in `SafetyConfig.ready()`. Receivers run inside the sender's transaction, so a
held post and its review-queue item are stored together or not at all.
"""

from typing import Any

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext as _

from parley.accounts.signals import signup_email_vetting
from parley.posts.models import Post
from parley.safety.actions.decisions import state_automated_label, state_automated_refusal
from parley.safety.actions.queue import open_screening_review
from parley.safety.queries import email_is_banned
from parley.screening.models import ScreeningDecision
from parley.screening.signals import verdict_recorded
from parley.screening.verdict import ScreeningVerdict


@receiver(verdict_recorded, dispatch_uid="safety.verdict_recorded")
def react_to_screening(
    *, content: models.Model, verdict: ScreeningVerdict, decision: ScreeningDecision, **kwargs: Any
) -> None:
    """A label or a refusal of a post gets its statement of reasons; a hold waits for a human moderator."""
    if verdict.decision == "label" and isinstance(content, Post):
        state_automated_label(post=content, screening=decision)
    if verdict.decision == "reject" and isinstance(content, Post):
        state_automated_refusal(post=content, screening=decision)
    if verdict.decision == "hold":
        open_screening_review(content=content, verdict=verdict, screening=decision)


@receiver(signup_email_vetting, dispatch_uid="safety.signup_email_vetting")
def refuse_banned_email(*, email: str, **kwargs: Any) -> str | None:
    return _("This email address belongs to a banned account.") if email_is_banned(email) else None
