"""Notification policy: what a member hears from strangers, and the requests that hold the rest.

Each new notification gets a verdict from the recipient's policy (`policy_verdict`): accept,
filter (stored, hidden from the lists, gathered under one request per account) or drop (not
stored). Accepting a request shows its notifications and lets that account through from then
on; dismissing it deletes them. Rules follow Mastodon's: moderators, accounts the member gave
permission and replies to the member pass; drop wins over filter.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import Follow, User
from parley.accounts.queries import blocked_ids, muted_ids
from parley.core.errors import NotFound, ValidationFailed
from parley.posts.models import (
    Notification,
    NotificationKind,
    NotificationPermission,
    NotificationPolicy,
    NotificationRequest,
    PolicyChoice,
    Post,
    PostState,
    Visibility,
)

POLICY_FIELDS = (
    "for_not_following",
    "for_not_followers",
    "for_new_accounts",
    "for_private_mentions",
    "for_limited_accounts",
)
NEW_ACCOUNT_AGE = timedelta(days=30)  # as Mastodon
# Moderation notices always reach the member.
UNFILTERED_KINDS = (NotificationKind.MODERATION,)


def policy_of(user: User) -> NotificationPolicy:
    """The member's policy (the defaults, unsaved, until they change it)."""
    found = NotificationPolicy.objects.filter(user=user).first()
    return found if found is not None else NotificationPolicy(user=user)


@transaction.atomic
def update_notification_policy(*, user: User, changes: dict[str, str]) -> NotificationPolicy:
    """Set some of the policy's fields to accept, filter or drop; any bad value changes nothing."""
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown policy setting: %(name)s.") % {"name": sorted(unknown)[0]})
    for name, value in changes.items():
        if value not in PolicyChoice.values:
            raise ValidationFailed(_("%(name)s must be accept, filter or drop.") % {"name": name})
    policy = policy_of(user)
    for name, value in changes.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def _follows(follower: User, followee: User) -> bool:
    return Follow.objects.filter(follower=follower, followee=followee).exists()


def policy_verdict(*, recipient: User, actor: User | None, kind: str, post: Post | None) -> str:
    """accept, filter or drop for a notification about to be created."""
    if actor is None or kind in UNFILTERED_KINDS or actor.is_moderator:
        return PolicyChoice.ACCEPT
    if post is not None and post.in_reply_to_account_id == recipient.pk:
        return PolicyChoice.ACCEPT  # an answer in the member's own conversation
    policy = policy_of(recipient)
    settings = [getattr(policy, name) for name in POLICY_FIELDS]
    if all(value == PolicyChoice.ACCEPT for value in settings):
        return PolicyChoice.ACCEPT
    if NotificationPermission.objects.filter(recipient=recipient, actor=actor).exists():
        return PolicyChoice.ACCEPT
    followed = _follows(recipient, actor)
    matching = []
    if not followed:
        matching.append(policy.for_not_following)
    if not _follows(actor, recipient):
        matching.append(policy.for_not_followers)
    if actor.date_joined > timezone.now() - NEW_ACCOUNT_AGE:
        matching.append(policy.for_new_accounts)
    private = post is not None and post.visibility == Visibility.DIRECT
    if kind in (NotificationKind.MENTION, NotificationKind.REPLY) and private and not followed:
        matching.append(policy.for_private_mentions)
    # for_limited_accounts: Parley limits posts' reach, not accounts, so no account matches it.
    if PolicyChoice.DROP in matching:
        return PolicyChoice.DROP
    if PolicyChoice.FILTER in matching:
        return PolicyChoice.FILTER
    return PolicyChoice.ACCEPT


def file_notification_request(*, notification: Notification) -> None:
    """Gather a filtered notification under its account's request (one per account)."""
    if notification.actor is None:
        return
    post = notification.post if notification.post is not None and notification.post.echo_of_id is None else None
    request, created = NotificationRequest.objects.get_or_create(
        recipient=notification.recipient, actor=notification.actor, defaults={"last_post": post}
    )
    if not created:
        request.last_post = post or request.last_post
        request.save(update_fields=["last_post", "updated_at"])


def notification_requests(user: User) -> QuerySet[NotificationRequest]:
    """The member's pending requests, newest first, without blocked or muted accounts."""
    hidden = blocked_ids(user) | muted_ids(user, notifications_only=True)
    return (
        NotificationRequest.objects.filter(recipient=user)
        .exclude(actor_id__in=hidden)
        .select_related("actor", "last_post", "last_post__author")
    )


def filtered_counts(user: User, actor_ids: list[int]) -> dict[int, int]:
    """How many filtered notifications each account has waiting for the member."""
    rows = (
        Notification.objects.filter(recipient=user, filtered=True, actor_id__in=actor_ids)
        .values("actor_id")
        .annotate(n=Count("id"))
    )
    return {row["actor_id"]: row["n"] for row in rows}


def request_last_post(request: NotificationRequest) -> Post | None:
    """The request's latest post, while it is still published."""
    post = request.last_post
    return post if post is not None and post.state == PostState.PUBLISHED else None


def access_notification_request(user: User, request_id: int | str) -> NotificationRequest:
    found = notification_requests(user).filter(pk=int(request_id)).first()
    if found is None:
        raise NotFound(_("No such notification request."))
    return found


@dataclass(frozen=True)
class PolicySummary:
    pending_requests: int
    pending_notifications: int


def policy_summary(user: User) -> PolicySummary:
    requests = notification_requests(user)
    actors = list(requests.values_list("actor_id", flat=True))
    return PolicySummary(len(actors), sum(filtered_counts(user, actors).values()))


@transaction.atomic
def accept_notification_requests(*, user: User, requests: list[NotificationRequest]) -> None:
    """Show the requests' notifications and let those accounts through from now on."""
    for request in requests:
        NotificationPermission.objects.get_or_create(recipient=user, actor=request.actor)
        Notification.objects.filter(recipient=user, actor=request.actor, filtered=True).update(filtered=False)
        request.delete()


@transaction.atomic
def dismiss_notification_requests(*, user: User, requests: list[NotificationRequest]) -> None:
    """Drop the requests and the notifications they held; a later one opens a new request."""
    for request in requests:
        Notification.objects.filter(recipient=user, actor=request.actor, filtered=True).delete()
        request.delete()


def named_notification_requests(user: User, ids: list[str]) -> list[NotificationRequest]:
    """The member's requests among `ids` (others' and unknown ones skipped, as Mastodon does)."""
    if not all(text.isascii() and text.isdecimal() for text in ids):
        raise ValidationFailed(_("id must be a list of request ids."))
    return list(notification_requests(user).filter(pk__in=[int(text) for text in ids]))
