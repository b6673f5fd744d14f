"""Read-only and maintenance modes, driven over HTTP and through `parley maintenance`."""

import re
import uuid
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from pytest_django.fixtures import Settings

from parley.accounts.models import User
from parley.core.models import AuditLogEntry
from parley.operations.maintenance import current_mode, forget_cached_mode, set_mode
from parley.operations.models import Mode, SiteMode

WRITE_METHODS = ("post", "put", "patch", "delete")
JSON_PREFIXES = ("/api/", "/oauth/", "/.well-known/", "/nodeinfo/")
# Open in every mode: monitoring and the public status page; setlang only sets a cookie.
OPEN_IN_READ_ONLY = ("/health", "/status", "/i18n/setlang/")
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x/y.png", "uuid": str(uuid.UUID(int=1))}


@pytest.fixture(autouse=True)
def _no_api_budget(settings: Settings) -> None:
    settings.PARLEY_API_RATE_LIMIT = 100_000  # the walk sends far more than one client's budget


@pytest.fixture(autouse=True)
def _fresh_mode() -> Iterator[None]:
    """The per-process copy of the mode never outlives a test (its row is rolled back)."""
    forget_cached_mode()
    yield
    forget_cached_mode()


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + _sample(str(pattern.pattern)))
        else:
            yield prefix + _sample(str(pattern.pattern))


def _sample(route: str) -> str:
    """A concrete path for a route (`<int:post_id>` -> 1) or a regex (the first alternative)."""
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)
    route = re.sub(r"\(\?P<\w+>([^)]*)\)", lambda m: m.group(1).split("|")[0] if "|" in m.group(1) else "1", route)
    return route.lstrip("^").rstrip("$")


def every_path() -> list[str]:
    paths = sorted({"/" + route for route in _routes(get_resolver().url_patterns)})
    unresolved = []
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            unresolved.append(path)
    assert unresolved == [], "sample paths that resolve nowhere: the walk would miss these routes"
    return paths


def test_the_walk_covers_every_interface() -> None:
    paths = every_path()
    assert len(paths) > 300
    for expected in ("/api/v1/statuses", "/oauth/token", "/compose", "/admin/", "/login"):
        assert expected in paths


@pytest.mark.django_db
def test_read_only_refuses_every_write_on_every_route_with_503_and_retry_after() -> None:
    set_mode(mode=Mode.READ_ONLY, message="Moving to a new host, back by 18:00 UTC.", retry_after=120)
    client = Client()
    refused = 0
    for path in every_path():
        if path.startswith(OPEN_IN_READ_ONLY):
            continue
        for method in WRITE_METHODS:
            response = getattr(client, method)(path)
            assert response.status_code == 503, (method, path, response.status_code)
            assert response["Retry-After"] == "120", (method, path)
            if path.startswith(JSON_PREFIXES) and not path.startswith("/oauth/authorize"):
                assert "Moving to a new host" in response.json()["error"], (method, path)
            else:
                assert "Moving to a new host" in response.content.decode(), (method, path)
            refused += 1
    assert refused > 1200


@pytest.mark.django_db
def test_read_only_keeps_every_read_answering_as_usual(make_member: object) -> None:
    member = make_member("reader")  # type: ignore[operator]
    client = Client(raise_request_exception=True)
    client.force_login(member)
    paths = [path for path in every_path() if not path.startswith(("/admin/", "/health", "/status"))]
    usual = {path: client.get(path).status_code for path in paths}
    set_mode(mode=Mode.READ_ONLY, message="Moving.")
    during = {path: client.get(path).status_code for path in paths}
    assert during == usual
    assert 503 not in during.values()
    assert sum(status == 200 for status in during.values()) > 40


@pytest.mark.django_db
def test_read_only_page_carries_the_banner_and_refuses_posting_in_french(make_member: object) -> None:
    member = make_member("poster")  # type: ignore[operator]
    client = Client()
    client.force_login(member)
    set_mode(mode=Mode.READ_ONLY, message="Migration en cours.", retry_after=60)
    page = client.get("/local", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "maintenance-banner" in page and "Migration en cours." in page
    assert "lecture seule" in page
    response = client.post("/compose", {"text": "hello"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 503
    assert "Migration en cours." in response.content.decode()
    from parley.posts.models import Post

    assert not Post.objects.exists()


@pytest.mark.django_db
def test_api_write_answers_mastodon_error_json_and_stores_nothing(make_member: object) -> None:
    set_mode(mode=Mode.READ_ONLY, message="Back soon.", retry_after=30)
    response = Client().post("/api/v1/statuses", {"status": "hello"}, HTTP_AUTHORIZATION="Bearer nothing")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": "This server is read-only for now: nothing can be posted or changed. Back soon."
    }
    assert response["Access-Control-Allow-Origin"] == "*"  # browser clients can read why
    token = Client().post("/oauth/token", {"grant_type": "password", "username": "a", "password": "b"})
    assert token.status_code == 503 and "error" in token.json()


@pytest.mark.django_db
def test_maintenance_closes_reads_too_but_not_health_or_the_admin_for_staff(make_member: object) -> None:
    set_mode(mode=Mode.MAINTENANCE, message="Upgrading.", retry_after=600)
    anonymous = Client()
    for path in ("/local", "/api/v1/timelines/public", "/login", "/admin/"):
        response = anonymous.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "600"
    staff = User.objects.create_superuser(username="root", email="root@example.org", password="x-long-password-1")
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/operations/sitemode/").status_code == 200
    # The admin's other forms stay closed: only the switch itself may be saved.
    assert client.post("/admin/accounts/user/add/", {}).status_code == 503


@pytest.mark.django_db
def test_staff_switch_the_mode_off_in_the_admin() -> None:
    set_mode(mode=Mode.MAINTENANCE, message="Upgrading.", retry_after=600)
    staff = User.objects.create_superuser(username="root", email="root@example.org", password="x-long-password-1")
    client = Client()
    client.force_login(staff)
    row = SiteMode.objects.get()
    response = client.post(
        f"/admin/operations/sitemode/{row.pk}/change/", {"mode": "normal", "message": "", "retry_after": "300"}
    )
    assert response.status_code == 302
    assert current_mode().mode == Mode.NORMAL
    assert SiteMode.objects.get().changed_by == "admin (root)"
    assert Client().get("/local").status_code == 200
    assert AuditLogEntry.objects.filter(action="operations.set_mode", actor=staff).exists()


@pytest.mark.django_db
def test_command_switches_modes_and_reports_status() -> None:
    out = StringIO()
    call_command("maintenance", "read-only", "--message", "Moving hosts", "--retry-after", "90", stdout=out)
    assert "mode: read_only" in out.getvalue() and "retry-after: 90 s" in out.getvalue()
    assert current_mode().read_only and current_mode().message == "Moving hosts"
    call_command("maintenance", "on", stdout=StringIO())
    assert current_mode().maintenance and current_mode().retry_after == 300
    status = StringIO()
    call_command("maintenance", "status", stdout=status)
    assert "mode: maintenance" in status.getvalue()
    call_command("maintenance", "off", stdout=StringIO())
    assert current_mode().mode == Mode.NORMAL and not current_mode().restricted
    assert AuditLogEntry.objects.filter(action="operations.set_mode").count() == 3


@pytest.mark.django_db
def test_command_refuses_bad_input_and_changes_nothing() -> None:
    with pytest.raises(CommandError):
        call_command("maintenance", "read-only", "--retry-after", "-1", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("maintenance", "off", "--message", "why", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("maintenance", "sideways", stdout=StringIO())
    assert not SiteMode.objects.exists()
    assert current_mode().mode == Mode.NORMAL


@pytest.mark.django_db
def test_other_processes_see_a_change_within_the_cache_window(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not current_mode().restricted  # this process has read and cached "normal"
    SiteMode.objects.create(pk=SiteMode.SINGLETON, mode=Mode.READ_ONLY)  # another host's switch
    assert not current_mode().restricted
    import parley.operations.maintenance as maintenance

    monkeypatch.setattr(maintenance.time, "monotonic", lambda: 10**9)  # the window has passed
    assert current_mode().read_only
