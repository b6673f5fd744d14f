"""Every change to conversations goes through one function here."""

from django.db import transaction

from parley.conversations.models import Conversation, ConversationMessage
from parley.posts.models import Mention, Post


def participants_key(participant_ids: set[int], *, member_id: int) -> str:
    """The set of the other participants as a member's conversation stores it."""
    return ",".join(str(pk) for pk in sorted(participant_ids - {member_id}))


@transaction.atomic
def add_direct_message(*, post: Post) -> None:
    """File a published direct message in the conversation of its author and of each member it
    mentions with the others: unread for the recipients, read for the author (as Mastodon)."""
    participants = {post.author_id, *Mention.objects.filter(post=post).values_list("user_id", flat=True)}
    for member_id in participants:
        conversation, _created = Conversation.objects.select_for_update().get_or_create(
            member_id=member_id, participants_key=participants_key(participants, member_id=member_id)
        )
        ConversationMessage.objects.get_or_create(conversation=conversation, post=post)
        if conversation.last_post_id is None or conversation.last_post_id < post.pk:
            conversation.last_post = post
            conversation.unread = member_id != post.author_id
            conversation.save(update_fields=["last_post", "unread"])


@transaction.atomic
def forget_direct_message(*, post: Post) -> None:
    """A direct message is being deleted: each conversation it ended moves back to its previous
    message, and a conversation with nothing left goes."""
    conversation_ids = ConversationMessage.objects.filter(post=post).values_list("conversation_id", flat=True)
    for conversation in Conversation.objects.select_for_update().filter(pk__in=list(conversation_ids)):
        ConversationMessage.objects.filter(conversation=conversation, post=post).delete()
        if conversation.last_post_id != post.pk:
            continue
        previous = (
            ConversationMessage.objects.filter(conversation=conversation)
            .order_by("-post_id")
            .values_list("post_id", flat=True)
        ).first()
        if previous is None:
            conversation.delete()
        else:
            conversation.last_post_id = previous
            conversation.save(update_fields=["last_post"])


def mark_conversation_read(*, conversation: Conversation) -> Conversation:
    conversation.unread = False
    conversation.save(update_fields=["unread"])
    return conversation


def remove_conversation(*, conversation: Conversation) -> None:
    """Take the conversation off the member's list; their next direct message with the same
    people starts it again (as Mastodon)."""
    conversation.delete()
