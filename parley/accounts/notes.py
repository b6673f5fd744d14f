"""Private notes about other accounts (Mastodon's account notes): the one write. The note is read
with the relationship (`queries.relationship`)."""

from django.utils.translation import gettext as _

from parley.accounts.models import ACCOUNT_NOTE_MAX, AccountNote, User
from parley.core.errors import ValidationFailed


def set_account_note(*, author: User, target: User, comment: str) -> None:
    """Write, replace or (with an empty comment) clear the author's note about `target`."""
    if "\x00" in comment:  # PostgreSQL cannot store it
        raise ValidationFailed(_("The text contains characters that are not allowed."))
    if len(comment) > ACCOUNT_NOTE_MAX:
        raise ValidationFailed(_("A note can have at most %(max)d characters.") % {"max": ACCOUNT_NOTE_MAX})
    if not comment.strip():
        AccountNote.objects.filter(author=author, target=target).delete()
        return
    AccountNote.objects.update_or_create(author=author, target=target, defaults={"comment": comment})
