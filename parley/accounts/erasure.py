"""Erasing a deleted account, run as a background task (see `actions.delete_account`)."""

from django.db import transaction

from parley.accounts.graph import delete_follow_row
from parley.accounts.models import Follow, User
from parley.accounts.signals import member_erasing

# Shown to moderators (and in the admin) for the few moments an account waits to be erased.
DELETION_REASON = "Account deleted by its owner; erasing."


@transaction.atomic
def erase_account(*, user: User) -> None:
    """Erase a deleted member's posts, media, follows, upvotes and the account itself.

    What other domains hold of theirs (posts, media, upvotes) goes first, through
    `member_erasing`, so the counters on other members' posts stay right.
    """
    member_erasing.send(sender=User, member=user)
    for follow_row in Follow.objects.filter(follower=user).select_related("followee"):
        delete_follow_row(user, follow_row.followee)
    for follow_row in Follow.objects.filter(followee=user).select_related("follower"):
        delete_follow_row(follow_row.follower, user)
    for image in (user.avatar, user.header):
        if image:
            image.delete(save=False)
    user.delete()
