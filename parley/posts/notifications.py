"""Creating and reading notifications; blocks and mutes are applied here, once."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from parley.accounts.models import User
from parley.accounts.queries import blocked_ids, muted_ids
from parley.posts.models import Notification, NotificationKind, Post


def notify(*, recipient: User, actor: User | None, kind: str, post: Post | None = None, message: str = "") -> Notification | None:
    """Notify `recipient`, unless it is about themselves or the actor is blocked or muted."""
    if actor is not None:
        if actor.pk == recipient.pk:
            return None
        if actor.pk in blocked_ids(recipient) or actor.pk in muted_ids(recipient, notifications_only=True):
            return None
    return Notification.objects.create(
        recipient=recipient, actor=actor, kind=kind, post=post, message=message
    )


def notifications_for(user: User, *, kinds: list[str] | None = None) -> QuerySet[Notification]:
    hidden = blocked_ids(user) | muted_ids(user, notifications_only=True)
    notifications = Notification.objects.filter(recipient=user).exclude(actor_id__in=hidden)
    if kinds:
        notifications = notifications.filter(kind__in=kinds)
    # Hide notifications about posts that are no longer visible (removed, pending).
    notifications = notifications.filter(Q(post__isnull=True) | Q(post__state="published"))
    return notifications.select_related("actor", "post", "post__author")


def unread_count(user: User) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


MODERATION = NotificationKind.MODERATION
