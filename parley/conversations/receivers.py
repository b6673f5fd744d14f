"""How conversations react to what posts announces (parley/posts/signals.py).

Connected once, in `ConversationsConfig.ready()`; each receiver calls one action, inside the
sender's transaction.
"""

from typing import Any

from django.dispatch import receiver

from parley.conversations.actions import add_direct_message, forget_direct_message
from parley.posts.models import Post
from parley.posts.signals import direct_message_deleting, direct_message_published


@receiver(direct_message_published, dispatch_uid="conversations.direct_message_published")
def file_direct_message(*, post: Post, **kwargs: Any) -> None:
    add_direct_message(post=post)


@receiver(direct_message_deleting, dispatch_uid="conversations.direct_message_deleting")
def drop_direct_message(*, post: Post, **kwargs: Any) -> None:
    forget_direct_message(post=post)
