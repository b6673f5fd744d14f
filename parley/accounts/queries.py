"""Reads about members and the relationships between them; the one place that says who hides whom."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parley.accounts.models import AccountNote, Block, Follow, FollowRequest, MemberSession, Mute, User
from parley.core.errors import NotFound
from parley.core.text import extract_mentions


def not_suspended_q(prefix: str = "") -> Q:
    """The suspension rule as a filter: never suspended, or the suspension has run out.

    `prefix` reaches the member through a relation (`"author__"`, `"post__author__"`).
    `User.is_suspended` is the same rule for one loaded member.
    """
    return Q(**{f"{prefix}suspended_at__isnull": True}) | Q(**{f"{prefix}suspended_until__lte": timezone.now()})


def active_members() -> QuerySet[User]:
    return User.objects.filter(is_active=True).filter(not_suspended_q())


MAX_MENTIONS = 20


def mentioned_members(text: str) -> dict[str, User]:
    """Active members @mentioned in `text` (its first MAX_MENTIONS names), by case-folded username, in order."""
    names = extract_mentions(text)[:MAX_MENTIONS]
    if not names:
        return {}
    # Mention names are [A-Za-z0-9_] only (see MENTION_RE), so they are safe inside a regular expression.
    pattern = r"^(" + "|".join(names) + ")$"
    found = {m.username.casefold(): m for m in active_members().filter(username__iregex=pattern)}
    return {name: found[name] for name in names if name in found}


def access_member(viewer: User | None, username: str) -> User:
    """The profile `username` as `viewer` may see it; NotFound when suspended or blocked by them."""
    user = active_members().filter(username__iexact=username).first()
    if user is None:
        raise NotFound("No member with that username.")
    blocked_viewer = (
        viewer is not None
        and viewer.is_authenticated
        and viewer.pk != user.pk
        and Block.objects.filter(blocker=user, blocked=viewer).exists()
    )
    if blocked_viewer:
        raise NotFound("No member with that username.")
    return user


def blocked_either_way(a: User, b: User) -> bool:
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def blocked_ids(viewer: User) -> set[int]:
    """Members the viewer blocked or who blocked the viewer: invisible both ways."""
    pairs = Block.objects.filter(Q(blocker=viewer) | Q(blocked=viewer)).values_list("blocker_id", "blocked_id")
    return {other for pair in pairs for other in pair if other != viewer.pk}


def muted_ids(viewer: User, *, notifications_only: bool = False) -> set[int]:
    mutes = Mute.objects.filter(muter=viewer).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
    if notifications_only:
        mutes = mutes.filter(hide_notifications=True)
    return set(mutes.values_list("muted_id", flat=True))


def hidden_ids(viewer: User | None) -> set[int]:
    """Authors whose content never appears in the viewer's timelines, threads or search."""
    if viewer is None or not viewer.is_authenticated:
        return set()
    return blocked_ids(viewer) | muted_ids(viewer)


@dataclass(frozen=True)
class Relationship:
    following: bool
    followed_by: bool
    requested: bool
    blocking: bool
    blocked_by: bool
    muting: bool
    muting_notifications: bool
    note: str = ""  # the viewer's private note about the other account


def relationship(viewer: User, other: User) -> Relationship:
    mute = (
        Mute.objects.filter(muter=viewer, muted=other)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .first()
    )
    return Relationship(
        following=Follow.objects.filter(follower=viewer, followee=other).exists(),
        followed_by=Follow.objects.filter(follower=other, followee=viewer).exists(),
        requested=FollowRequest.objects.filter(requester=viewer, target=other).exists(),
        blocking=Block.objects.filter(blocker=viewer, blocked=other).exists(),
        blocked_by=Block.objects.filter(blocker=other, blocked=viewer).exists(),
        muting=mute is not None,
        muting_notifications=mute is not None and mute.hide_notifications,
        note=AccountNote.objects.filter(author=viewer, target=other).values_list("comment", flat=True).first() or "",
    )


def followers_of(user: User) -> QuerySet[User]:
    return active_members().filter(following_set__followee=user).order_by("-following_set__created_at")


def followed_by(user: User) -> QuerySet[User]:
    return active_members().filter(follower_set__follower=user).order_by("-follower_set__created_at")


def familiar_followers(viewer: User, account: User) -> QuerySet[User]:
    """Accounts the viewer follows that follow `account`, less those hidden from the viewer."""
    return (
        active_members()
        .filter(follower_set__follower=viewer)
        .filter(following_set__followee=account)
        .exclude(pk__in=hidden_ids(viewer))
        .order_by("username")
    )


def pending_follow_requests(user: User) -> QuerySet[FollowRequest]:
    return FollowRequest.objects.filter(target=user).select_related("requester").order_by("-id")


def search_members(query: str, *, viewer: User | None, limit: int = 20) -> list[User]:
    query = query.strip().lstrip("@")
    if not query:
        return []
    hidden = hidden_ids(viewer)
    members = (
        active_members()
        .filter(Q(username__istartswith=query) | Q(display_name__icontains=query))
        .exclude(pk__in=hidden)
        .order_by("-followers_count", "username")
    )
    return list(members[:limit])


def member_by_login(login: str) -> User | None:
    """The account a sign-in name designates: an email when it has an @, else a username."""
    login = login.strip()
    if not login:
        return None
    field = "email__iexact" if "@" in login else "username__iexact"
    return User.objects.filter(**{field: login}).first()


def member_count() -> int:
    """Active members, cached: a page view must not count the whole table each time."""
    return int(cache.get_or_set("parley:member_count", lambda: active_members().count(), 600) or 0)


def moderators() -> QuerySet[User]:
    return active_members().filter(is_moderator=True).order_by("username")


def two_factor_device(user: User) -> TOTPDevice | None:
    """The confirmed authenticator app that guards this member's sign-in, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_two_factor_device(user: User) -> TOTPDevice | None:
    """An authenticator being set up: created, not yet confirmed with a code."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def member_sessions(user: User) -> QuerySet[MemberSession]:
    return MemberSession.objects.filter(user=user).order_by("-last_seen_at")


def session_public_id(session_key: str) -> str:
    """A stable name for a session that pages can show: the session key itself is a secret."""
    return salted_hmac("parley.member-session", session_key).hexdigest()[:20]


def member_session(user: User, public_id: str) -> MemberSession:
    for entry in member_sessions(user):
        if session_public_id(entry.session_key) == public_id:
            return entry
    raise NotFound(_("No such session."))


def blocks_made(user: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-id")


def block_made(user: User, block_id: int) -> Block:
    entry = blocks_made(user).filter(pk=block_id).first()
    if entry is None:
        raise NotFound(_("No such block."))
    return entry


def active_mutes(user: User) -> QuerySet[Mute]:
    return (
        Mute.objects.filter(muter=user)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .select_related("muted")
        .order_by("-id")
    )


def active_mute(user: User, mute_id: int) -> Mute:
    entry = active_mutes(user).filter(pk=mute_id).first()
    if entry is None:
        raise NotFound(_("No such mute."))
    return entry


def follow_request_to(target: User, request_id: int) -> FollowRequest:
    entry = pending_follow_requests(target).filter(pk=request_id).first()
    if entry is None:
        raise NotFound(_("There is no such follow request."))
    return entry


def access_member_by_id(viewer: User | None, member_id: int | str) -> User:
    """Like `access_member`, for clients that name members by id."""
    try:
        pk = int(member_id)
    except (TypeError, ValueError) as exc:
        raise NotFound("No member with that id.") from exc
    username = User.objects.filter(pk=pk).values_list("username", flat=True).first()
    if username is None:
        raise NotFound("No member with that id.")
    return access_member(viewer, username)


def follower_links(user: User) -> QuerySet[Follow]:
    """The follows of `user` by active members, newest first, with the follower loaded."""
    return Follow.objects.filter(followee=user, follower__in=active_members()).select_related("follower")


def following_links(user: User) -> QuerySet[Follow]:
    """The follows `user` made of active members, newest first, with the followee loaded."""
    return Follow.objects.filter(follower=user, followee__in=active_members()).select_related("followee")
