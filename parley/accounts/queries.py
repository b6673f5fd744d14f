"""Reads about members and the relationships between them; the one place that says who hides whom."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from parley.accounts.models import Block, Follow, FollowRequest, Mute, User
from parley.core.errors import NotFound


def active_members() -> QuerySet[User]:
    now = timezone.now()
    return User.objects.filter(is_active=True).filter(
        Q(suspended_at__isnull=True) | Q(suspended_until__lte=now)
    )


def access_member(viewer: User | None, username: str) -> User:
    """The profile `username` as `viewer` may see it; NotFound when suspended or blocked by them."""
    user = active_members().filter(username__iexact=username).first()
    if user is None:
        raise NotFound("No member with that username.")
    if viewer is not None and viewer.is_authenticated and viewer.pk != user.pk:
        if Block.objects.filter(blocker=user, blocked=viewer).exists():
            raise NotFound("No member with that username.")
    return user


def blocked_either_way(a: User, b: User) -> bool:
    return Block.objects.filter(
        Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)
    ).exists()


def blocked_ids(viewer: User) -> set[int]:
    """Members the viewer blocked or who blocked the viewer: invisible both ways."""
    pairs = Block.objects.filter(Q(blocker=viewer) | Q(blocked=viewer)).values_list("blocker_id", "blocked_id")
    return {other for pair in pairs for other in pair if other != viewer.pk}


def muted_ids(viewer: User, *, notifications_only: bool = False) -> set[int]:
    mutes = Mute.objects.filter(muter=viewer).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )
    if notifications_only:
        mutes = mutes.filter(hide_notifications=True)
    return set(mutes.values_list("muted_id", flat=True))


def hidden_ids(viewer: User | None) -> set[int]:
    """Authors whose content never appears in the viewer's timelines, threads or search."""
    if viewer is None or not viewer.is_authenticated:
        return set()
    return blocked_ids(viewer) | muted_ids(viewer)


def following_ids(viewer: User) -> set[int]:
    return set(Follow.objects.filter(follower=viewer).values_list("followee_id", flat=True))


def is_following(follower: User, followee: User) -> bool:
    return Follow.objects.filter(follower=follower, followee=followee).exists()


@dataclass(frozen=True)
class Relationship:
    following: bool
    followed_by: bool
    requested: bool
    blocking: bool
    blocked_by: bool
    muting: bool
    muting_notifications: bool


def relationship(viewer: User, other: User) -> Relationship:
    mute = Mute.objects.filter(muter=viewer, muted=other).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    ).first()
    return Relationship(
        following=Follow.objects.filter(follower=viewer, followee=other).exists(),
        followed_by=Follow.objects.filter(follower=other, followee=viewer).exists(),
        requested=FollowRequest.objects.filter(requester=viewer, target=other).exists(),
        blocking=Block.objects.filter(blocker=viewer, blocked=other).exists(),
        blocked_by=Block.objects.filter(blocker=other, blocked=viewer).exists(),
        muting=mute is not None,
        muting_notifications=mute is not None and mute.hide_notifications,
    )


def followers_of(user: User) -> QuerySet[User]:
    return active_members().filter(following_set__followee=user).order_by("-following_set__created_at")


def followed_by(user: User) -> QuerySet[User]:
    return active_members().filter(follower_set__follower=user).order_by("-follower_set__created_at")


def pending_follow_requests(user: User) -> QuerySet[FollowRequest]:
    return FollowRequest.objects.filter(target=user).select_related("requester").order_by("-id")


def search_members(query: str, *, viewer: User | None, limit: int = 20) -> list[User]:
    query = query.strip().lstrip("@")
    if not query:
        return []
    hidden = hidden_ids(viewer)
    members = active_members().filter(
        Q(username__istartswith=query) | Q(display_name__icontains=query)
    ).exclude(pk__in=hidden).order_by("-followers_count", "username")
    return list(members[:limit])
