"""The public pages every visitor can read: terms, content policy, contact and about."""

import pytest
from django.core.cache import cache
from django.test import Client

from parley.accounts.actions import suspend_member
from parley.posts.actions import publish_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/terms", "/policy", "/contact", "/about"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_site_pages_are_public_in_both_languages(client: Client, path: str, language: str) -> None:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


def test_terms_number_their_clauses_and_explain_moderation(client: Client) -> None:
    body = client.get("/terms").content.decode()
    for clause in ("§4.1", "§4.2", "§4.3", "§4.4", "§4.5", "§4.6", "§4.7", "§5.3", "§6.1", "§7.1"):
        assert clause in body
    assert 'id="s4-1"' in body  # decisions can link to a clause
    for topic in (
        "Threats of violence",
        "Hateful conduct",
        "doxxing",
        "Child safety",
        "Spam",
        "Illegal goods",
        "Automated screening before publication",
        "out-of-court dispute",
        "6 months",
    ):
        assert topic in body


def test_policy_lists_removed_labelled_and_always_allowed(client: Client) -> None:
    body = client.get("/policy").content.decode()
    for text in ("Removed or held for review", "Labelled, not removed", "satire", "counter-speech"):
        assert text in body


def test_contact_publishes_the_operator_addresses(client: Client, settings) -> None:
    settings.PARLEY_CONTACT_EMAIL = "ops@parley.example"
    settings.PARLEY_CHILD_SAFETY_EMAIL = "child-safety@parley.example"
    body = client.get("/contact").content.decode()
    assert 'href="mailto:ops@parley.example"' in body
    assert 'href="mailto:child-safety@parley.example"' in body
    assert 'id="child-safety"' in body


def test_about_shows_counts_and_moderators(client: Client, make_member) -> None:
    cache.clear()
    alice = make_member("alice")
    make_member("mod", moderator=True)
    suspend_member(user=make_member("gone"), actor=None, reason="x")
    publish_post(author=alice, text="one")
    publish_post(author=alice, text="two")
    response = client.get("/about")
    assert (response.context["member_count"], response.context["post_count"]) == (2, 2)
    assert [m.username for m in response.context["moderators"]] == ["mod"]
    assert "@mod" in response.content.decode()
