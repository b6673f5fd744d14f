"""How home feeds react to what posts and accounts announce (their signals.py).

Connected once, in `FeedsConfig.ready()`; each receiver enqueues one task, inside the sender's
transaction. Blocks, mutes, deletions and moderation need no receiver: the read applies them.
"""

from typing import Any

from django.dispatch import receiver

from parley.accounts.models import User
from parley.accounts.signals import follow_ended, follow_started, member_erasing
from parley.feeds.tasks import backfill_author_task, fan_out_post_task, forget_feed_task, remove_author_task
from parley.posts.models import Post
from parley.posts.signals import post_announced, post_held


@receiver(post_announced, dispatch_uid="feeds.post_announced")
@receiver(post_held, dispatch_uid="feeds.post_held")
def push_post(*, post: Post, **kwargs: Any) -> None:
    fan_out_post_task.enqueue(post_id=post.pk)


@receiver(follow_started, dispatch_uid="feeds.follow_started")
def backfill(*, follower: User, target: User, **kwargs: Any) -> None:
    backfill_author_task.enqueue(member_id=follower.pk, author_id=target.pk)


@receiver(follow_ended, dispatch_uid="feeds.follow_ended")
def unmerge(*, follower: User, target: User, **kwargs: Any) -> None:
    remove_author_task.enqueue(member_id=follower.pk, author_id=target.pk)


@receiver(member_erasing, dispatch_uid="feeds.member_erasing")
def forget(*, member: User, **kwargs: Any) -> None:
    forget_feed_task.enqueue(member_id=member.pk)
