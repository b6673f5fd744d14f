"""Every change to home feeds: fan-out of a post, backfill on follow, removal on unfollow, rebuilds.

Feeds hold candidates, not decisions: a post is pushed to everyone whose home it belongs in by
authorship and follows, and the visibility rule (blocks, mutes, suspensions, moderation,
audience) is applied when the feed is read. So nothing here has to be undone when a block, mute
or moderation decision changes, and a feed can never show what its reader may not see.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from parley.accounts.models import Follow, User
from parley.core.ids import id_floor_for_time
from parley.feeds.models import HomeFeed
from parley.feeds.stores import Entry, feed_size, feed_store
from parley.posts.models import Mention, Post, PostState, Visibility
from parley.posts.queries import SEARCH_WINDOWS, visible_posts

# A reader's last visit is written at most this often: reading home must not write on every page.
READ_MARK_INTERVAL = timedelta(hours=1)


def inactive_before() -> datetime:
    return timezone.now() - timedelta(days=settings.PARLEY_FEED_INACTIVE_DAYS)


def fans_out(author: User) -> bool:
    """Whether the author's posts are pushed to followers, or merged into their homes when read."""
    return author.followers_count <= settings.PARLEY_FEED_FANOUT_LIMIT


def fan_out_post(*, post: Post) -> None:
    """Push a post to its author's feed and, once public, to the feeds of active followers.

    A held post goes to its author only (they see it while it waits). A direct message goes to
    the followers it mentions only. Followers away longer than the inactivity limit are skipped
    (their feed is rebuilt when they return), and so is every follower of an account above the
    fan-out limit (its posts are merged into their homes when read).
    """
    owners = [post.author_id]
    if post.state == PostState.PUBLISHED and fans_out(post.author):
        followers = Follow.objects.filter(
            followee_id=post.author_id, follower__home_feed__last_read_at__gte=inactive_before()
        )
        if post.visibility == Visibility.DIRECT:
            followers = followers.filter(follower_id__in=Mention.objects.filter(post=post).values("user_id"))
        owners += list(followers.values_list("follower_id", flat=True))
    feed_store().push(owners, Entry(post.pk, post.author_id))


def home_candidates(member: User) -> "QuerySet[Post]":
    """What a member's home feed may hold: visible posts and echoes by them and by those they follow.

    Mutes and blocks are left to the read (a mute can expire), so they are not applied here.
    """
    followed = Follow.objects.filter(follower=member).values("followee_id")
    return (
        visible_posts(member, hidden=set())
        .filter(Q(author_id__in=followed) | Q(author_id=member.pk))
        .select_related(None)
        .prefetch_related(None)
    )


def _newest(posts: "QuerySet[Post]", limit: int) -> list[Entry]:
    """The newest `limit` posts, looked for in growing windows of time (as `paginate` does)."""
    rows: list[tuple[int, int]] = []
    now = timezone.now()
    for window in SEARCH_WINDOWS:
        windowed = posts if window is None else posts.filter(id__gte=id_floor_for_time(now - window))
        rows = list(windowed.order_by("-id").values_list("id", "author_id")[:limit])
        if len(rows) >= limit:
            break
    return [Entry(pk, author) for pk, author in rows]


def rebuild_feed(*, member: User) -> int:
    """Rebuild a member's feed from the database; returns its floor."""
    size = feed_size()
    entries = _newest(home_candidates(member), size + 1)
    floor = entries[size - 1].post_id if len(entries) > size else 0
    feed_store().replace(member.pk, entries[:size], floor=floor)
    return floor


def prepare_home_feed(*, member: User) -> int:
    """Before a read: note the visit, and rebuild the feed if it is missing or its owner was away
    (fan-out skipped them). Returns the feed's floor."""
    now = timezone.now()
    last_read = HomeFeed.objects.filter(member=member).values_list("last_read_at", flat=True).first()
    if last_read is None or last_read < now - READ_MARK_INTERVAL:
        # Marked before rebuilding, so a post published meanwhile is pushed to the new feed.
        HomeFeed.objects.update_or_create(member=member, defaults={"last_read_at": now})
    floor = feed_store().floor(member.pk)
    if floor is None or last_read is None or last_read < inactive_before():
        floor = rebuild_feed(member=member)
    return floor


def backfill_author(*, member: User, author: User) -> None:
    """After a follow: the author's recent posts join the follower's feed, if it is kept."""
    store = feed_store()
    floor = store.floor(member.pk)
    if floor is None or not HomeFeed.objects.filter(member=member, last_read_at__gte=inactive_before()).exists():
        return
    size = feed_size()
    entries = _newest(home_candidates(member).filter(author=author, id__gte=floor), size + 1)
    # Cut at the feed size: the author's older posts are then missing, so the floor rises above them.
    new_floor = entries[size - 1].post_id if len(entries) > size else floor
    store.add(member.pk, entries[:size], floor=new_floor)


def remove_author(*, member: User, author: User) -> None:
    """After an unfollow: the author's posts and echoes leave the follower's feed."""
    feed_store().remove_author(member.pk, author.pk)


def forget_feed(*, member_id: int) -> None:
    """A member being erased: their feed goes (the SQL store's rows would go with the account row,
    a Redis store's keys would not)."""
    feed_store().drop(member_id)


def rebuild_all_feeds() -> int:
    """Rebuild the feed of every member who reads theirs; forget those of members away. Returns how many were rebuilt."""
    store = feed_store()
    rebuilt = 0
    cutoff = inactive_before()
    for feed in HomeFeed.objects.select_related("member").iterator():
        if feed.last_read_at >= cutoff and feed.member.is_active:
            rebuild_feed(member=feed.member)
            rebuilt += 1
        else:
            store.drop(feed.member_id)
    return rebuilt
