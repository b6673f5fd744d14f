"""Pinned posts: pin_post's rules (own, published, not an echo or DM, at most five) and who sees them."""

import pytest

from parley.accounts.actions import block, follow
from parley.core.errors import ValidationFailed
from parley.posts.actions import MAX_PINS, delete_post, echo_post, pin_post, publish_post, unpin_post
from parley.posts.models import Pin, PostState
from parley.posts.queries import pinned_posts, viewer_interactions
from parley.screening.records import ScreeningVerdict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _publish_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    import parley.posts.actions as post_actions

    monkeypatch.setattr(post_actions, "screen_content", lambda **_kwargs: ScreeningVerdict(decision="publish"))


def pinned_ids(user) -> set[int]:
    return set(Pin.objects.filter(user=user).values_list("post_id", flat=True))


def test_pin_and_unpin_own_posts(make_member) -> None:
    author = make_member()
    public = publish_post(author=author, text="public")
    for_followers = publish_post(author=author, text="followers", visibility="followers")
    pin_post(user=author, post=public)
    pin_post(user=author, post=public)  # twice is a no-op
    pin_post(user=author, post=for_followers)  # as Mastodon since 3.5
    assert pinned_ids(author) == {public.pk, for_followers.pk}
    assert viewer_interactions(author, [public.pk]).pinned == frozenset({public.pk})
    unpin_post(user=author, post=public)
    unpin_post(user=author, post=public)
    assert pinned_ids(author) == {for_followers.pk}


def test_pin_refuses_what_mastodon_refuses(make_member) -> None:
    author, other = make_member(), make_member()
    theirs = publish_post(author=other, text="not mine")
    direct = publish_post(author=author, text=f"@{other.username} hi", visibility="direct")
    echo = echo_post(user=author, post=theirs)
    held = publish_post(author=author, text="held")
    held.state = PostState.PENDING
    held.save(update_fields=["state"])
    for post in (theirs, direct, echo, held):
        with pytest.raises(ValidationFailed):
            pin_post(user=author, post=post)
    assert not Pin.objects.exists()


def test_at_most_five_pins(make_member) -> None:
    author = make_member()
    posts = [publish_post(author=author, text=f"post {i}") for i in range(MAX_PINS + 1)]
    for post in posts[:MAX_PINS]:
        pin_post(user=author, post=post)
    with pytest.raises(ValidationFailed):
        pin_post(user=author, post=posts[-1])
    assert len(pinned_ids(author)) == MAX_PINS
    pin_post(user=author, post=posts[0])  # already pinned: still fine at the limit
    unpin_post(user=author, post=posts[0])
    pin_post(user=author, post=posts[-1])
    assert posts[-1].pk in pinned_ids(author)


def test_pinned_posts_obey_visibility(make_member) -> None:
    author, follower, stranger = make_member(), make_member(), make_member()
    follow(follower=follower, target=author)
    public = publish_post(author=author, text="public")
    private = publish_post(author=author, text="followers", visibility="followers")
    publish_post(author=author, text="not pinned")
    for post in (public, private):
        pin_post(user=author, post=post)
    assert [p.pk for p in pinned_posts(follower, author)] == [private.pk, public.pk]
    assert [p.pk for p in pinned_posts(stranger, author)] == [public.pk]
    assert [p.pk for p in pinned_posts(None, author)] == [public.pk]
    block(blocker=author, target=stranger)
    assert list(pinned_posts(stranger, author)) == []
    delete_post(actor=author, post=public)
    assert pinned_ids(author) == {private.pk}
