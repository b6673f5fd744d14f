"""Conversations: the member's direct messages grouped by who takes part, with unread state."""

from django.http import HttpResponse, JsonResponse

from parley.accounts.models import User
from parley.conversations.actions import mark_conversation_read, remove_conversation
from parley.conversations.models import Conversation
from parley.conversations.queries import (
    access_conversation,
    conversations_of,
    last_visible_messages,
    paginate_by_last_message,
    participants,
)
from parley.filters.queries import PostFilter
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required
from parley.mastodon_api.pagination import paginated_response
from parley.mastodon_api.presenters import JSON, StatusPresenter


def _present(user: User, conversations: list[Conversation], *, keep_unseen: bool = False) -> list[JSON]:
    """A page of conversations; one whose messages the member can no longer see is left out of
    lists (`keep_unseen`: shown without a last status)."""
    last = last_visible_messages(user, conversations)
    people = participants(conversations)
    statuses = StatusPresenter(user, last.values(), filters=PostFilter(user, "thread"))
    found = []
    for conversation in conversations:
        post = last.get(conversation.pk)
        if post is None and not keep_unseen:
            continue
        others = [people[pk] for pk in conversation.participant_ids if pk in people]
        found.append(
            {
                "id": str(conversation.pk),
                "unread": conversation.unread,
                # Mastodon lists the member themself in a conversation with nobody else.
                "accounts": [statuses.account(account) for account in others or [user]],
                "last_status": statuses.status(post) if post is not None else None,
            }
        )
    return found


@scope_required("read:statuses")
def list_conversations(request: ApiRequest) -> HttpResponse:
    user = member(request)
    return paginated_response(
        request,
        conversations_of(user),
        lambda page: _present(user, page),
        paginator=paginate_by_last_message,
    )


@scope_required("write:conversations")
def read(request: ApiRequest, conversation_id: str) -> HttpResponse:
    user = member(request)
    conversation = mark_conversation_read(conversation=access_conversation(user, conversation_id))
    return JsonResponse(_present(user, [conversation], keep_unseen=True)[0])


@scope_required("write:conversations")
def delete(request: ApiRequest, conversation_id: str) -> HttpResponse:
    remove_conversation(conversation=access_conversation(member(request), conversation_id))
    return JsonResponse({})
