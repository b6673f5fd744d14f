"""The notification policy's verdicts, and requests: filed, accepted (and let through later),
dismissed; a dropped notification is not stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parley.accounts.actions import follow
from parley.accounts.models import User
from parley.core.errors import ValidationFailed
from parley.posts.actions import publish_post
from parley.posts.models import Notification, NotificationKind, NotificationPolicy, NotificationRequest
from parley.posts.notification_policy import (
    PolicySummary,
    accept_notification_requests,
    dismiss_notification_requests,
    notification_requests,
    policy_of,
    policy_summary,
    policy_verdict,
    update_notification_policy,
)
from parley.posts.notifications import notifications_for, notify
from parley.screening.records import ScreeningVerdict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _publish_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    import parley.posts.actions as post_actions

    monkeypatch.setattr(post_actions, "screen_content", lambda **_kwargs: ScreeningVerdict(decision="publish"))


def _age(user: User, days: int) -> None:
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    user.refresh_from_db()


def test_defaults_are_mastodons(make_member) -> None:
    policy = policy_of(make_member("me"))
    assert policy.pk is not None and not NotificationPolicy.objects.exists()  # not stored until changed
    assert (policy.for_not_following, policy.for_private_mentions, policy.for_limited_accounts) == (
        "accept",
        "filter",
        "filter",
    )


def test_verdicts(make_member) -> None:
    me, friend, stranger, mod = make_member("me"), make_member("friend"), make_member("stranger"), make_member("mod")
    for old in (friend, stranger):
        _age(old, 100)
    User.objects.filter(pk=mod.pk).update(is_moderator=True)
    mod.refresh_from_db()
    follow(follower=me, target=friend)
    update_notification_policy(user=me, changes={"for_not_following": "filter", "for_new_accounts": "drop"})

    def verdict(actor: User, kind: str = NotificationKind.UPVOTE, post=None) -> str:
        return policy_verdict(recipient=me, actor=actor, kind=kind, post=post)

    assert verdict(friend) == "accept"
    assert verdict(stranger) == "filter"
    newcomer = make_member("newcomer")  # joined today: drop wins over filter
    assert verdict(newcomer) == "drop"
    assert verdict(mod) == "accept"  # moderators always reach members
    assert policy_verdict(recipient=me, actor=None, kind=NotificationKind.MODERATION, post=None) == "accept"
    mine = publish_post(author=me, text="my thread")
    reply = publish_post(author=stranger, text="an answer", in_reply_to=mine)
    assert verdict(stranger, NotificationKind.REPLY, reply) == "accept"  # answers in my own thread pass

    update_notification_policy(user=me, changes={"for_not_following": "accept", "for_new_accounts": "accept"})
    dm = publish_post(author=stranger, text="@me psst", visibility="direct")
    assert verdict(stranger, NotificationKind.MENTION, dm) == "filter"  # private mention, default filter
    assert verdict(
        friend, NotificationKind.MENTION, publish_post(author=friend, text="@me hi", visibility="direct")
    ) == ("accept")


def test_bad_policy_values_change_nothing(make_member) -> None:
    me = make_member("me")
    for changes in ({"for_not_following": "maybe"}, {"for_everyone": "drop"}, {"for_new_accounts": ""}):
        with pytest.raises(ValidationFailed):
            update_notification_policy(user=me, changes={"for_not_followers": "drop", **changes})
    assert not NotificationPolicy.objects.exists()


def test_requests_accept_and_dismiss(make_member) -> None:
    me, stranger, other = make_member("me"), make_member("stranger"), make_member("other")
    update_notification_policy(user=me, changes={"for_not_following": "filter"})
    post = publish_post(author=me, text="hello")
    publish_post(author=stranger, text="@me hi there")
    notify(recipient=me, actor=stranger, kind=NotificationKind.UPVOTE, post=post)
    notify(recipient=me, actor=other, kind=NotificationKind.UPVOTE, post=post)
    assert list(notifications_for(me)) == []
    assert notifications_for(me, include_filtered=True).count() == 3
    requests = list(notification_requests(me))
    assert [r.actor for r in requests] == [other, stranger]
    assert policy_summary(me) == PolicySummary(pending_requests=2, pending_notifications=3)

    accept_notification_requests(user=me, requests=[requests[1]])
    assert {n.actor for n in notifications_for(me)} == {stranger}
    notify(recipient=me, actor=stranger, kind=NotificationKind.FOLLOW)
    assert notifications_for(me).count() == 3  # accepted accounts come through from now on

    dismiss_notification_requests(user=me, requests=[requests[0]])
    assert not NotificationRequest.objects.exists()
    assert not Notification.objects.filter(actor=other).exists()


def test_dropped_notifications_are_not_stored(make_member) -> None:
    me, stranger = make_member("me"), make_member("stranger")
    update_notification_policy(user=me, changes={"for_not_followers": "drop"})
    assert notify(recipient=me, actor=stranger, kind=NotificationKind.FOLLOW) is None
    follow(follower=stranger, target=me)  # a real follow makes them a follower before it notifies
    assert Notification.objects.filter(recipient=me).count() == 1
    assert not NotificationRequest.objects.exists()
