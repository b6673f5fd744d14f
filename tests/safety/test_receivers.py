"""Trust and safety's answers to lower layers (parley/safety/receivers.py), driven through the
actions that send the signals."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parley.accounts.actions import RegistrationRejected, register_member
from parley.posts.actions import edit_post, publish_post
from parley.safety.models import BannedEmail, ReviewItem, ReviewSource
from parley.screening.models import Rule

pytestmark = pytest.mark.django_db

# In the band held for a moderator (an explicit threat is refused: actions/test_automated_refusal.py).
THREAT = "Keep talking and see what happens when you get home."


def test_a_held_post_opens_one_review_item_and_a_held_edit_updates_it(make_member) -> None:
    author = make_member()
    # Established: a brand-new account's stricter thresholds would refuse it.
    type(author).objects.filter(pk=author.pk).update(date_joined=timezone.now() - timedelta(days=30))
    author.refresh_from_db()
    post = publish_post(author=author, text=THREAT)
    item = ReviewItem.objects.get(source=ReviewSource.SCREENING)
    assert (post.state, item.object_id, item.category) == ("pending", str(post.pk), "violent_threat")
    edit_post(editor=author, post=post, text=THREAT + " Think about it.")
    assert ReviewItem.objects.filter(source=ReviewSource.SCREENING).count() == 1


def test_a_published_post_opens_nothing(make_member) -> None:
    publish_post(author=make_member(), text="The council meets on Thursday.")
    assert not ReviewItem.objects.exists() and Rule.objects.exists()


def test_the_address_of_a_banned_account_cannot_sign_up_again() -> None:
    BannedEmail.objects.create(email="gone@example.org")
    with pytest.raises(RegistrationRejected) as refused:
        register_member(
            username="newname", email="Gone@Example.org ", password="correct-horse-battery", accepted_terms=True
        )
    assert refused.value.errors["email"] == ["This email address belongs to a banned account."]
    member = register_member(
        username="other", email="other@example.org", password="correct-horse-battery", accepted_terms=True
    )
    assert member.pk is not None
