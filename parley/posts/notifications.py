"""Creating and reading notifications; blocks and mutes are applied here, once."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from parley.accounts.models import User
from parley.accounts.queries import blocked_ids, muted_ids
from parley.core.errors import NotFound
from parley.posts.models import Notification, NotificationKind, PolicyChoice, Post
from parley.posts.notification_policy import file_notification_request, policy_verdict


def notify(
    *, recipient: User, actor: User | None, kind: str, post: Post | None = None, message: str = ""
) -> Notification | None:
    """Notify `recipient`, unless it is about themselves or the actor is blocked or muted."""
    if actor is not None:
        if actor.pk == recipient.pk:
            return None
        if actor.pk in blocked_ids(recipient) or actor.pk in muted_ids(recipient, notifications_only=True):
            return None
    verdict = policy_verdict(recipient=recipient, actor=actor, kind=kind, post=post)
    if verdict == PolicyChoice.DROP:
        return None
    filtered = verdict == PolicyChoice.FILTER
    notification = Notification.objects.create(
        recipient=recipient,
        actor=actor,
        kind=kind,
        post=post,
        message=message,
        # A filtered notification is shown alone once accepted, as Mastodon does.
        group_key="" if filtered else group_key_for(recipient=recipient, kind=kind, post=post),
        filtered=filtered,
    )
    if filtered:
        file_notification_request(notification=notification)
    return notification


# Mastodon's grouping: upvotes and echoes of one post, and follows, fall in hour buckets; a group
# keeps taking new ones while they come within 12 hours of the bucket where it began.
GROUPED_KINDS = (NotificationKind.UPVOTE, NotificationKind.ECHO, NotificationKind.FOLLOW)
GROUP_SPAN_HOURS = 12


def group_key_for(*, recipient: User, kind: str, post: Post | None, now: datetime | None = None) -> str:
    """The group a new notification joins: `kind[-post]-hour`, or "" for kinds never grouped."""
    if kind not in GROUPED_KINDS:
        return ""
    prefix = f"{kind}-{post.pk}" if post is not None and kind != NotificationKind.FOLLOW else str(kind)
    hour = int((now or timezone.now()).timestamp()) // 3600
    previous = (
        Notification.objects.filter(recipient=recipient, group_key__startswith=f"{prefix}-")
        .order_by("-id")
        .values_list("group_key", flat=True)
        .first()
    )
    if previous is not None:
        previous_hour = int(previous.rpartition("-")[2])
        if hour < previous_hour + GROUP_SPAN_HOURS:
            hour = previous_hour
    return f"{prefix}-{hour}"


def notify_once(*, recipient: User, actor: User, kind: str) -> Notification | None:
    """Like notify, but not again for the same act: unfollowing and following again tells once."""
    if Notification.objects.filter(recipient=recipient, actor=actor, kind=kind).exists():
        return None
    return notify(recipient=recipient, actor=actor, kind=kind)


def notifications_for(
    user: User, *, kinds: list[str] | None = None, include_filtered: bool = False
) -> QuerySet[Notification]:
    hidden = blocked_ids(user) | muted_ids(user, notifications_only=True)
    notifications = Notification.objects.filter(recipient=user).exclude(actor_id__in=hidden)
    if not include_filtered:  # held by the notification policy until the request is accepted
        notifications = notifications.filter(filtered=False)
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


def access_notification(user: User, notification_id: int | str) -> Notification:
    """One of the member's own notifications, as listed (hidden ones are NotFound)."""
    try:
        pk = int(notification_id)
    except (TypeError, ValueError) as exc:
        raise NotFound("No such notification.") from exc
    found = notifications_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("No such notification.")
    return found


def mark_read_up_to(user: User, last_read_id: int) -> int:
    """Reading up to a notification marks it and every older one read (Mastodon's markers)."""
    unread = Notification.objects.filter(recipient=user, pk__lte=last_read_id, read_at__isnull=True)
    return unread.update(read_at=timezone.now())


def dismiss_notification(*, user: User, notification_id: int) -> None:
    deleted, _details = Notification.objects.filter(recipient=user, pk=notification_id).delete()
    if not deleted:
        raise NotFound("No such notification.")


def clear_notifications(*, user: User) -> int:
    deleted, _details = Notification.objects.filter(recipient=user).delete()
    return deleted
