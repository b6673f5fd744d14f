"""The seam between publishing and screening.

Core actions call `screen_content` before anything becomes visible, then `record_screening`
once the content row exists. Keep these two signatures stable.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from parley.moderation.detectors.base import ScreeningContext
from parley.moderation.models import ReviewItem, ReviewSource, ReviewStatus, ScreeningDecision
from parley.moderation.pipeline import screen_text
from parley.moderation.policy import CATEGORY_BY_NAME
from parley.moderation.verdict import ContentKind, Decision, ScreeningVerdict
from parley.posts.models import Post

__all__ = ["ContentKind", "Decision", "ScreeningVerdict", "record_screening", "screen_content", "store_screening"]


def screen_content(
    *,
    text: str,
    kind: ContentKind,
    author: Any,
    language: str = "",
    urls: tuple[str, ...] = (),
    reported: bool = False,
) -> ScreeningVerdict:
    """Screen text before it becomes visible to anyone but its author, or when it is reported
    (`reported=True`: a reported direct message meets every detector, not only the DM rules)."""
    joined = getattr(author, "date_joined", None)
    context = ScreeningContext(
        kind=kind,
        language=language,
        urls=tuple(urls),
        author=author,
        account_age=timezone.now() - joined if joined is not None else None,
        reported=reported,
    )
    return screen_text(text, context)


def _author_of(content: Any) -> Any:
    return getattr(content, "author", None) if hasattr(content, "author_id") else content


def store_screening(*, content: Any, kind: ContentKind, verdict: ScreeningVerdict) -> ScreeningDecision:
    """Keep a verdict with its reasons and scores, as the moderator and the author see it."""
    text = getattr(content, "text", None)
    if text is None:
        text = getattr(content, "bio", "") if kind == "bio" else getattr(content, "display_name", "")
    return ScreeningDecision.objects.create(
        content_type=ContentType.objects.get_for_model(content),
        object_id=str(content.pk),
        kind=kind,
        author=_author_of(content),
        text=str(text),
        decision=verdict.decision,
        labels=sorted(verdict.labels),
        scores=verdict.scores,
        reasons=list(verdict.reasons),
    )


@transaction.atomic
def record_screening(*, content: Any, kind: ContentKind, verdict: ScreeningVerdict) -> None:
    """Store a non-publish decision with its reasons; a hold also opens a review-queue item.

    Plain "publish" decisions are not stored: that would copy every post into this table.
    """
    if verdict.decision == "publish":
        return
    content_type = ContentType.objects.get_for_model(content)
    decision = store_screening(content=content, kind=kind, verdict=verdict)
    if verdict.decision == "label" and isinstance(content, Post):
        # Imported here: trust-and-safety actions build on the posts actions that call this seam.
        from parley.moderation.safety_actions import state_automated_label

        state_automated_label(post=content, screening=decision)
    if verdict.decision != "hold":
        return
    from parley.moderation.safety_policy import review_deadline

    top = verdict.reasons[0] if verdict.reasons else {"category": "spam"}
    category = CATEGORY_BY_NAME[str(top["category"])]
    now = timezone.now()
    # An edit of a post already waiting for review updates that item rather than queueing twice.
    item = ReviewItem.objects.filter(
        content_type=content_type,
        object_id=str(content.pk),
        source=ReviewSource.SCREENING,
        status=ReviewStatus.OPEN,
    ).first()
    if item is None:
        ReviewItem.objects.create(
            content_type=content_type,
            object_id=str(content.pk),
            source=ReviewSource.SCREENING,
            category=category.name,
            severity=category.severity,
            reasons=list(verdict.reasons),
            screening=decision,
            due_at=now + review_deadline(category.name),
        )
    else:
        item.category, item.severity = category.name, category.severity
        item.reasons, item.screening = list(verdict.reasons), decision
        item.due_at = min(item.due_at, now + review_deadline(category.name))
        item.save(update_fields=["category", "severity", "reasons", "screening", "due_at"])
