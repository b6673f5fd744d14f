"""Content-Security-Policy: every kind of response carries it, and the main pages run under it in
a real Chromium without a single violation (the consent form's redirect to the app included)."""

import os
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from parley.accounts.actions import create_member
from parley.accounts.models import User

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PASSWORD = "a-long-and-unusual-passphrase-42"
CALLBACK = "https://app.example/callback"
REQUIRED = {
    "default-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(policy: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in policy.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def assert_strict(response: Any) -> None:
    policy = directives(response["Content-Security-Policy"])
    for name, sources in REQUIRED.items():
        assert policy[name].startswith(sources), (name, policy)
    assert policy["script-src"].split()[0] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def register_app(client: Client) -> dict[str, str]:
    response = client.post("/api/v1/apps", {"client_name": "Some app", "redirect_uris": CALLBACK, "scopes": "read"})
    assert response.status_code == 200
    return response.json()


def consent_path(app: dict[str, str]) -> str:
    query = {"client_id": app["client_id"], "redirect_uri": CALLBACK, "response_type": "code", "scope": "read"}
    return "/oauth/authorize?" + urlencode(query)


@pytest.mark.django_db
def test_every_kind_of_response_carries_the_policy() -> None:
    moderator = create_member(username="mod", email="mod@example.org", password=PASSWORD, moderator=True)
    admin = create_member(username="root", email="root@example.org", password=PASSWORD, admin=True)
    anonymous, member, staff = Client(), Client(), Client()
    member.force_login(moderator)
    staff.force_login(admin)
    app = register_app(anonymous)
    responses = {
        "sign-in page": anonymous.get("/login"),
        "home": member.get("/"),
        "settings": member.get("/settings"),
        "moderation queue": member.get("/moderation"),
        "OAuth consent": member.get(consent_path(app)),
        "JSON API": anonymous.get("/api/v1/instance"),
        "OAuth metadata": anonymous.get("/.well-known/oauth-authorization-server"),
        "not found": anonymous.get("/no/such/page"),
        "Django admin": staff.get("/admin/"),
    }
    for name, response in responses.items():
        assert response.status_code in (200, 404), name
        assert "Content-Security-Policy" in response, name
        assert_strict(response)


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


def signed_in_page(browser: Any, site: str, user: User) -> tuple[Any, list[str]]:
    """A page whose session belongs to `user`, and the list every CSP violation lands in."""
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return page, violations


def png_file(tmp_path: Path) -> Path:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, "PNG")
    path = tmp_path / "picture.png"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.browser
def test_main_pages_run_without_a_violation(
    browser: Any, live_server: Any, transactional_db: None, tmp_path: Path
) -> None:
    site = str(live_server.url)
    moderator = create_member(username="mod", email="mod@example.org", password=PASSWORD, moderator=True)
    page, violations = signed_in_page(browser, site, moderator)

    for path in ("/", "/settings", "/settings/security", "/moderation", "/@mod"):
        page.goto(site + path)
        page.wait_for_load_state("networkidle")

    # Compose with an image: the upload and the published post's picture stay within the policy.
    page.goto(site + "/")
    page.fill('#compose-form textarea[name="text"]', "A picture under a strict policy")
    image_input = page.locator('#compose-form input[type="file"]').first
    if image_input.count():
        page.locator("#compose-form details.attach summary").click()
        image_input.set_input_files(str(png_file(tmp_path)))
        page.fill('#compose-form input[name="alt_1"]', "An orange rectangle")
    page.click('#compose-form button[type="submit"]')
    page.wait_for_load_state("networkidle")
    page.goto(site + "/@mod")
    page.wait_for_load_state("networkidle")

    # OAuth consent: allowing leads to the app's https redirect, which form-action must permit.
    app = register_app(Client())
    page.route("https://app.example/**", lambda route: route.fulfill(status=200, body="app"))
    page.goto(site + consent_path(app))
    page.click('button[name="allow"]')
    page.wait_for_url(CALLBACK + "?*")
    assert "code=" in page.url

    assert violations == []
