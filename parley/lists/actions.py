"""Every change to a member's lists goes through one function here."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from parley.accounts.models import Follow, User
from parley.core.errors import ValidationFailed
from parley.lists.models import MAX_TITLE_LENGTH, List, ListMember, RepliesPolicy

# Mastodon's default limit (MAX_LISTS): a member has at most this many lists.
MAX_LISTS = 50


def _clean_title(title: str) -> str:
    if "\x00" in title:  # PostgreSQL cannot store it
        raise ValidationFailed(_("The text contains characters that are not allowed."))
    title = title.strip()
    if not title:
        raise ValidationFailed(_("A list needs a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationFailed(_("A list title can have at most %(max)d characters.") % {"max": MAX_TITLE_LENGTH})
    return title


def _clean_policy(policy: str) -> str:
    if policy not in RepliesPolicy.values:
        raise ValidationFailed(_("The replies policy is one of followed, list or none."))
    return policy


@transaction.atomic
def create_list(*, owner: User, title: str, replies_policy: str = RepliesPolicy.LIST, exclusive: bool = False) -> List:
    title = _clean_title(title)
    replies_policy = _clean_policy(replies_policy)
    # Locking the owner's row keeps two concurrent creations from both passing the limit.
    User.objects.select_for_update().filter(pk=owner.pk).first()
    if List.objects.filter(owner=owner).count() >= MAX_LISTS:
        raise ValidationFailed(_("You can have at most %(max)d lists.") % {"max": MAX_LISTS})
    return List.objects.create(owner=owner, title=title, replies_policy=replies_policy, exclusive=exclusive)


def update_list(
    *,
    owned_list: List,
    title: str | None = None,
    replies_policy: str | None = None,
    exclusive: bool | None = None,
) -> List:
    """Change what is given; everything is checked before anything is saved."""
    changes = {
        "title": _clean_title(title) if title is not None else owned_list.title,
        "replies_policy": _clean_policy(replies_policy) if replies_policy is not None else owned_list.replies_policy,
        "exclusive": exclusive if exclusive is not None else owned_list.exclusive,
    }
    for field, value in changes.items():
        setattr(owned_list, field, value)
    owned_list.save(update_fields=list(changes))
    return owned_list


def delete_list(*, owned_list: List) -> None:
    owned_list.delete()


@transaction.atomic
def add_list_members(*, owned_list: List, accounts: Sequence[User]) -> None:
    """Add accounts the owner follows; one that is not followed refuses the whole request."""
    wanted = {account.pk: account for account in accounts}
    followed = set(
        Follow.objects.filter(follower_id=owned_list.owner_id, followee_id__in=list(wanted)).values_list(
            "followee_id", flat=True
        )
    )
    for pk, account in wanted.items():
        if pk not in followed:
            raise ValidationFailed(
                _("You must follow @%(username)s to add them to a list.") % {"username": account.username}
            )
    ListMember.objects.bulk_create(
        [ListMember(list=owned_list, member=account) for account in wanted.values()], ignore_conflicts=True
    )


def remove_list_members(*, owned_list: List, accounts: Sequence[User]) -> None:
    ListMember.objects.filter(list=owned_list, member_id__in=[account.pk for account in accounts]).delete()


def leave_lists_of(*, owner: User, account: User) -> None:
    """`owner` stopped following `account`: it leaves every list of theirs, as in Mastodon."""
    ListMember.objects.filter(list__owner=owner, member=account).delete()
