"""Background work on home feeds: each task loads its objects and calls one action.

Enqueued inside the transaction that made the change, so with the database queue the task row
commits with the post or follow, or not at all. With the in-process backend the task runs at
once: its savepoint keeps a failure from spoiling the caller's transaction (the backend records
the failure; it is logged here too).
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django_tasks import task

from parley.accounts.models import User
from parley.feeds.actions import backfill_author, fan_out_post, forget_feed, remove_author
from parley.posts.models import Post

logger = logging.getLogger(__name__)


def _run(what: str, action: Callable[[], None]) -> None:
    try:
        with transaction.atomic():
            action()
    except Exception:
        logger.exception("home feeds: %s failed", what)
        raise


@task()
def fan_out_post_task(post_id: int) -> None:
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None:  # deleted before the task ran
        return
    _run(f"fan-out of post {post_id}", lambda: fan_out_post(post=post))


@task()
def backfill_author_task(member_id: int, author_id: int) -> None:
    member = User.objects.filter(pk=member_id).first()
    author = User.objects.filter(pk=author_id).first()
    if member is None or author is None:
        return
    _run(f"backfill of {author_id} into {member_id}", lambda: backfill_author(member=member, author=author))


@task()
def remove_author_task(member_id: int, author_id: int) -> None:
    member = User.objects.filter(pk=member_id).first()
    author = User.objects.filter(pk=author_id).first()
    if member is None or author is None:
        return
    _run(f"removal of {author_id} from {member_id}", lambda: remove_author(member=member, author=author))


@task()
def forget_feed_task(member_id: int) -> None:
    _run(f"forgetting the feed of {member_id}", lambda: forget_feed(member_id=member_id))
