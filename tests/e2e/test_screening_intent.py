"""Screening that reads intent, driven through the Mastodon API as a member's app would post,
with the real models (the API's own tests stub screening out; these do not).

Planning, doxxing and a threatening direct message are held or refused although the first two
have no violent word; sports trash talk and a post condemning a threat it quotes are published.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from parley.accounts.models import User
from parley.mastodon_api.actions import create_token
from parley.posts.models import Post, PostState
from tests.mastodon_api.conftest import ApiClient


@pytest.fixture
def api_for(db: None) -> Callable[[User], ApiClient]:
    return lambda user: ApiClient(create_token(username=user.username, scopes=["read", "write"]))


@pytest.fixture
def alice(make_member):
    # An established member: brand-new accounts get stricter thresholds (docs/policy.md).
    member = make_member("alice")
    User.objects.filter(pk=member.pk).update(date_joined=timezone.now() - timedelta(days=30))
    member.refresh_from_db()
    return member


@pytest.fixture
def bob(make_member):
    return make_member("bob")


def _restricted(response) -> bool:
    """Refused (422 with the reason) or held (pending, visible to its author only)."""
    if response.status_code == 422:
        return True
    assert response.status_code == 200, response.content
    return response.json()["parley_state"] == PostState.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Everyone bring zip ties and the bolt cutters. We meet behind the county clerk's office at 11:45 "
            "and go in through the loading dock the moment they start counting.",
            "en",
        ),
        (
            "Ramenez les colliers de serrage et les cagoules. Rendez-vous derrière la préfecture à 11h45, "
            "on entre par le quai de livraison dès qu'ils commencent le dépouillement.",
            "fr",
        ),
        (
            "This is the poll worker who threw out our ballots: Karen Doyle, 41 Birch Lane, red Civic, "
            "leaves the depot at 6. Somebody should pay her a visit.",
            "en",
        ),
    ],
)
def test_planning_and_doxxing_are_not_published(alice, api_for, text: str, language: str) -> None:
    response = api_for(alice).post("/api/v1/statuses", {"status": text, "language": language})
    assert _restricted(response), response.content
    assert not Post.objects.filter(state=PostState.PUBLISHED).exists()


@pytest.mark.django_db
def test_a_threatening_direct_message_is_not_delivered(alice, bob, api_for) -> None:
    response = api_for(alice).post(
        "/api/v1/statuses",
        {"status": "@bob I know where you live. Tomorrow I'm going to shoot you.", "visibility": "direct"},
    )
    assert _restricted(response), response.content
    if response.status_code == 200:
        held = response.json()["id"]
        assert api_for(bob).get(f"/api/v1/statuses/{held}").status_code == 404
    notifications = api_for(bob).get("/api/v1/notifications").json()
    assert notifications == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We're going to destroy you on Sunday, your defence is dead meat 😂 #derby", "en"),
        (
            'Someone replied "I know where your kids go to school" under my post. Reported and blocked: '
            "threats like that have no place here.",
            "en",
        ),
        ("Dimanche on va les écraser, leur défense va prendre cher 😂 #derby", "fr"),
    ],
)
def test_trash_talk_and_counter_speech_are_published(alice, api_for, text: str, language: str) -> None:
    response = api_for(alice).post("/api/v1/statuses", {"status": text, "language": language})
    assert response.status_code == 200, response.content
    assert response.json()["parley_state"] == PostState.PUBLISHED
