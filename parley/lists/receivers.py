"""How lists react to what accounts announces (parley/accounts/signals.py).

Connected once, in `ListsConfig.ready()`; each receiver calls one action, inside the sender's
transaction.
"""

from typing import Any

from django.dispatch import receiver

from parley.accounts.models import User
from parley.accounts.signals import follow_ended
from parley.lists.actions import leave_lists_of


@receiver(follow_ended, dispatch_uid="lists.follow_ended")
def leave_lists(*, follower: User, target: User, **kwargs: Any) -> None:
    leave_lists_of(owner=follower, account=target)
