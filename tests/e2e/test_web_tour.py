"""A tour of every page in a real headless Chromium: English and French, a 1280-px desktop and a
390-px phone. No page is wider than the screen; phones get the tab bar and the compose button,
desktops the side navigation; post actions stay on one row. Screenshots of the main screens are
saved for people to look at (artifacts/screenshots, or the folder PARLEY_SCREENSHOTS names).
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from parley.accounts.actions import create_member, follow
from parley.accounts.models import User
from parley.posts.actions import publish_post
from parley.posts.models import Visibility
from parley.safety.actions.decisions import decide_item
from parley.safety.actions.reports import file_report
from parley.safety.models import ReviewItem

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PASSWORD = "a-long-and-unusual-passphrase-42"
SCREENSHOTS = Path(os.environ.get("PARLEY_SCREENSHOTS", Path(__file__).resolve().parents[2] / "artifacts/screenshots"))
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LOCALES = {"en": "en-GB", "fr": "fr-FR"}
# Pages whose screenshots are kept, by name.
MAIN_SCREENS = {
    "/": "home",
    "/local": "local",
    "/notifications": "notifications",
    "/@alice": "profile",
    "/compose": "compose",
    "/settings/sessions": "sessions",
    "/moderation": "moderation-queue",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is in the dev extra")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def make_instance() -> dict[str, Any]:
    """Members, posts, a report in the queue, a decision with its statement, a direct message."""
    alice = create_member(username="alice", email="alice@example.org", password=PASSWORD)
    bob = create_member(username="bob", email="bob@example.org", password=PASSWORD)
    mod = create_member(username="modo", email="modo@example.org", password=PASSWORD, moderator=True)
    follow(follower=alice, target=bob)
    follow(follower=bob, target=alice)
    first = publish_post(author=alice, text="Bonjour à tous, first post on #parley with a rather long line of text")
    publish_post(author=bob, text="Salut Alice, welcome!", in_reply_to=first)
    for n in range(3):
        publish_post(author=bob, text=f"Post number {n} about #gardening and #cycling")
    reported = publish_post(author=bob, text="Look at my new page https://example.org/a/very/long/path/indeed")
    publish_post(author=alice, text="@bob a direct message", visibility=Visibility.DIRECT)
    file_report(reporter=alice, category="spam", account=bob, post_ids=[reported.pk], comment="Looks like spam.")
    removed = publish_post(author=bob, text="Another page to visit")
    report = file_report(reporter=alice, category="spam", account=bob, post_ids=[removed.pk])
    with translation.override("en"):
        statement = decide_item(
            moderator=mod, item=report.review_item, action="remove", reason="Advertising.", category="spam"
        ).statement
    item = ReviewItem.objects.filter(status="open").first()
    assert statement is not None and item is not None
    return {"alice": alice, "bob": bob, "modo": mod, "first": first, "statement": statement, "item": item}


def tour(instance: dict[str, Any]) -> list[tuple[str, str]]:
    first, statement, item = instance["first"].pk, instance["statement"].pk, instance["item"].pk
    return [
        *(
            ("", path)
            for path in (
                "/local",
                "/login",
                "/signup",
                "/password-reset",
                "/terms",
                "/policy",
                "/about",
                "/contact",
                "/notices/new",
                "/how-moderation-works",
                "/child-safety",
                "/transparency",
                "/posts/987654321",
            )
        ),
        *(
            ("alice", path)
            for path in (
                "/",
                "/local",
                "/search?q=parley",
                "/tags/parley",
                "/notifications",
                "/messages",
                "/bookmarks",
                "/compose",
                f"/posts/{first}",
                f"/posts/{first}/history",
                "/@alice",
                "/@bob",
                "/@bob/followers",
                "/@bob/report",
                "/settings",
                "/settings/profile",
                "/settings/account",
                "/settings/security",
                "/settings/sessions",
                "/settings/apps",
                "/settings/blocks",
                "/settings/data",
                "/settings/reports",
                "/settings/mutes",
                "/follow-requests",
                "/settings/account/password",
                "/settings/account/delete",
                "/@bob/following",
                "/@alice/media",
                f"/posts/{first}/quote",
                f"/posts/{first}/edit",
                f"/posts/{first}/delete",
            )
        ),
        *(("bob", path) for path in ("/notifications", "/settings/decisions", f"/decisions/{statement}")),
        *(("modo", path) for path in ("/moderation", f"/moderation/items/{item}", "/moderation/audit")),
    ]


def session_cookie(site: str, member: User) -> dict[str, str]:
    client = Client()
    client.force_login(member)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": site,
    }


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !e.closest('.table-scroll, .tabs');
  }).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
}"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", list(LOCALES))
def test_every_page_fits_the_screen(
    browser: Any, live_server: Any, transactional_db: None, language: str, size: str
) -> None:
    site = str(live_server.url)
    instance = make_instance()
    contexts: dict[str, Any] = {}
    overflowing: dict[str, Any] = {}
    shots = SCREENSHOTS / f"{language}-{size}"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        for who, path in tour(instance):
            if who not in contexts:
                context = browser.new_context(locale=LOCALES[language], viewport=SIZES[size])
                context.set_default_timeout(15_000)
                if who:
                    context.add_cookies([session_cookie(site, instance[who])])
                contexts[who] = context.new_page()
            page = contexts[who]
            page.goto(site + path)
            assert page.get_attribute("html", "lang") == language, path
            result = page.evaluate(OVERFLOW)
            if result["scroll"] > result["width"] or result["wide"]:
                overflowing[f"{who or 'visitor'} {path}"] = result
            if path in MAIN_SCREENS and (who == "alice" or (who == "modo" and path == "/moderation")):
                page.screenshot(path=str(shots / f"{MAIN_SCREENS[path]}.png"))
            elif who == "bob" and path.startswith("/decisions/"):
                page.screenshot(path=str(shots / "statement-of-reasons.png"))
    finally:
        for page in contexts.values():
            page.context.close()
    assert not overflowing, "\n".join(f"{page}: {result}" for page, result in overflowing.items())
    assert (shots / "home.png").stat().st_size > 0


@pytest.mark.parametrize("size", list(SIZES))
def test_phones_get_tabs_and_desktops_a_side_navigation(
    browser: Any, live_server: Any, transactional_db: None, size: str
) -> None:
    site = str(live_server.url)
    instance = make_instance()
    context = browser.new_context(locale="en-GB", viewport=SIZES[size])
    context.add_cookies([session_cookie(site, instance["alice"])])
    page = context.new_page()
    page.goto(f"{site}/posts/{instance['first'].pk}")
    phone = size == "phone"
    assert page.locator("nav.tabbar").is_visible() == phone
    assert page.locator("a.fab").is_visible() == phone
    assert page.locator("nav.sidenav").is_visible() == (not phone)
    # The top bar takes one line.
    assert page.locator("header.topbar").bounding_box()["height"] < 60
    # The focused post's actions sit on one row, each with an accessible name.
    actions = page.locator(
        "article.post-focus .post-actions > a, article.post-focus .post-actions form button, "
        "article.post-focus .post-actions summary"
    )
    tops = {round(actions.nth(i).bounding_box()["y"]) for i in range(actions.count())}
    assert actions.count() >= 5 and len(tops) == 1, tops
    focus = page.locator("article.post-focus")
    assert focus.get_by_role("link", name="Reply").count() == 1
    for name in ("Echo", "Upvote", "Bookmark"):
        assert focus.get_by_role("button", name=name).count() == 1, name
    assert focus.locator(".more-actions > summary").inner_text().strip().endswith("More")
    if phone:
        # The home page leaves the compose form to the floating button.
        page.goto(f"{site}/")
        assert not page.locator("#compose-form").is_visible()
        page.locator("a.fab").click()
        page.wait_for_url(f"{site}/compose")
        assert page.locator("#compose-form textarea").is_visible()
    context.close()


def test_an_image_without_a_description_is_asked_about_in_the_browser(
    browser: Any, live_server: Any, transactional_db: None, tmp_path: Path
) -> None:
    from io import BytesIO

    from PIL import Image

    from parley.posts.models import Post

    site = str(live_server.url)
    alice = create_member(username="alice", email="alice@example.org", password=PASSWORD)
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, "PNG")
    picture = tmp_path / "picture.png"
    picture.write_bytes(buffer.getvalue())
    context = browser.new_context(locale="en-GB", viewport=SIZES["phone"])
    context.add_cookies([session_cookie(site, alice)])
    page = context.new_page()
    page.goto(f"{site}/compose")
    page.fill('#compose-form textarea[name="text"]', "A picture")
    page.locator("#compose-form details.attach summary").click()
    page.set_input_files('#compose-form input[name="image_1"]', str(picture))
    page.click('#compose-form button[type="submit"]')
    # Asked in place, before anything is sent: the description field has focus.
    page.locator(".alt-prompt").wait_for()
    assert page.evaluate("document.activeElement.name") == "alt_1"
    assert not Post.objects.exists()
    page.fill('#compose-form input[name="alt_1"]', "An orange rectangle")
    page.click('#compose-form button[type="submit"]')
    page.wait_for_url(f"{site}/posts/*")
    assert [m.description for m in Post.objects.get().media.all()] == ["An orange rectangle"]
    assert page.get_by_role("link", name="An orange rectangle").count() == 1
    context.close()


def test_the_system_theme_and_reduced_motion_are_followed(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    site = str(live_server.url)
    instance = make_instance()
    for scheme, motion, background, scrolling in (
        ("light", "no-preference", "rgb(255, 255, 255)", "smooth"),
        ("dark", "reduce", "rgb(18, 20, 23)", "auto"),
    ):
        context = browser.new_context(viewport=SIZES["phone"], color_scheme=scheme, reduced_motion=motion)
        context.add_cookies([session_cookie(site, instance["alice"])])
        page = context.new_page()
        page.goto(f"{site}/")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == scrolling
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"home-phone-{scheme}.png"))
        context.close()
