"""Real Mastodon clients against a running Parley: Mastodon.py for every endpoint Parley
implements, and the `toot` command line for a login / post / timeline smoke test.

Every response body that Mastodon.py receives is validated against the Mastodon OpenAPI
description (../shared/specs/mastodon-openapi/schema.json; PARLEY_SHARED overrides where).
"""

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from PIL import Image

from parley.accounts.actions import create_member
from parley.accounts.models import User
from tests.mastodon_api.openapi import require_spec, validate_response

mastodon = pytest.importorskip("mastodon", reason="Mastodon.py is in the dev extra")
Mastodon = mastodon.Mastodon
PASSWORD = "correct-horse-battery"


class CheckedSession(requests.Session):
    """A requests session that validates every JSON body it receives against the spec."""

    def __init__(self) -> None:
        super().__init__()
        self.checked: set[str] = set()
        self.unchecked: set[str] = set()
        self.hooks["response"].append(self._validate)

    def _validate(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if "application/json" not in response.headers.get("Content-Type", ""):
            return
        method = response.request.method or "GET"
        path = urlsplit(response.url).path
        template = validate_response(method, path, response.status_code, response.json())
        (self.checked if template else self.unchecked).add(f"{method} {template or path}")


@pytest.fixture
def server(live_server: Any, settings: Any, transactional_db: None) -> Iterator[str]:
    require_spec()
    host = urlsplit(live_server.url).netloc
    settings.PARLEY_DOMAIN = host  # absolute URLs (Link headers, media) point at the test server
    settings.PARLEY_API_RATE_LIMIT = 100_000
    settings.PARLEY_OAUTH_PASSWORD_GRANT = True
    from django.core.cache import cache

    cache.clear()
    yield live_server.url


@pytest.fixture
def quiet_screening(monkeypatch: pytest.MonkeyPatch) -> None:
    """The classifier is tested elsewhere; here every post publishes, so timelines are exact."""
    import parley.accounts.actions as account_actions
    import parley.posts.actions as post_actions
    from parley.screening.records import ScreeningVerdict

    monkeypatch.setattr(post_actions, "screen_content", lambda **kw: ScreeningVerdict(decision="publish"))
    monkeypatch.setattr(account_actions, "screen_content", lambda **kw: ScreeningVerdict(decision="publish"))


def member(name: str) -> User:
    return create_member(username=name, email=f"{name}@example.org", password=PASSWORD)


def app_and_login(base: str, session: CheckedSession, username: str) -> Any:
    client_id, client_secret = Mastodon.create_app(
        "Parley e2e", api_base_url=base, session=session, scopes=["read", "write", "follow", "push"]
    )
    api = Mastodon(
        client_id=client_id,
        client_secret=client_secret,
        api_base_url=base,
        session=session,
        ratelimit_method="throw",
    )
    api.log_in(username, PASSWORD, allow_http=True, scopes=["read", "write", "follow", "push"])
    return api


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_authorization_code_login_through_the_consent_page(server: str) -> None:
    member("olga")
    session = CheckedSession()
    client_id, client_secret = Mastodon.create_app(
        "Parley e2e", api_base_url=server, session=session, scopes=["read", "write"]
    )
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=server, session=session)
    url = api.auth_request_url(scopes=["read", "write"], allow_http=True)

    # A browser signed in as olga: a session cookie from Django's own login.
    browser = requests.Session()
    django_client = Client()
    django_client.force_login(User.objects.get(username="olga"))
    browser.cookies.set("sessionid", django_client.cookies["sessionid"].value)
    page = browser.get(url)
    assert page.status_code == 200 and "Parley e2e" in page.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf is not None
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    fields["allow"] = "Authorize"
    shown = browser.post(page.url, data=fields, headers={"Referer": page.url})
    code_value = re.search(r'readonly value="([^"]+)"', shown.text)
    assert code_value is not None, shown.text[:500]
    api.log_in(code=code_value.group(1), allow_http=True, scopes=["read", "write"])
    assert api.account_verify_credentials()["username"] == "olga"
    assert api.app_verify_credentials()["name"] == "Parley e2e"
    api.revoke_access_token(allow_http=True)
    with pytest.raises(mastodon.MastodonUnauthorizedError):
        api.account_verify_credentials()


def test_every_endpoint_through_mastodon_py(server: str, quiet_screening: None) -> None:
    alice, bob, carol = member("alice"), member("bob"), member("carol")
    carol.locked = True
    carol.save(update_fields=["locked"])
    session = CheckedSession()
    a = app_and_login(server, session, "alice")
    b = app_and_login(server, session, "bob@example.org")  # email works as the login too
    c = app_and_login(server, session, "carol")

    # Instance and discovery
    assert "Parley" in a.instance_v2()["version"]
    assert a.instance_v1()["uri"]
    assert a.instance_rules()
    assert a.custom_emojis() == []
    assert a.instance_nodeinfo()["software"]["name"] == "parley"
    assert a.oauth_authorization_server_info()["token_endpoint"].endswith("/oauth/token")
    assert a.preferences()["posting:default:visibility"] == "public"

    # Accounts
    me = a.account_verify_credentials()
    assert me["username"] == "alice"
    updated = a.account_update_credentials(
        display_name="Alice A.",
        note="Hello #cycling",
        avatar=png_bytes(),
        avatar_mime_type="image/png",
        fields=[("site", "https://alice.example")],
    )
    assert updated["display_name"] == "Alice A."
    assert "cycling" in updated["note"]
    assert updated["avatar"].endswith(".png") or "/media/" in updated["avatar"]
    assert a.account(bob.pk)["username"] == "bob"
    assert a.account_lookup("bob")["id"] == str(bob.pk)
    assert a.account_lookup(f"bob@{urlsplit(server).hostname}")["id"] == str(bob.pk)
    assert [x["username"] for x in a.account_search("bo")] == ["bob"]
    rel = b.account_follow(alice.pk)
    assert rel["following"] is True  # unlocked: effective at once
    requested = a.account_follow(carol.pk)
    assert requested["requested"] is True and requested["following"] is False
    assert [x["username"] for x in c.follow_requests()] == ["alice"]
    c.follow_request_authorize(alice.pk)
    assert a.account_relationships([carol.pk])[0]["following"] is True
    b.account_follow(carol.pk)
    c.follow_request_reject(bob.pk)
    assert [x["username"] for x in a.account_followers(alice.pk)] == ["bob"]
    assert [x["username"] for x in b.account_following(bob.pk)] == ["alice"]

    # Statuses
    first = a.status_post(
        "Good morning @bob, riding to work #cycling",
        visibility="public",
        language="en",
        idempotency_key="k1",
    )
    again = a.status_post(
        "Good morning @bob, riding to work #cycling",
        visibility="public",
        language="en",
        idempotency_key="k1",
    )
    assert first["id"] == again["id"]
    assert 'class="u-url mention"' in first["content"]
    media = a.media_post(png_bytes(), mime_type="image/png", description="A red square")
    assert a.media(media["id"])["description"] == "A red square"
    assert a.media_update(media["id"], description="A red rectangle")["description"] == "A red rectangle"
    with_media = a.status_post(
        "A picture of the route", media_ids=[media["id"]], sensitive=True, spoiler_text="colours"
    )
    assert with_media["media_attachments"][0]["description"] == "A red rectangle"
    reply = b.status_post("Have a good ride", in_reply_to_id=first["id"])
    assert reply["in_reply_to_id"] == first["id"]
    assert b.status(first["id"])["id"] == first["id"]
    context = a.status_context(first["id"])
    assert [s["id"] for s in context["descendants"]] == [reply["id"]]
    assert b.status_reblog(first["id"])["reblog"]["id"] == first["id"]
    assert b.status_favourite(first["id"])["favourited"] is True
    assert b.status_bookmark(first["id"])["bookmarked"] is True
    assert [x["username"] for x in a.status_reblogged_by(first["id"])] == ["bob"]
    assert [x["username"] for x in a.status_favourited_by(first["id"])] == ["bob"]
    assert [s["id"] for s in b.favourites()] == [first["id"]]
    assert [s["id"] for s in b.bookmarks()] == [first["id"]]
    edited = a.status_update(first["id"], status="Good morning @bob, cycling to work #cycling")
    assert "cycling to work" in edited["content"]
    assert len(a.status_history(first["id"])) == 2
    assert a.status_source(first["id"])["text"].startswith("Good morning")
    assert b.status_unreblog(first["id"])["reblogged"] is False
    assert b.status_unfavourite(first["id"])["favourited"] is False
    assert b.status_unbookmark(first["id"])["bookmarked"] is False
    with pytest.raises(mastodon.MastodonAPIError):
        a.status_post("x" * 5000)

    # Timelines, pagination
    for i in range(4):
        a.status_post(f"Training log, day {i}")
    home = b.timeline_home(limit=3)
    assert len(home) == 3
    older = b.fetch_next(home)
    assert older and int(older[0]["id"]) < int(home[-1]["id"])
    assert b.timeline_local(limit=5)
    assert [s["id"] for s in b.timeline_hashtag("cycling")] == [first["id"]]
    assert [s["id"] for s in a.account_statuses(alice.pk, exclude_replies=True, limit=40)][-1] == first["id"]
    assert [s["id"] for s in a.account_statuses(alice.pk, only_media=True)] == [with_media["id"]]
    assert a.account_statuses(alice.pk, pinned=True) == []

    # Notifications
    notes = a.notifications()
    kinds = {n["type"] for n in notes}
    assert {"follow", "mention", "reblog", "favourite"} <= kinds
    mentions = a.notifications(types=["mention"])
    assert mentions and all(n["type"] == "mention" for n in mentions)
    assert a.notifications(id=notes[0]["id"])["id"] == notes[0]["id"]
    assert a.notifications_unread_count()["count"] >= 1
    a.markers_set(["notifications"], [notes[0]["id"]])
    assert a.markers_get(["notifications"])["notifications"]["last_read_id"] == notes[0]["id"]
    assert a.notifications_unread_count()["count"] == 0
    a.notifications_dismiss(notes[-1]["id"])
    assert notes[-1]["id"] not in [n["id"] for n in a.notifications()]
    a.notifications_clear()
    assert a.notifications() == []

    # Search, trends
    found = b.search_v2("cycling")
    assert found["hashtags"][0]["name"] == "cycling"
    assert first["id"] in [s["id"] for s in found["statuses"]]
    assert [t["name"] for t in b.trending_tags()] == ["cycling"]

    # Keyword filters
    created = b.create_filter_v2(
        "No training logs",
        context=["home"],
        filter_action="hide",
        keywords_attributes=[{"keyword": "training", "whole_word": True}],
    )
    assert [f["id"] for f in b.filters_v2()] == [created["id"]]
    assert all("Training" not in s["content"] for s in b.timeline_home(limit=40))
    b.update_filter_v2(created["id"], filter_action="warn")
    warned = [s for s in b.timeline_home(limit=40) if s["filtered"]]
    assert warned and warned[0]["filtered"][0]["keyword_matches"] == ["training"]
    keyword = b.add_filter_keyword_v2(created["id"], "log", whole_word=False)
    assert len(b.filter_keywords_v2(created["id"])) == 2
    b.delete_filter_keyword_v2(keyword["id"])
    assert b.filter_v2(created["id"])["filter_action"] == "warn"
    b.delete_filter_v2(created["id"])
    assert b.filters_v2() == []

    # Blocks, mutes, reports
    b.account_mute(carol.pk, duration=3600)
    assert [x["username"] for x in b.mutes()] == ["carol"]
    b.account_unmute(carol.pk)
    assert b.mutes() == []
    c.account_block(bob.pk)
    assert [x["username"] for x in c.blocks()] == ["bob"]
    report = b.report(carol.pk, comment="Spam links", category="spam")
    assert report["target_account"]["id"] == str(carol.pk)
    c.account_unblock(bob.pk)
    assert c.blocks() == []
    b.account_unfollow(alice.pk)
    assert b.account_relationships([alice.pk])[0]["following"] is False

    # Deleting
    deleted = a.status_delete(with_media["id"])
    assert deleted["text"] == "A picture of the route"
    with pytest.raises(mastodon.MastodonNotFoundError):
        a.status(with_media["id"])

    # NodeInfo is federation metadata, which the Mastodon client API description leaves out.
    outside_spec = session.unchecked - {"GET /.well-known/nodeinfo", "GET /nodeinfo/2.0"}
    assert not outside_spec, f"responses the spec does not describe: {outside_spec}"
    assert len(session.checked) >= 60, sorted(session.checked)


def test_toot_cli_login_post_and_timeline(server: str, quiet_screening: None, tmp_path: Path) -> None:
    member("tina")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "NO_COLOR": "1", "TERM": "dumb"}
    toot = [sys.executable, "-m", "toot"]

    def run(*args: str) -> str:
        done = subprocess.run([*toot, *args], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    run("login_cli", "--instance", server, "--email", "tina@example.org", "--password", PASSWORD)
    assert "tina" in run("whoami")
    run("post", "Hello from the toot command line")
    assert "Hello from the toot command line" in run("timeline", "--once")


def test_lists_through_mastodon_py(server: str, quiet_screening: None) -> None:
    member("dora"), member("eli"), member("fay")
    session = CheckedSession()
    d, e = app_and_login(server, session, "dora"), app_and_login(server, session, "eli")
    eli, fay = d.account_lookup("eli"), d.account_lookup("fay")
    d.account_follow(eli["id"])

    created = d.list_create("Friends", replies_policy="none", exclusive=True)
    assert (created["title"], created["replies_policy"], created["exclusive"]) == ("Friends", "none", True)
    assert [x["id"] for x in d.lists()] == [created["id"]]
    d.list_accounts_add(created["id"], [eli["id"]])
    with pytest.raises(mastodon.MastodonAPIError):  # not followed: 422, as Mastodon
        d.list_accounts_add(created["id"], [fay["id"]])
    assert [x["username"] for x in d.list_accounts(created["id"])] == ["eli"]
    assert [x["id"] for x in d.account_lists(eli["id"])] == [created["id"]]
    post = e.status_post("For Dora's list")
    assert [s["id"] for s in d.timeline_list(created["id"])] == [post["id"]]
    assert d.timeline_home() == []  # an exclusive list takes eli out of home
    renamed = d.list_update(created["id"], "Pals", replies_policy="followed", exclusive=False)
    assert (renamed["title"], renamed["exclusive"]) == ("Pals", False)
    assert [s["id"] for s in d.timeline_home()] == [post["id"]]
    d.list_accounts_delete(created["id"], [eli["id"]])
    assert d.list_accounts(created["id"]) == []
    with pytest.raises(mastodon.MastodonNotFoundError):  # someone else's list
        e.list(created["id"])
    d.list_delete(created["id"])
    assert d.lists() == []
    assert not session.unchecked, session.unchecked


def test_pins_through_mastodon_py(server: str, quiet_screening: None) -> None:
    member("gus"), member("hana")
    session = CheckedSession()
    g, h = app_and_login(server, session, "gus"), app_and_login(server, session, "hana")
    first, second = g.status_post("Pin me"), g.status_post("Not me")
    assert g.status_pin(first["id"])["pinned"] is True
    gus = h.account_lookup("gus")
    assert [s["id"] for s in h.account_statuses(gus["id"], pinned=True)] == [first["id"]]
    with pytest.raises(mastodon.MastodonAPIError):  # someone else's post: 422
        h.status_pin(second["id"])
    assert g.status_unpin(first["id"])["pinned"] is False
    assert h.account_statuses(gus["id"], pinned=True) == []
    assert not session.unchecked, session.unchecked


def test_account_notes_through_mastodon_py(server: str, quiet_screening: None) -> None:
    member("ines"), member("jon")
    session = CheckedSession()
    i, j = app_and_login(server, session, "ines"), app_and_login(server, session, "jon")
    jon = i.account_lookup("jon")
    assert i.account_note_set(jon["id"], "Rides a tandem")["note"] == "Rides a tandem"
    assert i.account_relationships([jon["id"]])[0]["note"] == "Rides a tandem"
    assert j.account_relationships([i.account_lookup("ines")["id"]])[0]["note"] == ""
    assert i.account_note_set(jon["id"], "")["note"] == ""
    assert not session.unchecked, session.unchecked


def test_familiar_followers_through_mastodon_py(server: str, quiet_screening: None) -> None:
    member("kim"), member("lea"), member("max")
    session = CheckedSession()
    k, le = app_and_login(server, session, "kim"), app_and_login(server, session, "lea")
    lea, max_ = k.account_lookup("lea"), k.account_lookup("max")
    k.account_follow(lea["id"])
    le.account_follow(max_["id"])
    found = k.account_familiar_followers([max_["id"]])
    assert [(f["id"], [a["username"] for a in f["accounts"]]) for f in found] == [(str(max_["id"]), ["lea"])]
    assert not session.unchecked, session.unchecked


def test_conversations_through_mastodon_py(server: str, quiet_screening: None) -> None:
    member("nina"), member("omar")
    session = CheckedSession()
    n, o = app_and_login(server, session, "nina"), app_and_login(server, session, "omar")
    sent = n.status_post("@omar shall we ride on Sunday?", visibility="direct")
    found = o.conversations()
    assert [(c["accounts"][0]["username"], c["last_status"]["id"], c["unread"]) for c in found] == [
        ("nina", sent["id"], True)
    ]
    assert o.conversations_read(found[0]["id"])["unread"] is False
    answer = o.status_post("@nina yes!", visibility="direct", in_reply_to_id=sent["id"])
    assert [(c["last_status"]["id"], c["unread"]) for c in n.conversations()] == [(answer["id"], True)]
    assert not session.unchecked, session.unchecked


def test_grouped_notifications_through_mastodon_py(server: str, quiet_screening: None) -> None:
    member("pia"), member("quinn"), member("rosa")
    session = CheckedSession()
    p, q, r = (app_and_login(server, session, name) for name in ("pia", "quinn", "rosa"))
    post = p.status_post("Sunrise over the bay")
    q.status_favourite(post["id"])
    r.status_favourite(post["id"])
    q.account_follow(p.me()["id"])
    grouped = p.grouped_notifications()
    assert [(g["type"], g["notifications_count"]) for g in grouped["notification_groups"]] == [
        ("follow", 1),
        ("favourite", 2),
    ]
    favourites = grouped["notification_groups"][1]
    assert favourites["sample_account_ids"][0] == r.me()["id"]
    # quinn is sent in full as the newest follower, so no partial account is needed.
    assert {a["acct"] for a in grouped["accounts"]} == {"quinn", "rosa"} and grouped["partial_accounts"] == []
    one = p.grouped_notification(favourites["group_key"])
    assert one["notification_groups"][0]["notifications_count"] == 2
    accounts = p.grouped_notification_accounts(favourites["group_key"])
    assert [a["acct"] for a in accounts] == ["rosa", "quinn"]
    assert p.unread_grouped_notifications_count() == 2
    p.dismiss_grouped_notification(favourites["group_key"])
    assert [g["type"] for g in p.grouped_notifications()["notification_groups"]] == ["follow"]
    assert not session.unchecked, session.unchecked


def test_hashtags_through_mastodon_py(server: str, quiet_screening: None) -> None:
    member("sami")
    session = CheckedSession()
    s = app_and_login(server, session, "sami")
    s.status_post("Training for the #marathon")
    assert s.tag_follow("running")["following"] is True
    assert [t["name"] for t in s.followed_tags()] == ["running"]
    assert s.tag("running")["following"] is True
    assert s.tag_unfollow("running")["following"] is False
    assert [t["name"] for t in s.featured_tag_suggestions()] == ["marathon"]
    featured = s.featured_tag_create("marathon")
    assert (featured["name"], featured["statuses_count"]) == ("marathon", "1")
    assert [t["name"] for t in s.featured_tags()] == ["marathon"]
    assert [t["name"] for t in s.account_featured_tags(s.me()["id"])] == ["marathon"]
    s.featured_tag_delete(featured["id"])
    assert s.featured_tags() == []
    assert not session.unchecked, session.unchecked


def test_notification_policy_and_requests_through_mastodon_py(server: str, quiet_screening: None) -> None:
    member("tara"), member("ugo"), member("vera")
    session = CheckedSession()
    t, u, v = (app_and_login(server, session, name) for name in ("tara", "ugo", "vera"))
    policy = t.update_notifications_policy(for_not_following="filter")
    assert policy["for_not_following"] == "filter" and t.notifications_policy()["for_private_mentions"] == "filter"
    post = t.status_post("First light")
    u.status_favourite(post["id"])
    v.status_favourite(post["id"])
    assert t.notifications() == []
    requests = t.notification_requests()
    assert [r["account"]["acct"] for r in requests] == ["vera", "ugo"]
    assert t.notification_request(requests[0]["id"])["notifications_count"] == "1"
    t.accept_notification_request(requests[0]["id"])
    assert [n["account"]["acct"] for n in t.notifications()] == ["vera"]
    t.dismiss_multiple_notification_requests([requests[1]["id"]])
    assert t.notification_requests() == [] and t.notifications_merged() is True
    assert t.notifications_policy()["summary"]["pending_requests_count"] == 0
    assert not session.unchecked, session.unchecked
