"""How the posts layer reacts to what accounts announces (parley/accounts/signals.py).

Connected once, in `PostsConfig.ready()`; each receiver calls one action or notifies, inside the
sender's transaction.
"""

from typing import Any

from django.dispatch import receiver

from parley.accounts.models import User
from parley.accounts.signals import follow_requested, follow_started, member_erasing
from parley.posts.actions import erase_member_content
from parley.posts.models import NotificationKind
from parley.posts.notifications import notify, notify_once


@receiver(follow_started, dispatch_uid="posts.follow_started")
def notify_follow(*, follower: User, target: User, **kwargs: Any) -> None:
    notify_once(recipient=target, actor=follower, kind=NotificationKind.FOLLOW)


@receiver(follow_requested, dispatch_uid="posts.follow_requested")
def notify_follow_request(*, requester: User, target: User, **kwargs: Any) -> None:
    notify(recipient=target, actor=requester, kind=NotificationKind.FOLLOW_REQUEST)


@receiver(member_erasing, dispatch_uid="posts.member_erasing")
def erase_content(*, member: User, **kwargs: Any) -> None:
    erase_member_content(member=member)
