"""Background work of the accounts domain: each task loads its object and calls one action."""

from django_tasks import task

from parley.accounts.erasure import DELETION_REASON, erase_account
from parley.accounts.models import User


@task()
def erase_account_task(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=False, suspension_reason=DELETION_REASON).first()
    if user is None:  # already erased (a retried task), or the account was restored meanwhile
        return
    erase_account(user=user)
