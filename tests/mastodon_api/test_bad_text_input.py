"""A NUL byte or a lone surrogate in any text the API reads gets 422 and changes nothing.

PostgreSQL cannot store a NUL in text and no database can store a lone surrogate (JSON carries
one as the escape \\ud800): before the check in `parse_params`, such text reached the database
from a dozen inputs and answered 500. This walks every route of the API (parley_operations),
each string parameter that the OpenAPI description or the endpoint's own code names, in the
query string, a form body, a JSON body and the path; the PostgreSQL pass of scripts/test.sh
runs it there too.
"""

import inspect
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.test import Client
from PIL import Image

from parley.accounts.actions import create_member
from parley.accounts.models import User
from parley.core.text import is_storable
from parley.mastodon_api.actions import create_token
from parley.mastodon_api.management.commands.api_doc import _normalise, parley_operations
from parley.posts.actions import publish_post
from tests.mastodon_api.openapi import require_spec, spec_path

NUL = "a\x00b"
SURROGATE = "\ud800"
PARAM_CALL = re.compile(r"params\.\w+\(\s*f?\"([a-z_\[\]]+)")

# What a request needs besides the bad parameter to get as far as a write (or a search).
BASELINE: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/statuses"): {"status": "hello"},
    ("put", "/api/v1/statuses/{}"): {"status": "edited"},
    ("post", "/api/v1/apps"): {"client_name": "app", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"},
    ("post", "/api/v2/filters"): {"title": "words", "context": ["home"]},
    ("put", "/api/v2/filters/{}"): {"title": "words", "context": ["home"]},
    ("post", "/api/v2/filters/{}/keywords"): {"keyword": "word"},
    ("put", "/api/v2/filters/keywords/{}"): {"keyword": "word"},
    ("post", "/api/v1/reports"): {"comment": "spam"},
    ("post", "/api/v1/markers"): {"home": {"last_read_id": "1"}},
    ("post", "/api/v1/admin/accounts/{}/action"): {"type": "none", "text": "why"},
    ("post", "/api/v1/admin/reports/{}/resolve"): {"text": "why"},
}
FILE_ROUTES = {"/api/v1/media", "/api/v2/media"}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def _spec_parameters(spec: dict[str, Any], method: str, path: str) -> set[str]:
    names: set[str] = set()
    for spec_path_, item in spec["paths"].items():
        if _normalise(spec_path_) != path or method not in item:
            continue
        operation = item[method]
        names |= {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
        for content in operation.get("requestBody", {}).get("content", {}).values():
            names |= set(content.get("schema", {}).get("properties", {}))
    return {n.removesuffix("[]") for n in names} - {"file", "avatar", "header", "thumbnail"}


def _code_parameters(handler: Callable[..., Any]) -> set[str]:
    source = inspect.getsource(inspect.unwrap(handler))
    return {name.removesuffix("[]") for name in PARAM_CALL.findall(source)} - {"file"}  # sent as an upload


def _operations() -> Iterator[tuple[str, str, set[str]]]:
    spec = json.loads(spec_path().read_text())
    for path, handlers in sorted(parley_operations().items()):
        if path.startswith("/oauth/authorize"):
            continue  # a consent page, not a JSON endpoint (the web test sends it bad text)
        for method, handler in sorted(handlers.items()):
            yield method, path, _spec_parameters(spec, method, path) | _code_parameters(handler)


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    moderator = create_member(username="mod", email="mod@example.org", password="correct-horse-battery", admin=True)
    bob = create_member(username="bob", email="bob@example.org", password="correct-horse-battery")
    post = publish_post(author=moderator, text="mine #tag")
    token = create_token(username="mod", scopes=["read", "write", "follow", "push", "admin:read", "admin:write"])
    client = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token}"})
    filter_ = client.post(
        "/api/v2/filters", {"title": "f", "context[]": ["home"], "keywords_attributes[][keyword]": "k"}
    )
    media = client.post("/api/v1/media", {"file": io.BytesIO(_png())})
    report = Client(headers={"Authorization": f"Bearer {create_token(username='bob', scopes=['write'])}"}).post(
        "/api/v1/reports", {"account_id": str(moderator.pk), "status_ids[]": [str(post.pk)], "comment": "x"}
    )
    ids = {
        "{}": str(post.pk),
        "/api/v1/accounts/{}": str(bob.pk),
        "/api/v1/follow_requests/{}": str(bob.pk),
        "/api/v1/admin/accounts/{}": str(bob.pk),
        "/api/v2/filters/{}": filter_.json()["id"],
        "/api/v2/filters/keywords/{}": filter_.json()["keywords"][0]["id"],
        "/api/v1/media/{}": media.json()["id"],
        "/api/v1/admin/reports/{}": report.json()["id"],
        "/api/v1/timelines/tag/{}": "tag",
    }
    return {"client": client, "ids": ids, "bob": bob, "moderator": moderator}


def _fill(path: str, ids: dict[str, str], bad: str | None = None) -> str:
    """The path with real ids in it (or the bad text as its one parameter)."""
    if "{}" not in path:
        return path
    if bad is not None:
        return path.replace("{}", quote(bad, safe=""))
    for prefix, value in ids.items():
        if prefix != "{}" and path.startswith(prefix):
            return path.replace("{}", value)
    return path.replace("{}", ids["{}"])


def _baseline(method: str, path: str, world: dict[str, Any]) -> dict[str, Any]:
    data = dict(BASELINE.get((method, path), {}))
    if path == "/api/v1/reports":
        data["account_id"] = str(world["bob"].pk)
    return data


def _send(client: Client, method: str, url: str, data: dict[str, Any], *, as_json: bool) -> Any:
    call = getattr(client, method)
    if method in ("get", "delete") and not as_json:
        return call(f"{url}?{urlencode(data, doseq=True)}")
    if as_json:
        return call(url, json.dumps(data), content_type="application/json")
    if method == "post":
        return call(url, data)
    return call(url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded")


def _bad_requests(world: dict[str, Any]) -> Iterator[tuple[str, Callable[[], Any]]]:
    client: Client = world["client"]
    for method, path, names in _operations():
        url = _fill(path, world["ids"])
        if "{}" in path:
            yield (
                f"{method.upper()} {path} (path)",
                lambda m=method, p=path: _send(client, m, _fill(p, world["ids"], NUL), {}, as_json=False),
            )
        for name in sorted(names):
            base = _baseline(method, path, world)
            if method in ("get", "delete"):
                yield (
                    f"{method.upper()} {path} ?{name}",
                    lambda m=method, u=url, b=base, n=name: _send(client, m, u, {**b, n: NUL}, as_json=False),
                )
                continue
            for bad in (NUL, SURROGATE) if path.startswith("/api/") else ():  # OAuth reads forms only
                yield (
                    f"{method.upper()} {path} {name}={bad!r} (JSON)",
                    lambda m=method, u=url, b=base, n=name, v=bad: _send(client, m, u, {**b, n: v}, as_json=True),
                )
            if path in FILE_ROUTES:
                yield (
                    f"{method.upper()} {path} {name} (multipart)",
                    lambda u=url, b=base, n=name: client.post(u, {**b, n: NUL, "file": io.BytesIO(_png())}),
                )
            else:
                yield (
                    f"{method.upper()} {path} {name} (form)",
                    lambda m=method, u=url, b=base, n=name: _send(client, m, u, {**b, n: NUL}, as_json=False),
                )


@pytest.mark.django_db(transaction=True)  # a database error must not poison the next request
def test_nul_and_lone_surrogates_get_422_everywhere_and_store_nothing(world, settings) -> None:
    require_spec()
    settings.PARLEY_API_RATE_LIMIT = 1_000_000
    before = _row_counts()
    wrong: list[str] = []
    sent = 0
    for label, send in _bad_requests(world):
        response = send()
        sent += 1
        is_json = response["Content-Type"].startswith("application/json")
        if response.status_code != 422 or not is_json or "error" not in response.json():
            wrong.append(f"{label} -> {response.status_code} {response.content[:120]!r}")
    assert sent > 300, sent
    assert not wrong, f"{len(wrong)} of {sent}:\n" + "\n".join(wrong)
    assert _row_counts() == before
    assert all(is_storable(u.display_name + u.bio) for u in User.objects.all())


@pytest.mark.django_db
def test_the_refusal_names_the_parameter(make_member, api_for) -> None:
    client = api_for(make_member("alice"))
    response = client.post("/api/v1/statuses", {"status": "hi", "spoiler_text": "\ud800"}, json=True)
    assert response.status_code == 422
    assert "spoiler_text" in response.json()["error"]
