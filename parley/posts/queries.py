"""Who may see which post, and the timelines built on that one rule."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone

from parley.accounts.models import Follow, User
from parley.accounts.queries import active_members, blocked_ids, hidden_ids, not_suspended_q
from parley.core.errors import NotFound
from parley.core.ids import id_floor_for_time, time_of_id
from parley.posts.models import (
    Bookmark,
    Hashtag,
    Media,
    Mention,
    Pin,
    Post,
    PostHashtag,
    PostState,
    Upvote,
    Visibility,
)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 40


def _viewer(viewer: User | None) -> User | None:
    return viewer if viewer is not None and viewer.is_authenticated else None


def _followed_by(viewer: User) -> "QuerySet[Follow, Any]":
    """Followed account ids as a subquery: cheap to build, evaluated once by the database."""
    return Follow.objects.filter(follower=viewer).values("followee_id")


def _visible_q(viewer: User | None, *, prefix: str = "", hidden: set[int] | None = None) -> Q:
    """The visibility rule as a filter: state, suspension, blocks/mutes, audience."""
    viewer = _viewer(viewer)
    published = Q(**{f"{prefix}state": PostState.PUBLISHED})
    open_audience = Q(**{f"{prefix}visibility__in": [Visibility.PUBLIC, Visibility.UNLISTED]})
    if viewer is None:
        return published & open_audience & not_suspended_q(f"{prefix}author__")
    hidden = hidden_ids(viewer) if hidden is None else hidden
    own = Q(**{f"{prefix}author_id": viewer.pk})
    mentioned = Q(**{f"{prefix}pk__in": Mention.objects.filter(user=viewer).values("post_id")})
    audience = (
        open_audience
        | own
        | (Q(**{f"{prefix}visibility": Visibility.FOLLOWERS}) & Q(**{f"{prefix}author_id__in": _followed_by(viewer)}))
        | mentioned
    )
    state = published | (own & Q(**{f"{prefix}state": PostState.PENDING}))
    return _row_check(state & audience & not_suspended_q(f"{prefix}author__")) & ~Q(
        **{f"{prefix}author_id__in": hidden}
    )


def _row_check(condition: Q) -> Q:
    """Evaluate `condition` on each candidate row instead of letting it choose the index.

    Left as plain ORs, SQLite drives the query from every OR branch's index at once (a
    MULTI-INDEX OR over most of the table); as a CASE it filters the rows that the timeline's
    own index (author, hashtag or public) yields in id order.
    """
    return Q(Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()))


def visible_posts(viewer: User | None, *, hidden: set[int] | None = None) -> QuerySet[Post]:
    """Posts the viewer may see in lists; echoes only when the echoed post is visible too."""
    echo_visible = _row_check(Q(echo_of__isnull=True) | _visible_q(viewer, prefix="echo_of__", hidden=hidden))
    return (
        Post.objects.filter(_visible_q(viewer, hidden=hidden) & echo_visible)
        .select_related("author", "echo_of", "echo_of__author", "quote_of", "quote_of__author", "in_reply_to_account")
        .prefetch_related("media", "echo_of__media")
    )


def can_view(viewer: User | None, post: Post) -> bool:
    """Direct access (a link): the same rule as lists, except that mutes do not hide."""
    viewer = _viewer(viewer)
    if viewer is not None and viewer.pk == post.author_id:
        return post.state in (PostState.PUBLISHED, PostState.PENDING, PostState.REJECTED, PostState.REMOVED)
    # Moderators see every post but direct messages: those only through a report or review
    # item that concerns them, or an audited break-glass access (parley/safety).
    if viewer is not None and viewer.is_moderator and post.visibility != Visibility.DIRECT:
        return True
    hidden = blocked_ids(viewer) if viewer is not None else set()
    return Post.objects.filter(pk=post.pk).filter(_visible_q(viewer, hidden=hidden)).exists()


def is_open_to_anyone(post: Post | None) -> bool:
    """Whether a signed-out visitor may see `post`: the rule of `_visible_q(None)`, for one loaded post."""
    return (
        post is not None
        and post.state == PostState.PUBLISHED
        and post.visibility in (Visibility.PUBLIC, Visibility.UNLISTED)
        and not post.author.is_suspended
    )


def access_post(viewer: User | None, post_id: int | str) -> Post:
    """The post as `viewer` may see it, or NotFound (never Forbidden: no existence leak)."""
    try:
        pk = int(post_id)
    except (TypeError, ValueError) as exc:
        raise NotFound("No such post.") from exc
    post = Post.objects.select_related("author", "echo_of", "quote_of", "quote_of__author").filter(pk=pk).first()
    if post is None or not can_view(viewer, post):
        raise NotFound("No such post.")
    return post


# Any table with time-sortable ids pages the same way (posts, notifications, follows, blocks).
Row = TypeVar("Row", bound=Model)


@dataclass(frozen=True)
class Page(Generic[Row]):
    posts: list[Row]
    next_max_id: int | None  # older page
    prev_min_id: int | None  # newer page


# Pages are looked for in growing windows of time before the cursor, so that a page reads the
# rows of a recent window through the (author, id) / (hashtag, post) indexes instead of every
# row a followed account ever wrote. Sparse timelines fall through to the unbounded query.
SEARCH_WINDOWS = (timedelta(hours=6), timedelta(days=3), timedelta(days=30), timedelta(days=365), None)


def paginate(
    posts: QuerySet[Row],
    *,
    max_id: int | None = None,
    since_id: int | None = None,
    min_id: int | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> Page[Row]:
    """Id-cursor pagination: stable while new posts arrive, no OFFSET scans."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    if max_id is not None:
        posts = posts.filter(id__lt=max_id)
    if since_id is not None:
        posts = posts.filter(id__gt=since_id)
    if min_id is not None:
        rows = list(posts.filter(id__gt=min_id).order_by("id")[: limit + 1])
        has_more_newer = len(rows) > limit
        rows = list(reversed(rows[:limit]))
        return Page(rows, rows[-1].pk if rows else None, rows[0].pk if rows and has_more_newer else None)
    upper = time_of_id(max_id) if max_id is not None else timezone.now().timestamp()
    # Prefetches run once, for the page found, not for every window tried.
    lookups = posts._prefetch_related_lookups  # type: ignore[attr-defined]  # Django keeps no public accessor
    bare = posts.prefetch_related(None)
    rows = []
    for window in SEARCH_WINDOWS:
        windowed = bare
        if window is not None:
            floor = id_floor_for_time(datetime.fromtimestamp(upper, tz=UTC) - window)
            if since_id is not None and floor <= since_id:
                continue
            windowed = bare.filter(id__gte=floor)
        rows = list(windowed.order_by("-id")[: limit + 1])
        if len(rows) > limit:
            break
    if lookups:
        prefetch_related_objects(rows, *lookups)
    has_more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1].pk if rows and has_more else None, rows[0].pk if rows else None)


def home_timeline(viewer: User) -> QuerySet[Post]:
    hidden = hidden_ids(viewer)
    return visible_posts(viewer, hidden=hidden).filter(Q(author_id__in=_followed_by(viewer)) | Q(author_id=viewer.pk))


def public_timeline(viewer: User | None) -> QuerySet[Post]:
    return visible_posts(viewer).filter(
        visibility=Visibility.PUBLIC, state=PostState.PUBLISHED, limited=False, echo_of__isnull=True
    )


def hashtag_timeline(viewer: User | None, name: str) -> QuerySet[Post]:
    tag = Hashtag.objects.filter(name=name.casefold()).first()
    if tag is None:
        return Post.objects.none()
    # A join (not `pk IN (subquery)`) lets the (hashtag, post) index yield the page in id order.
    return visible_posts(viewer).filter(hashtag_links__hashtag=tag, visibility=Visibility.PUBLIC, limited=False)


def profile_timeline(
    viewer: User | None, author: User, *, with_replies: bool = True, only_media: bool = False
) -> QuerySet[Post]:
    posts = visible_posts(viewer).filter(author=author)
    if not with_replies:
        posts = posts.filter(in_reply_to__isnull=True)
    if only_media:
        posts = posts.filter(Exists(Media.objects.filter(post=OuterRef("pk"))))
    return posts


def bookmarked_posts(viewer: User) -> QuerySet[Post]:
    """The viewer's bookmarks that they may still see."""
    bookmarks = Bookmark.objects.filter(post=OuterRef("pk"), user=viewer)
    return visible_posts(viewer).filter(Exists(bookmarks))


@dataclass(frozen=True)
class Interactions:
    """What the viewer has done to a set of posts, for showing the state of their buttons."""

    upvoted: frozenset[int]
    echoed: frozenset[int]
    bookmarked: frozenset[int]
    pinned: frozenset[int] = frozenset()  # the viewer's own posts they pinned


def viewer_interactions(viewer: User | None, post_ids: Collection[int]) -> Interactions:
    """Four queries for a whole page of posts, whatever its length."""
    viewer = _viewer(viewer)
    if viewer is None or not post_ids:
        return Interactions(frozenset(), frozenset(), frozenset())
    ids = list(post_ids)
    upvoted = Upvote.objects.filter(user=viewer, post_id__in=ids).values_list("post_id", flat=True)
    echoed = Post.objects.filter(author=viewer, echo_of_id__in=ids).values_list("echo_of_id", flat=True)
    marked = Bookmark.objects.filter(user=viewer, post_id__in=ids).values_list("post_id", flat=True)
    pinned = Pin.objects.filter(user=viewer, post_id__in=ids).values_list("post_id", flat=True)
    return Interactions(
        upvoted=frozenset(upvoted), echoed=frozenset(echoed), bookmarked=frozenset(marked), pinned=frozenset(pinned)
    )


def pinned_posts(viewer: User | None, author: User) -> QuerySet[Post]:
    """The posts `author` pinned that the viewer may see."""
    return visible_posts(viewer).filter(Exists(Pin.objects.filter(post=OuterRef("pk"), user=author)))


def direct_timeline(viewer: User) -> QuerySet[Post]:
    return (
        visible_posts(viewer)
        .filter(visibility=Visibility.DIRECT)
        .filter(Q(author=viewer) | Exists(Mention.objects.filter(post=OuterRef("pk"), user=viewer)))
    )


@dataclass(frozen=True)
class Thread:
    ancestors: list[Post]
    post: Post
    descendants: list[Post]


def thread(viewer: User | None, post: Post, *, max_posts: int = 500) -> Thread:
    """The post with the visible posts above and below it, in reading order."""
    visible = visible_posts(viewer)
    ancestors: list[Post] = []
    parent_id = post.in_reply_to_id
    seen = {post.pk}
    while parent_id is not None and parent_id not in seen and len(ancestors) < 100:
        seen.add(parent_id)
        parent = visible.filter(pk=parent_id).first()
        if parent is None:
            break
        ancestors.append(parent)
        parent_id = parent.in_reply_to_id
    ancestors.reverse()
    conversation = list(
        visible.filter(conversation_id=post.conversation_id, echo_of__isnull=True, id__gt=post.pk).order_by("id")[
            :max_posts
        ]
    )
    children: dict[int, list[Post]] = {}
    for reply in conversation:
        if reply.in_reply_to_id is not None:
            children.setdefault(reply.in_reply_to_id, []).append(reply)
    descendants: list[Post] = []
    stack = list(reversed(children.get(post.pk, [])))
    while stack:
        current = stack.pop()
        descendants.append(current)
        stack.extend(reversed(children.get(current.pk, [])))
    return Thread(ancestors, post, descendants)


@dataclass(frozen=True)
class TrendingTag:
    name: str
    posts: int
    accounts: int


def trending_hashtags(*, hours: int = 24, limit: int = 10) -> list[TrendingTag]:
    since = timezone.now() - timedelta(hours=hours)
    rows = (
        PostHashtag.objects.filter(
            created_at__gte=since,
            post__state=PostState.PUBLISHED,
            post__visibility=Visibility.PUBLIC,
            post__limited=False,
        )
        .filter(not_suspended_q("post__author__"))
        .values("hashtag__name")
        .annotate(posts=Count("post", distinct=True), accounts=Count("post__author", distinct=True))
        .order_by("-accounts", "-posts", "hashtag__name")[:limit]
    )
    return [TrendingTag(r["hashtag__name"], r["posts"], r["accounts"]) for r in rows]


def search_hashtags(query: str, *, limit: int = 10) -> list[Hashtag]:
    query = query.strip().lstrip("#").casefold()
    if not query:
        return []
    return list(Hashtag.objects.filter(name__startswith=query).order_by("name")[:limit])


def published_post_count() -> int:
    """Published posts on this instance, cached: a page view must not count the table each time."""
    return int(
        cache.get_or_set(
            "parley:published_post_count",
            lambda: Post.objects.filter(state=PostState.PUBLISHED, echo_of__isnull=True).count(),
            600,
        )
        or 0
    )


def upvoted_posts(viewer: User) -> QuerySet[Post]:
    """The posts the viewer upvoted that they may still see."""
    return visible_posts(viewer).filter(Exists(Upvote.objects.filter(post=OuterRef("pk"), user=viewer)))


def echoers_of(post: Post) -> QuerySet[User]:
    """Active members who echoed `post`."""
    return active_members().filter(pk__in=Post.objects.filter(echo_of=post).values("author_id"))


def upvoters_of(post: Post) -> QuerySet[User]:
    """Active members who upvoted `post`."""
    return active_members().filter(pk__in=Upvote.objects.filter(post=post).values("user_id"))
    return active_members().filter(pk__in=Upvote.objects.filter(post=post).values("user_id"))


def access_media(owner: User, media_id: int) -> Media:
    """One of the member's own uploads (attached or not); NotFound for anyone else's."""
    media = Media.objects.filter(pk=media_id, owner=owner).first()
    if media is None:
        raise NotFound("No such media.")
    return media
