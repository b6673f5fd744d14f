"""What every page's template context holds: the appeal window comes from the one constant."""

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.posts.actions import publish_post
from parley.safety.actions.decisions import decide_item
from parley.safety.actions.reports import file_report
from parley.screening.policy import APPEAL_WINDOW_MONTHS
from parley.web import context_processors

pytestmark = pytest.mark.django_db

PAGES = ["/terms", "/policy", "/how-moderation-works", "/settings/decisions", "/settings/reports"]


@pytest.fixture
def reporter(make_member) -> User:
    """A member whose report was dismissed: their reports page offers the appeal."""
    author, reporter = make_member("author"), make_member("reporter")
    post = publish_post(author=author, text="A post someone finds rude.")
    report = file_report(reporter=reporter, post_ids=[post.pk], category="harassment")
    decide_item(moderator=make_member("mod", moderator=True), item=report.review_item, action="dismiss", reason="Fine.")
    return reporter


def _client(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.mark.parametrize("path", PAGES)
def test_pages_state_the_appeal_window_in_both_languages(reporter: User, path: str) -> None:
    client = _client(reporter)
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert english.context["appeal_window_months"] == APPEAL_WINDOW_MONTHS == 6
    assert "6 months" in english.content.decode()
    assert "6 mois" in client.get(path, HTTP_ACCEPT_LANGUAGE="fr").content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_pages_follow_the_constant(reporter: User, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    monkeypatch.setattr(context_processors, "APPEAL_WINDOW_MONTHS", 9)
    client = _client(reporter)
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "9 months" in english and "6 months" not in english
    assert "9 mois" in client.get(path, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
