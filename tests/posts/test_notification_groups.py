"""Grouping notifications: which kinds group, the 12-hour span, pages of groups and counts."""

from datetime import UTC, datetime, timedelta

import pytest

from parley.accounts.actions import follow
from parley.core.errors import NotFound
from parley.posts.actions import echo_post, publish_post, upvote_post
from parley.posts.models import Notification, NotificationKind
from parley.posts.notification_groups import (
    access_notification_group,
    dismiss_notification_group,
    group_actors,
    notification_groups,
    unread_group_count,
)
from parley.posts.notifications import GROUPED_KINDS, group_key_for, notifications_for
from parley.screening.records import ScreeningVerdict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _publish_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    import parley.posts.actions as post_actions

    monkeypatch.setattr(post_actions, "screen_content", lambda **_kwargs: ScreeningVerdict(decision="publish"))


def test_group_key_rules(make_member) -> None:
    author, fan = make_member("author"), make_member("fan")
    post = publish_post(author=author, text="hello")
    noon = datetime(2026, 1, 1, 12, tzinfo=UTC)
    hour = int(noon.timestamp()) // 3600
    assert group_key_for(recipient=author, kind=NotificationKind.UPVOTE, post=post, now=noon) == (
        f"upvote-{post.pk}-{hour}"
    )
    assert group_key_for(recipient=author, kind=NotificationKind.FOLLOW, post=None, now=noon) == f"follow-{hour}"
    assert group_key_for(recipient=author, kind=NotificationKind.MENTION, post=post, now=noon) == ""
    # A later one joins the group begun within the last 12 hours, not after.
    Notification.objects.create(
        recipient=author, actor=fan, kind=NotificationKind.UPVOTE, post=post, group_key=f"upvote-{post.pk}-{hour}"
    )
    later = noon + timedelta(hours=11)
    assert group_key_for(recipient=author, kind=NotificationKind.UPVOTE, post=post, now=later).endswith(f"-{hour}")
    much_later = noon + timedelta(hours=12)
    assert group_key_for(recipient=author, kind=NotificationKind.UPVOTE, post=post, now=much_later).endswith(
        f"-{hour + 12}"
    )


def test_upvotes_of_one_post_form_one_group(make_member) -> None:
    author = make_member("author")
    fans = [make_member(f"fan{i}") for i in range(10)]
    post, other = publish_post(author=author, text="one"), publish_post(author=author, text="two")
    for fan in fans:
        upvote_post(user=fan, post=post)
    upvote_post(user=fans[0], post=other)
    echo_post(user=fans[1], post=post)
    publish_post(author=fans[2], text="@author hi")

    groups = notification_groups(author).groups
    kinds = [(g.latest.kind, g.count) for g in groups]
    assert kinds == [("mention", 1), ("echo", 1), ("upvote", 1), ("upvote", 10)]
    big = groups[-1]
    assert big.post == post and len(big.sample_actors) == 8
    assert big.sample_actors[0] == fans[-1]  # newest first
    assert big.page_min_id < big.page_max_id == big.latest.pk

    # Not grouping upvotes: each reads alone.
    alone = notification_groups(author, grouped_kinds=[NotificationKind.ECHO]).groups
    assert len(alone) == 13 and all(g.count == 1 for g in alone)


def test_pages_of_groups(make_member) -> None:
    author = make_member("author")
    followers = [make_member(f"f{i}") for i in range(3)]
    posts = [publish_post(author=author, text=f"post {i}") for i in range(3)]
    for post in posts:
        for fan in followers:
            upvote_post(user=fan, post=post)
    first = notification_groups(author, limit=2)
    assert [g.post for g in first.groups] == [posts[2], posts[1]]
    assert first.next_max_id == first.groups[-1].page_min_id
    second = notification_groups(author, limit=2, max_id=first.next_max_id)
    assert [g.post for g in second.groups] == [posts[0]] and second.next_max_id is None
    newer = notification_groups(author, limit=2, min_id=second.groups[0].page_max_id)
    assert [g.post for g in newer.groups] == [posts[2], posts[1]]


def test_access_dismiss_and_count(make_member) -> None:
    author, stranger = make_member("author"), make_member("stranger")
    fans = [make_member(f"fan{i}") for i in range(3)]
    for fan in fans:
        follow(follower=fan, target=author)
    group = notification_groups(author).groups[0]
    assert group.count == 3 and group.key.startswith("follow-")
    assert access_notification_group(author, group.key).count == 3
    assert group_actors(author, group.key) == list(reversed(fans))
    rows = notifications_for(author)
    assert unread_group_count(author, rows=rows, grouped_kinds=GROUPED_KINDS, limit=100) == 1
    assert unread_group_count(author, rows=rows, grouped_kinds=[], limit=2) == 2
    for bad in ("", "nope", "ungrouped-x", "ungrouped-1", "x" * 65):
        with pytest.raises(NotFound):
            access_notification_group(author, bad)
    with pytest.raises(NotFound):  # someone else's group
        dismiss_notification_group(user=stranger, group_key=group.key)
    assert Notification.objects.filter(recipient=author).count() == 3
    assert dismiss_notification_group(user=author, group_key=group.key) == 3
    assert not Notification.objects.filter(recipient=author).exists()
