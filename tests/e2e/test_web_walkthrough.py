"""A member's first session in a real headless Chromium, in English and in French.

sign up -> confirm the email -> post -> follow -> home timeline -> reply -> echo -> upvote ->
the other member sees the notifications. Selectors use element names and ids, never visible
text, so the same walk runs in both languages; the language shows in `<html lang>` and, once
the French catalogue is compiled, in the button labels.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail

from parley.accounts.actions import create_member
from parley.posts.actions import publish_post
from parley.posts.models import Notification, Post

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FRENCH_CATALOGUE = Path(__file__).resolve().parents[2] / "parley/locale/fr/LC_MESSAGES/django.mo"
PASSWORD = "a-long-and-unusual-passphrase-42"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is in the dev extra")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety guard does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server: Any, settings: Any, transactional_db: None) -> str:
    # Links in emails are absolute: point them at the test server.
    settings.PARLEY_DOMAIN = urlsplit(live_server.url).netloc
    settings.PARLEY_SCHEME = "http"
    return str(live_server.url)


def log_in(page: Any, site: str, username: str) -> None:
    page.goto(f"{site}/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main form button[type="submit"]')
    page.wait_for_selector('form[action="/logout"]')


@pytest.mark.parametrize(
    ("locale", "lang", "publish_label"),
    [("en-GB", "en", "Publish"), ("fr-FR", "fr", "Publier")],
    ids=["english", "french"],
)
def test_first_session(browser: Any, site: str, locale: str, lang: str, publish_label: str) -> None:
    bob = create_member(username="bob", email="bob@example.org", password=PASSWORD)
    publish_post(author=bob, text="Bob's first post on #parley")
    mail.outbox.clear()

    context = browser.new_context(locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    # Sign up.
    page.goto(f"{site}/signup")
    assert page.get_attribute("html", "lang") == lang
    page.fill('input[name="username"]', "alice")
    page.fill('input[name="email"]', "alice@example.org")
    page.fill('input[name="password"]', PASSWORD)
    page.check('input[name="accept_terms"]')
    page.click('main form button[type="submit"]')
    page.wait_for_url(f"{site}/signup/sent")

    # Confirm the email with the link that was sent: it makes the account and signs in.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/signup/confirm/\S+", str(mail.outbox[0].body))
    assert link is not None
    page.goto(link.group(0))
    page.wait_for_selector('form[action="/logout"]')
    from parley.accounts.models import User

    assert User.objects.get(username="alice").email_confirmed_at is not None

    # Post from the home timeline's compose form.
    page.goto(f"{site}/")
    assert page.get_attribute("html", "lang") == lang
    button = page.locator('#compose-form button[type="submit"]')
    if FRENCH_CATALOGUE.exists():
        assert button.inner_text().strip() == publish_label
    page.fill('#compose-form textarea[name="text"]', "Hello from Alice, my first post")
    button.click()
    page.wait_for_selector("article.post:has-text('Hello from Alice, my first post')")

    # Follow Bob; his post then shows on the home timeline.
    page.goto(f"{site}/@bob")
    page.click('form[action="/@bob/follow"] button')
    page.wait_for_selector('form[action="/@bob/unfollow"]')
    page.goto(f"{site}/")
    bobs_post = page.locator("article.post", has_text="Bob's first post")
    bobs_post.wait_for()

    # Reply from the thread view.
    original = Post.objects.get(author=bob)
    bobs_post.locator(f'a[href="/posts/{original.pk}#reply-form"]').click()
    page.fill('#reply-compose textarea[name="reply-text"]', "@bob Welcome to you too")
    page.click('#reply-compose button[type="submit"]')
    page.wait_for_selector("article.post:has-text('Welcome to you too')")

    # Echo and upvote with the buttons on Bob's post (swapped in place by htmx).
    page.goto(f"{site}/posts/{original.pk}")
    focus = page.locator("article.post-focus")
    page.evaluate("window.sameDocument = true")
    focus.locator('button[id^="echo-"]').click()
    focus.locator('button[id^="echo-"][aria-pressed="true"]').wait_for()
    # Swapped in place, not reloaded, and keyboard focus stays on the button.
    assert page.evaluate("window.sameDocument === true")
    assert page.evaluate("document.activeElement.id").startswith("echo-")
    focus.locator('button[id^="upvote-"]').click()
    focus.locator('button[id^="upvote-"][aria-pressed="true"]').wait_for()
    assert focus.locator('button[id^="upvote-"] .count').inner_text() == "1"
    original.refresh_from_db()
    assert (original.echoes_count, original.upvotes_count, original.replies_count) == (1, 1, 1)
    context.close()

    # Bob sees every one of them.
    kinds = set(Notification.objects.filter(recipient=bob).values_list("kind", flat=True))
    assert kinds == {"follow", "reply", "echo", "upvote"}
    bob_context = browser.new_context(locale=locale)
    bob_context.set_default_timeout(TIMEOUT_MS)
    bob_page = bob_context.new_page()
    log_in(bob_page, site, "bob")
    badge = bob_page.locator("nav.sidenav .badge")
    assert badge.inner_text().split()[0] == "4"
    bob_page.click('nav.sidenav a[href="/notifications"]')
    items = bob_page.locator("li.notification")
    assert items.count() == 4
    for kind in ("follow", "reply", "echo", "upvote"):
        assert bob_page.locator(f"li.notification-{kind}:has(a[href='/@alice'])").count() == 1
    assert bob_page.get_attribute("html", "lang") == lang
    bob_context.close()
