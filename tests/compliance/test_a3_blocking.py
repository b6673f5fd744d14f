"""A3: a member can block an abusive user."""

import pytest
from django.urls import reverse

from parley.accounts.models import Block
from parley.posts.actions import publish_post

pytestmark = pytest.mark.django_db


def test_a3_block_from_the_profile_hides_both_ways(make_member, browser) -> None:
    victim, abuser = make_member("victim"), make_member("abuser")
    abusive = publish_post(author=abuser, text="You are worthless")
    client = browser(victim)
    client.post(reverse("web:block", args=["abuser"]))
    assert Block.objects.filter(blocker=victim, blocked=abuser).exists()
    assert client.get(reverse("web:post", args=[abusive.pk])).status_code == 404
    assert b"You are worthless" not in client.get(reverse("web:local")).content
    reply = browser(abuser).post(
        reverse("web:post_reply", args=[publish_post(author=victim, text="hello").pk]),
        {"text": "@victim again", "visibility": "public"},
    )
    assert reply.status_code == 404
