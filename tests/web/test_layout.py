"""The page frame: navigation for phones and desktops, the icon and app manifest, relative times."""

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone, translation

from parley.accounts.models import User
from parley.posts.actions import publish_post
from parley.posts.models import Post
from parley.web.templatetags.parley_ui import relative_text

MakeMember = Callable[..., object]
STYLESHEET = Path(__file__).resolve().parents[2] / "parley/web/static/web/parley.css"


def signed_in(member: object) -> Client:
    assert isinstance(member, User)
    client = Client()
    client.force_login(member)
    return client


def between(page: str, start: str, end: str) -> str:
    """The markup from `start` to the next `end`."""
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


# Navigation


@pytest.mark.django_db
def test_a_member_gets_the_tab_bar_the_side_navigation_and_the_compose_button(make_member: MakeMember) -> None:
    page = signed_in(make_member("alice")).get("/").content.decode()
    tabs = between(page, '<nav class="tabbar"', "</nav>")
    assert re.findall(r'href="([^"]+)"', tabs) == ["/", "/search", "/notifications", "/messages", "/@alice"]
    assert 'href="/" aria-current="page"' in tabs
    side = between(page, '<nav class="sidenav"', "</nav>")
    for href in ("/", "/local", "/search", "/notifications", "/messages", "/bookmarks", "/@alice", "/settings"):
        assert f'href="{href}"' in side, href
    assert 'action="/logout"' in side and 'href="/moderation"' not in side
    assert '<a class="fab" href="/compose">' in page
    # Each icon is decoration: the link's name is its text.
    assert 'aria-hidden="true" focusable="false"' in tabs and "Notifications" in tabs


@pytest.mark.django_db
def test_moderators_see_the_moderation_link_and_the_compose_page_has_no_compose_button(
    make_member: MakeMember,
) -> None:
    client = signed_in(make_member("mod", moderator=True))
    assert 'href="/moderation"' in between(client.get("/").content.decode(), '<nav class="sidenav"', "</nav>")
    assert 'class="fab"' not in client.get("/compose").content.decode()


@pytest.mark.django_db
def test_a_visitor_gets_local_search_and_log_in(make_member: MakeMember) -> None:
    page = Client().get("/local").content.decode()
    tabs = between(page, '<nav class="tabbar"', "</nav>")
    assert re.findall(r'href="([^"]+)"', tabs) == ["/local", "/search", "/login"]
    assert 'class="fab"' not in page and 'action="/logout"' not in page
    assert 'href="/signup"' in between(page, '<header class="topbar">', "</header>")


@pytest.mark.django_db
def test_the_unread_count_shows_on_the_tab_bar_and_the_side_navigation(make_member: MakeMember) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    assert isinstance(bob, User)
    publish_post(author=bob, text="@alice hello")
    page = signed_in(alice).get("/").content.decode()
    for nav in (between(page, '<nav class="tabbar"', "</nav>"), between(page, '<nav class="sidenav"', "</nav>")):
        assert '<span class="badge">1<span class="visually-hidden"> unread</span></span>' in nav


@pytest.mark.django_db
def test_menus_of_links_are_not_bulleted_lists(make_member: MakeMember) -> None:
    """The settings menu and the queue filters are `<ul class="tabs">`: the rule must match that."""
    page = signed_in(make_member("mod", moderator=True)).get("/settings/profile").content.decode()
    assert '<ul class="tabs">' in page
    css = STYLESHEET.read_text()
    rule = re.search(r"\n\.tabs, \.tabs ul \{([^}]*)\}", css)
    assert rule is not None and "list-style: none" in rule.group(1)


def test_the_stylesheet_has_phone_and_desktop_layouts_themes_and_reduced_motion() -> None:
    css = STYLESHEET.read_text()
    assert "@media (max-width: 600px)" in css and "@media (min-width: 601px)" in css
    assert "@media (prefers-color-scheme: dark)" in css
    reduced = css.split("@media (prefers-reduced-motion: reduce)")[1]
    assert "animation: none" in reduced and "scroll-behavior: auto" in reduced


@pytest.mark.django_db
def test_post_actions_keep_their_names_and_counts_and_put_the_rest_in_a_menu(make_member: MakeMember) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    assert isinstance(bob, User)
    post = publish_post(author=bob, text="Hello")
    page = signed_in(alice).get(f"/posts/{post.pk}").content.decode()
    bar = between(page, f'<div class="post-actions" id="actions-{post.pk}">', "</details>")
    for label in ("Reply", "Echo", "Upvote", "Bookmark", "More"):
        assert f'<span class="action-label">{label}</span>' in bar, label
    assert '<span class="count">0</span>' in bar
    menu = between(bar, '<ul class="more-menu">', "</ul>")
    assert f'href="/posts/{post.pk}/quote"' in menu and f'href="/posts/{post.pk}/report"' in menu


# Icon and manifest


@pytest.mark.django_db
def test_favicon_is_served() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response)[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert Client().post("/favicon.ico").status_code == 405


@pytest.mark.django_db
def test_the_web_app_manifest_lets_a_phone_install_the_site() -> None:
    page = Client().get("/local").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<link rel="icon" href="/static/web/icons/icon.svg" type="image/svg+xml">' in page
    response = Client().get("/manifest.webmanifest", headers={"accept-language": "fr"})
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/" and manifest["lang"] == "fr"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


# Relative times

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ago", "english", "french"),
    [
        (timedelta(seconds=20), "just now", "à l'instant"),
        (timedelta(minutes=1), "1 min", "il y a 1 min"),
        (timedelta(minutes=5, seconds=59), "5 min", "il y a 5 min"),
        (timedelta(hours=3, minutes=10), "3 h", "il y a 3 h"),
        (timedelta(days=2), "2 d", "il y a 2 j"),
        (timedelta(days=10), "23 Nov.", "23 nov."),
        (timedelta(days=400), "29 Oct. 2025", "29 oct. 2025"),
        (-timedelta(minutes=30), "in 30 min", "dans 30 min"),
        (-timedelta(hours=5), "in 5 h", "dans 5 h"),
    ],
)
def test_relative_times_in_both_languages(ago: timedelta, english: str, french: str) -> None:
    with translation.override("en"):
        assert relative_text(NOW - ago, NOW) == english
    with translation.override("fr"):
        assert relative_text(NOW - ago, NOW) == french


@pytest.mark.django_db
def test_posts_show_their_age_with_the_exact_date_in_the_title(make_member: MakeMember) -> None:
    alice = make_member("alice")
    assert isinstance(alice, User)
    post = publish_post(author=alice, text="Hello")
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=5, seconds=10))
    post.refresh_from_db()
    english = Client().get(f"/posts/{post.pk}").content.decode()
    iso = post.created_at.isoformat()
    match = re.search(rf'<time datetime="{re.escape(iso)}" title="([^"]+)">5 min</time>', english)
    assert match is not None and str(post.created_at.year) in match.group(1)
    french = Client().get(f"/posts/{post.pk}", headers={"accept-language": "fr"}).content.decode()
    assert re.search(rf'<time datetime="{re.escape(iso)}" title="[^"]+">il y a 5 min</time>', french)
