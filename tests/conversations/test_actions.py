"""Conversations follow direct messages: published, deleted, removed by moderation, hidden."""

import importlib

import pytest
from django.apps import apps

from parley.conversations.actions import mark_conversation_read, remove_conversation
from parley.conversations.models import Conversation, ConversationMessage
from parley.conversations.queries import access_conversation, conversations_of, last_visible_messages
from parley.core.errors import NotFound
from parley.posts.actions import announce_post, delete_post, publish_post
from parley.posts.models import PostState

pytestmark = pytest.mark.django_db


def state(member) -> dict[str, tuple[int | None, bool]]:
    """The member's conversations as {participants' usernames: (last message id, unread)}."""
    found = {}
    for conversation in Conversation.objects.filter(member=member):
        names = ",".join(
            sorted(
                apps.get_model("accounts", "User").objects.get(pk=pk).username for pk in conversation.participant_ids
            )
        )
        found[names] = (conversation.last_post_id, conversation.unread)
    return found


def dm(author, *recipients, text: str = "hello"):
    return publish_post(
        author=author, text=" ".join(f"@{r.username}" for r in recipients) + f" {text}", visibility="direct"
    )


@pytest.fixture
def people(make_member):
    return [make_member(name) for name in ("alice", "bob", "carol")]


def test_a_direct_message_files_one_conversation_per_participant(people) -> None:
    alice, bob, carol = people
    first = dm(alice, bob, carol)
    assert state(alice) == {"bob,carol": (first.pk, False)}
    assert state(bob) == {"alice,carol": (first.pk, True)}
    assert state(carol) == {"alice,bob": (first.pk, True)}
    answer = dm(bob, alice, carol, text="hi all")
    assert state(alice) == {"bob,carol": (answer.pk, True)}
    assert state(bob) == {"alice,carol": (answer.pk, False)}
    private = dm(alice, bob, text="just you")
    assert state(alice) == {"bob,carol": (answer.pk, True), "bob": (private.pk, False)}
    assert state(bob)["alice"] == (private.pk, True)


def test_other_posts_and_held_messages_file_nothing_until_published(people) -> None:
    alice, bob, _carol = people
    publish_post(author=alice, text=f"@{bob.username} in public")
    publish_post(author=alice, text=f"@{bob.username} for followers", visibility="followers")
    assert not Conversation.objects.exists()
    held = dm(alice, bob)
    Conversation.objects.all().delete()
    held.state = PostState.PENDING
    held.save(update_fields=["state"])
    held.state = PostState.PUBLISHED  # a moderator publishes it, as safety's decision does
    held.save(update_fields=["state"])
    announce_post(held)
    assert state(bob) == {"alice": (held.pk, True)}


def test_a_message_to_nobody_is_a_conversation_with_oneself(people) -> None:
    alice = people[0]
    note = publish_post(author=alice, text="a note to self", visibility="direct")
    assert state(alice) == {"": (note.pk, False)}


def test_deleting_moves_back_then_removes_the_conversation(people) -> None:
    alice, bob, _carol = people
    first, second = dm(alice, bob), dm(bob, alice)
    delete_post(actor=bob, post=second)
    # The unread state is kept: alice has not read it, bob had when he answered.
    assert state(alice) == {"bob": (first.pk, True)}
    assert state(bob) == {"alice": (first.pk, False)}
    delete_post(actor=alice, post=first)
    assert not Conversation.objects.exists() and not ConversationMessage.objects.exists()


def test_deleting_an_older_message_keeps_the_last_one(people) -> None:
    alice, bob, _carol = people
    first, second = dm(alice, bob), dm(alice, bob)
    delete_post(actor=alice, post=first)
    assert state(bob) == {"alice": (second.pk, True)}


def test_removed_by_moderation_shows_the_previous_message_or_nothing(people) -> None:
    alice, bob, carol = people
    first, second = dm(alice, bob), dm(alice, bob)
    lonely = dm(carol, bob)
    for post in (second, lonely):
        post.state = PostState.REMOVED
        post.save(update_fields=["state"])
    conversations = list(conversations_of(bob))
    shown = last_visible_messages(bob, conversations)
    by_key = {c.participants_key: shown[c.pk].pk for c in conversations if c.pk in shown}
    assert by_key == {str(alice.pk): first.pk}


def test_read_and_remove(people) -> None:
    alice, bob, carol = people
    dm(alice, bob)
    conversation = access_conversation(bob, Conversation.objects.get(member=bob).pk)
    mark_conversation_read(conversation=conversation)
    assert state(bob) == {"alice": (conversation.last_post_id, False)}
    for who, conversation_id in ((alice, conversation.pk), (carol, conversation.pk), (bob, "x"), (bob, None)):
        with pytest.raises(NotFound):
            access_conversation(who, conversation_id)
    remove_conversation(conversation=conversation)
    assert state(bob) == {}
    assert state(alice) != {}  # alice's side is hers
    again = dm(alice, bob, text="still there?")
    assert state(bob) == {"alice": (again.pk, True)}
    assert list(ConversationMessage.objects.filter(conversation__member=bob).values_list("post_id", flat=True)) == [
        again.pk
    ]


def test_the_migration_files_earlier_direct_messages(people) -> None:
    alice, bob, carol = people
    first, second = dm(alice, bob, carol), dm(bob, alice)
    publish_post(author=alice, text="public")
    Conversation.objects.all().delete()
    backfill = importlib.import_module("parley.conversations.migrations.0002_backfill_direct_messages").backfill
    backfill(apps, None)
    assert state(alice) == {"bob,carol": (first.pk, False), "bob": (second.pk, False)}
    assert state(bob) == {"alice,carol": (first.pk, False), "alice": (second.pk, False)}
    assert ConversationMessage.objects.count() == 5
