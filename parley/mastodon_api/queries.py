"""Reads of what the API stores itself."""

from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.accounts.queries import active_members
from parley.core.errors import NotFound
from parley.mastodon_api.models import Marker


def markers_of(user: User, timelines: Sequence[str]) -> QuerySet[Marker]:
    return Marker.objects.filter(user=user, timeline__in=list(timelines))


def reportable_member(account_id: str) -> User:
    """The member a report names. A blocked reporter can still report the account that blocked
    them, so this does not go through access_member (which hides blockers)."""
    target = active_members().filter(pk=int(account_id)).first() if account_id.isdecimal() else None
    if target is None:
        raise NotFound(_("Record not found"))
    return target
