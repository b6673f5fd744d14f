"""DSA 18: a threat to life or safety goes to the authorities with an evidence package, kept
for a limited time."""

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.actions import absolute_url
from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import NotFound
from parley.posts.models import Post
from parley.safety.actions._checks import require_reason
from parley.safety.models import ActionType, EvidencePackage, ModerationAction, ReviewItem
from parley.safety.queries import item_subject, require_moderator


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
    reason = require_reason(reason, _("Give the reason for the escalation."))
    post, account = _escalation_subject(item, post)
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
        package = _package(record, captured, account=account, moderator=moderator, authority=authority)
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


def _escalation_subject(item: ReviewItem | None, post: Post | None) -> tuple[Post | None, User]:
    """The post (if any) and the account escalated: the item's, unless a post is given."""
    account: User | None = None
    if item is not None:
        subject_post, account, _appeal = item_subject(item)
        post = post or subject_post
    if post is not None:
        account = post.author
    if account is None:
        raise NotFound(_("The content of this item no longer exists."))
    return post, account


def _package(
    record: ModerationAction, captured: dict[str, Any], *, account: User, moderator: User, authority: str
) -> EvidencePackage:
    """The captured evidence with its hash, kept for the retention time."""
    return EvidencePackage.objects.create(
        action=record,
        post_ref=record.post_ref,
        account_ref=account.pk,
        content=captured,
        sha256=hashlib.sha256(_canonical(captured)).hexdigest(),
        authority=authority.strip()[:200],
        created_by=moderator,
        retain_until=timezone.now() + timedelta(days=settings.PARLEY_EVIDENCE_RETENTION_DAYS),
    )


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
