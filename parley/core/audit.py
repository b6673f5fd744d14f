"""The one way to write the audit log."""

from typing import Any

from django.db import models

from parley.core.models import AuditLogEntry


def record_audit(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLogEntry:
    return AuditLogEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        reason=reason,
        before=before or {},
        after=after or {},
    )
