"""A direct message's image through a real client: Mastodon.py against a running Parley, and
the image loaded as apps load it (a plain GET, no Authorization header)."""

import io
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test.testcases import _MediaFilesHandler
from PIL import Image

from parley.accounts.actions import create_member
from parley.mastodon_api.actions import create_token

mastodon = pytest.importorskip("mastodon", reason="Mastodon.py is in the dev extra")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_dm_image_loads_for_the_recipient_and_not_for_a_stranger(
    live_server: Any, settings: Any, transactional_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parley.posts.actions as post_actions
    from parley.screening.records import ScreeningVerdict

    monkeypatch.setattr(post_actions, "screen_content", lambda **kw: ScreeningVerdict(decision="publish"))
    # Django's live test server answers /media/ from MEDIA_ROOT itself, before any view; a real
    # deployment has no such shortcut, so switch it off to reach Parley's media view.
    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda self, path: False)
    settings.MEDIA_ROOT = tmp_path
    settings.PARLEY_DOMAIN = urlsplit(live_server.url).netloc
    settings.PARLEY_API_RATE_LIMIT = 100_000

    def client(name: str) -> Any:
        create_member(username=name, email=f"{name}@example.org", password="correct-horse-battery")
        token = create_token(username=name, scopes=["read", "write"])
        return mastodon.Mastodon(access_token=token, api_base_url=live_server.url)

    alice, bob, eve = client("alice"), client("bob"), client("eve")
    media = alice.media_post(png_bytes(), mime_type="image/png", description="A red square")
    dm = alice.status_post("@bob just for you", visibility="direct", media_ids=[media["id"]])

    attachment = bob.status(dm["id"])["media_attachments"][0]
    for url in (attachment["url"], attachment["preview_url"]):
        assert requests.get(url, timeout=10).status_code == 200
        assert requests.get(url.split("?", 1)[0], timeout=10).status_code == 404
    with pytest.raises(mastodon.MastodonNotFoundError):
        eve.status(dm["id"])
