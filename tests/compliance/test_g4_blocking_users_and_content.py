"""G4: in-app blocking of users and of content."""

import pytest
from django.urls import reverse

from parley.accounts.actions import follow
from parley.posts.actions import publish_post

pytestmark = pytest.mark.django_db


def test_g4_block_a_user_and_mute_their_content(make_member, browser) -> None:
    reader, loud, rude = make_member("reader"), make_member("loud"), make_member("rude")
    follow(follower=reader, target=loud)
    follow(follower=reader, target=rude)
    publish_post(author=loud, text="loud content")
    publish_post(author=rude, text="rude content")
    client = browser(reader)
    assert b"loud content" in client.get(reverse("web:home")).content
    client.post(reverse("web:mute", args=["loud"]), {"duration": "forever", "hide_notifications": "on"})
    client.post(reverse("web:block", args=["rude"]))
    home = client.get(reverse("web:home")).content
    assert b"loud content" not in home and b"rude content" not in home
    blocks = client.get(reverse("web:blocks")).content
    assert b"rude" in blocks
