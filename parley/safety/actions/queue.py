"""The review queue: what goes into it, who works an item, and putting a closed item back."""

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import Forbidden, ValidationFailed
from parley.posts.models import Post
from parley.safety.models import ReportStatus, ReviewClaim, ReviewItem, ReviewSource, ReviewStatus
from parley.safety.policy import SEVERITY_RANK, report_category, review_deadline
from parley.safety.queries import active_claimant, open_item_for, require_moderator
from parley.screening.models import ScreeningDecision
from parley.screening.policy import CATEGORY_BY_NAME
from parley.screening.verdict import ScreeningVerdict


def queue_for_review(content: Post | User, *, source: str, category: str, reason: dict[str, Any]) -> ReviewItem:
    """Open a review item for the content, or merge into the one already open for it.

    Runs inside the caller's transaction (a report's or a notice's)."""
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


def mark_item_closed(item: ReviewItem, *, moderator: User, resolution: str, at: datetime) -> None:
    """Close the item and drop its claim; the caller answers whoever was waiting on it."""
    item.status, item.closed_at, item.closed_by, item.resolution = ReviewStatus.CLOSED, at, moderator, resolution
    item.save(update_fields=["status", "closed_at", "closed_by", "resolution"])
    ReviewClaim.objects.filter(item=item).delete()


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
