"""Reads about lists: the owner's lists, their members, and the timelines they make."""

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from parley.accounts.models import Follow, User
from parley.accounts.queries import active_members, hidden_ids
from parley.core.errors import NotFound
from parley.lists.models import List, ListMember, RepliesPolicy
from parley.posts.models import Post
from parley.posts.queries import home_timeline, visible_posts


def lists_of(owner: User) -> QuerySet[List]:
    return List.objects.filter(owner=owner)


def access_list(owner: User, list_id: int | str) -> List:
    """One of the owner's lists; NotFound for anyone else's (no existence leak)."""
    try:
        pk = int(list_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such list.")) from exc
    found = lists_of(owner).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such list."))
    return found


def list_members(owned_list: List) -> QuerySet[ListMember]:
    """The list's accounts that are still active, newest addition first, with the account loaded."""
    return (
        ListMember.objects.filter(list=owned_list, member__in=active_members()).select_related("member").order_by("-id")
    )


def lists_containing(owner: User, account: User) -> QuerySet[List]:
    """The owner's lists that `account` is in."""
    return lists_of(owner).filter(memberships__member=account)


def _replies_shown(owned_list: List) -> Q:
    """Mastodon's rule: a post that is no reply, a reply to oneself or to the list's owner is
    always shown; other replies as the list's policy says."""
    shown = (
        Q(in_reply_to_account__isnull=True)
        | Q(in_reply_to_account_id=F("author_id"))
        | Q(in_reply_to_account_id=owned_list.owner_id)
    )
    if owned_list.replies_policy == RepliesPolicy.FOLLOWED:
        followed = Follow.objects.filter(follower_id=owned_list.owner_id).values("followee_id")
        shown |= Q(in_reply_to_account_id__in=followed)
    elif owned_list.replies_policy == RepliesPolicy.LIST:
        shown |= Q(in_reply_to_account_id__in=ListMember.objects.filter(list=owned_list).values("member_id"))
    return shown


def list_timeline(owned_list: List) -> QuerySet[Post]:
    """The posts and echoes of the list's members that its owner may see, replies per its policy."""
    owner = owned_list.owner
    members = ListMember.objects.filter(list=owned_list).values("member_id")
    return (
        visible_posts(owner, hidden=hidden_ids(owner)).filter(author_id__in=members).filter(_replies_shown(owned_list))
    )


def home_posts(viewer: User) -> QuerySet[Post]:
    """The home timeline without the members of the viewer's exclusive lists (read there instead)."""
    exclusive = ListMember.objects.filter(list__owner=viewer, list__exclusive=True).values("member_id")
    return home_timeline(viewer).exclude(author_id__in=exclusive)
