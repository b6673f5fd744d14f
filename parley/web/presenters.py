"""What a post looks like to one viewer: the shown post, who echoed it, the state of its buttons."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from parley.accounts.models import User
from parley.posts.models import Post, PostState, Visibility
from parley.posts.queries import can_view, viewer_interactions


@dataclass(frozen=True)
class PostCard:
    entry: Post  # the timeline row: an echo, or the post itself
    post: Post  # what is shown and acted on: the echoed post for an echo
    echoed_by: User | None
    quote: Post | None  # the quoted post, only when the viewer may see it
    upvoted: bool
    echoed: bool
    bookmarked: bool
    own: bool
    signed_in: bool

    @property
    def shareable(self) -> bool:
        return self.post.state == PostState.PUBLISHED and self.post.visibility in (
            Visibility.PUBLIC,
            Visibility.UNLISTED,
        )

    @property
    def repliable(self) -> bool:
        return self.post.state == PostState.PUBLISHED


def present_posts(viewer: User | None, entries: Iterable[Post]) -> list[PostCard]:
    """Cards for a page of posts, with a fixed number of queries whatever the page length."""
    signed_in = viewer is not None and viewer.is_authenticated
    rows = list(entries)
    shown = [row.echo_of if row.echo_of is not None else row for row in rows]
    quotes: dict[int, Post | None] = {}
    for post in shown:
        if post.quote_of is not None and post.quote_of_id not in quotes:
            quotes[post.quote_of.pk] = post.quote_of if can_view(viewer, post.quote_of) else None
    # Mentions decide which @names become profile links when the text is rendered.
    prefetch_related_objects(shown + [q for q in quotes.values() if q is not None], "mentions__user")
    state = viewer_interactions(viewer, [post.pk for post in shown])
    cards = []
    for row, post in zip(rows, shown, strict=True):
        cards.append(
            PostCard(
                entry=row,
                post=post,
                echoed_by=row.author if row.echo_of is not None else None,
                quote=quotes.get(post.quote_of_id) if post.quote_of_id is not None else None,
                upvoted=post.pk in state.upvoted,
                echoed=post.pk in state.echoed,
                bookmarked=post.pk in state.bookmarked,
                own=signed_in and viewer is not None and viewer.pk == post.author_id,
                signed_in=signed_in,
            )
        )
    return cards
