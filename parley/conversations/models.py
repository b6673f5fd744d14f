"""Direct-message conversations as each member sees them (Mastodon's conversations)."""

from django.conf import settings
from django.db import models

from parley.core.models import SnowflakeField
from parley.posts.models import Post


class Conversation(models.Model):
    """One member's direct messages with one set of other participants, with its unread state.

    `participants_key` is the others' ids, sorted and comma-separated ("" when the member wrote
    to nobody else): the set that groups messages. `last_post` is the newest message in it and
    orders the member's conversations; who may read which message is still decided at read
    time by `visible_posts`.
    """

    id = SnowflakeField()
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations")
    participants_key = models.CharField(max_length=1000)
    last_post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    unread = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "participants_key"], name="unique_conversation_participants")
        ]
        indexes = [models.Index(fields=["member", "-last_post"], name="conversation_inbox")]

    def __str__(self) -> str:
        return f"conversation {self.pk} of {self.member_id}"

    @property
    def participant_ids(self) -> list[int]:
        return [int(part) for part in self.participants_key.split(",") if part]


class ConversationMessage(models.Model):
    """A direct message in a member's conversation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "post"], name="unique_conversation_message")]
        indexes = [models.Index(fields=["post"], name="conversation_message_post")]

    def __str__(self) -> str:
        return f"{self.post_id} in conversation {self.conversation_id}"
