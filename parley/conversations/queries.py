"""Reads about conversations: the member's list, one conversation, and what each one shows."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.accounts.queries import hidden_ids
from parley.conversations.models import Conversation, ConversationMessage
from parley.core.errors import NotFound
from parley.posts.models import Post
from parley.posts.queries import MAX_PAGE_SIZE, Page, visible_posts


def conversations_of(member: User) -> QuerySet[Conversation]:
    return Conversation.objects.filter(member=member, last_post__isnull=False)


def access_conversation(member: User, conversation_id: int | str) -> Conversation:
    """One of the member's conversations; NotFound for anyone else's."""
    try:
        pk = int(conversation_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such conversation.")) from exc
    found = conversations_of(member).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such conversation."))
    return found


def paginate_by_last_message(
    conversations: QuerySet[Conversation],
    *,
    max_id: int | None = None,
    since_id: int | None = None,
    min_id: int | None = None,
    limit: int = 20,
) -> Page[Conversation]:
    """Conversations newest message first; the cursors are message ids, as Mastodon's are."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    if max_id is not None:
        conversations = conversations.filter(last_post_id__lt=max_id)
    if since_id is not None:
        conversations = conversations.filter(last_post_id__gt=since_id)
    if min_id is not None:
        rows = list(conversations.filter(last_post_id__gt=min_id).order_by("last_post_id")[: limit + 1])
        newer = len(rows) > limit
        rows = list(reversed(rows[:limit]))
        return Page(rows, rows[-1].last_post_id if rows else None, rows[0].last_post_id if rows and newer else None)
    rows = list(conversations.order_by("-last_post_id")[: limit + 1])
    older = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1].last_post_id if rows and older else None, rows[0].last_post_id if rows else None)


def last_visible_messages(member: User, conversations: list[Conversation]) -> dict[int, Post]:
    """Each conversation's newest message that the member may still see (a message removed by
    moderation, or from someone they now block or mute, is skipped); none: left out."""
    visible = visible_posts(member, hidden=hidden_ids(member))
    latest = {post.pk: post for post in visible.filter(pk__in=[c.last_post_id for c in conversations])}
    found: dict[int, Post] = {}
    for conversation in conversations:
        post = latest.get(conversation.last_post_id or 0)
        if post is None:  # rare: look back through the conversation's earlier messages
            messages = ConversationMessage.objects.filter(conversation=conversation).values("post_id")
            post = visible.filter(pk__in=messages).order_by("-id").first()
        if post is not None:
            found[conversation.pk] = post
    return found


def participants(conversations: list[Conversation]) -> dict[int, User]:
    """The other participants of a page of conversations, by id (erased ones are missing)."""
    ids = {pk for conversation in conversations for pk in conversation.participant_ids}
    return {user.pk: user for user in User.objects.filter(pk__in=ids)}
