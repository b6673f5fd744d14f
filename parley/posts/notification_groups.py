"""Grouped notifications (Mastodon's v2): notifications sharing a group key read as one entry.

A notification's key is stored when it is created (notifications.group_key_for); kinds that are
not grouped, or that the reader asks not to group, read as `ungrouped-<id>`. Pages count groups,
ordered by their newest notification, and each group is counted within the page's cursors.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, CharField, Count, F, Max, Min, Q, QuerySet, Value, When, Window
from django.db.models.functions import Cast, Concat, RowNumber

from parley.accounts.models import User
from parley.core.errors import NotFound
from parley.posts.models import Notification, Post
from parley.posts.notifications import GROUPED_KINDS, notifications_for

SAMPLE_ACCOUNTS = 8  # as Mastodon: the newest actors shown on a group
UNGROUPED = "ungrouped-"
KEY = "gkey"  # the annotation _keyed adds (a name, so the type checker does not look for a field)


@dataclass(frozen=True)
class NotificationGroup:
    key: str
    latest: Notification  # the newest notification of the group within the page
    count: int
    sample_actors: list[User]  # the newest actors, each once, at most SAMPLE_ACCOUNTS
    page_min_id: int
    page_max_id: int
    latest_at: datetime

    @property
    def post(self) -> Post | None:
        return self.latest.post


@dataclass(frozen=True)
class GroupPage:
    groups: list[NotificationGroup]
    next_max_id: int | None  # older page
    prev_min_id: int | None  # newer page


def _keyed(rows: QuerySet[Notification], grouped_kinds: Collection[str]) -> QuerySet[Notification]:
    """`rows` with `gkey`: the stored key for kinds grouped here, `ungrouped-<id>` otherwise."""
    return rows.annotate(
        **{
            KEY: Case(
                When(Q(kind__in=list(grouped_kinds)) & ~Q(group_key=""), then=F("group_key")),
                default=Concat(Value(UNGROUPED), Cast("id", CharField())),
                output_field=CharField(),
            )
        }
    )


def notification_groups(
    user: User,
    *,
    rows: QuerySet[Notification] | None = None,
    grouped_kinds: Collection[str] = GROUPED_KINDS,
    max_id: int | None = None,
    since_id: int | None = None,
    min_id: int | None = None,
    limit: int = 40,
) -> GroupPage:
    """A page of groups of `rows` (default: the member's notifications as listed), newest first."""
    rows = notifications_for(user) if rows is None else rows
    if max_id is not None:
        rows = rows.filter(id__lt=max_id)
    if since_id is not None:
        rows = rows.filter(id__gt=since_id)
    if min_id is not None:
        rows = rows.filter(id__gt=min_id)
    keyed = _keyed(rows, grouped_kinds)
    summary = (
        keyed.order_by()
        .values(KEY)
        .annotate(latest=Max("id"), oldest=Min("id"), count=Count("id"), latest_at=Max("created_at"))
    )
    if min_id is not None:
        found = list(reversed(summary.order_by("latest")[:limit]))
        has_older = True
    else:
        found = list(summary.order_by("-latest")[: limit + 1])
        has_older = len(found) > limit
        found = found[:limit]
    groups = _groups(keyed, found)
    return GroupPage(
        groups,
        next_max_id=groups[-1].page_min_id if groups and has_older else None,
        prev_min_id=groups[0].page_max_id if groups else None,
    )


def _groups(keyed: QuerySet[Notification], found: list[dict[str, object]]) -> list[NotificationGroup]:
    if not found:
        return []
    keys = [str(row[KEY]) for row in found]
    latest = {n.pk: n for n in keyed.filter(id__in=[row["latest"] for row in found]).select_related("recipient")}
    ranked = keyed.filter(**{f"{KEY}__in": keys}).annotate(
        rank=Window(RowNumber(), partition_by=[F(KEY)], order_by=F("id").desc())
    )
    samples: dict[str, list[int]] = {key: [] for key in keys}
    # Twice the sample size, so an actor who acted twice (unfollowed, followed again) still
    # leaves room for others; repeats are dropped here.
    for key, actor_id in ranked.filter(rank__lte=2 * SAMPLE_ACCOUNTS).order_by("-id").values_list(KEY, "actor_id"):
        sample = samples[key]
        if actor_id is not None and actor_id not in sample and len(sample) < SAMPLE_ACCOUNTS:
            sample.append(actor_id)
    actors = User.objects.in_bulk([pk for sample in samples.values() for pk in sample])
    return [
        NotificationGroup(
            key=str(row[KEY]),
            latest=latest[int(str(row["latest"]))],
            count=int(str(row["count"])),
            sample_actors=[actors[pk] for pk in samples[str(row[KEY])] if pk in actors],
            page_min_id=int(str(row["oldest"])),
            page_max_id=int(str(row["latest"])),
            latest_at=row["latest_at"],  # type: ignore[arg-type]  # values() rows are untyped
        )
        for row in found
        if int(str(row["latest"])) in latest
    ]


def group_rows(user: User, group_key: str) -> QuerySet[Notification]:
    """The member's visible notifications in one group; an unknown or empty group is NotFound."""
    rows = notifications_for(user)
    if group_key.startswith(UNGROUPED):
        number = group_key.removeprefix(UNGROUPED)
        rows = rows.filter(pk=int(number)) if number.isascii() and number.isdecimal() else rows.none()
    else:
        rows = rows.filter(group_key=group_key, kind__in=GROUPED_KINDS)
    if not group_key or len(group_key) > 64 or not rows.exists():
        raise NotFound("No such notification group.")
    return rows


def access_notification_group(user: User, group_key: str) -> NotificationGroup:
    """One group, counted whole."""
    rows = group_rows(user, group_key)
    return notification_groups(user, rows=rows, limit=1).groups[0]


def group_actors(user: User, group_key: str) -> list[User]:
    """Everyone who acted in a group, newest first, each once."""
    seen: dict[int, User] = {}
    for notification in group_rows(user, group_key).order_by("-id"):
        if notification.actor is not None:
            seen.setdefault(notification.actor.pk, notification.actor)
    return list(seen.values())


def dismiss_notification_group(*, user: User, group_key: str) -> int:
    """Delete every notification of a group (Mastodon's dismiss of a group)."""
    ids = list(group_rows(user, group_key).values_list("pk", flat=True))
    deleted, _details = Notification.objects.filter(recipient=user, pk__in=ids).delete()
    return deleted


def unread_group_count(user: User, *, rows: QuerySet[Notification], grouped_kinds: Collection[str], limit: int) -> int:
    """How many groups hold an unread notification, counted up to `limit`."""
    unread = _keyed(rows.filter(read_at__isnull=True), grouped_kinds)
    return len(unread.order_by().values(KEY).distinct()[:limit])
