"""Private account notes: written, replaced, cleared, bounded, and seen by their author only."""

import pytest

from parley.accounts.models import ACCOUNT_NOTE_MAX, AccountNote
from parley.accounts.notes import set_account_note
from parley.accounts.queries import relationship
from parley.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def test_write_replace_clear(make_member) -> None:
    author, target = make_member(), make_member()
    set_account_note(author=author, target=target, comment="Met at the bike fair")
    assert relationship(author, target).note == "Met at the bike fair"
    assert relationship(target, author).note == ""  # private to its author
    set_account_note(author=author, target=target, comment="Lent me a pump")
    assert relationship(author, target).note == "Lent me a pump"
    assert AccountNote.objects.count() == 1
    set_account_note(author=author, target=target, comment="")
    assert relationship(author, target).note == ""
    assert not AccountNote.objects.exists()


@pytest.mark.parametrize("comment", ["x" * (ACCOUNT_NOTE_MAX + 1), "nul\x00"])
def test_refused_comments_change_nothing(make_member, comment: str) -> None:
    author, target = make_member(), make_member()
    set_account_note(author=author, target=target, comment="kept")
    with pytest.raises(ValidationFailed):
        set_account_note(author=author, target=target, comment=comment)
    assert relationship(author, target).note == "kept"


def test_the_longest_note_fits(make_member) -> None:
    author, target = make_member(), make_member()
    set_account_note(author=author, target=target, comment="y" * ACCOUNT_NOTE_MAX)
    assert len(relationship(author, target).note) == ACCOUNT_NOTE_MAX
