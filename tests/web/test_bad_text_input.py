"""A NUL byte in any text a page reads gets a 400 page and changes nothing.

PostgreSQL cannot store a NUL in text: before the check in parley.middleware, a NUL in a form
field, a search, a path, a cookie or the User-Agent reached the database and answered 500. This
fills every text field of every form on the member, moderator and visitor pages in turn (the
forms are read from the rendered pages, so a new form is covered without editing this test);
the PostgreSQL pass of scripts/test.sh runs it there too.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.test import Client

import parley.accounts.actions as account_actions
import parley.posts.actions as post_actions
from parley.accounts.actions import create_member
from parley.accounts.models import User
from parley.core.text import is_storable
from parley.posts.actions import publish_post
from parley.safety.actions.reports import file_report
from parley.screening.records import ScreeningVerdict

NUL = "a\x00b"
TEXT_INPUTS = {"text", "email", "password", "search", "url", "tel", "number", "hidden", "datetime-local", "date"}


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    text_fields: list[str] = field(default_factory=list)


def _plausible(name: str, kind: str) -> str:
    """What a member would type in an empty field, so that only the bad field is wrong."""
    if kind == "email" or "email" in name:
        return "someone@example.org"
    if kind == "password" or "password" in name:
        return "correct-horse-battery"
    if kind == "url" or "url" in name:
        return "https://example.org/page"
    if kind == "number" or name == "days":
        return "1"
    if kind == "hidden":
        return ""
    return "words"


class FormReader(HTMLParser):
    """The forms of a page: their action, method and fields with the values they start with."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(self.page, a.get("action") or self.page, (a.get("method") or "get").lower()))
        if not self.forms or "name" not in a:
            if tag == "option" and self._select and self._select not in self.forms[-1].fields:
                self.forms[-1].fields[self._select] = a.get("value", "")
            return
        form, name = self.forms[-1], a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a or name not in form.fields:
                    form.fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file", "image", "reset"):
                form.fields[name] = a.get("value") or _plausible(name, kind)
                if kind in TEXT_INPUTS and name != "csrfmiddlewaretoken":
                    form.text_fields.append(name)
        elif tag == "textarea":
            form.fields[name] = _plausible(name, "textarea")
            form.text_fields.append(name)
            self._textarea = name
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None


@pytest.fixture(autouse=True)
def _publish_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """About the input check, not the classifier: screening publishes."""

    def publish(**_kwargs: object) -> ScreeningVerdict:
        return ScreeningVerdict(decision="publish")

    monkeypatch.setattr(post_actions, "screen_content", publish)
    monkeypatch.setattr(account_actions, "screen_content", publish)


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    moderator = create_member(username="mod", email="mod@example.org", password="correct-horse-battery", admin=True)
    bob = create_member(username="bob", email="bob@example.org", password="correct-horse-battery")
    own = publish_post(author=moderator, text="mine #tag")
    theirs = publish_post(author=bob, text="theirs #tag")
    report = file_report(reporter=moderator, category="spam", post_ids=[theirs.pk], comment="spam")
    file_report(reporter=bob, category="spam", post_ids=[own.pk], comment="spam")
    return {"moderator": moderator, "bob": bob, "own": own, "theirs": theirs, "report": report}


def _member_pages(world: dict[str, Any]) -> list[str]:
    own, theirs = world["own"].pk, world["theirs"].pk
    pages = [
        "/",
        "/local",
        "/compose",
        f"/posts/{own}",
        f"/posts/{theirs}",
        f"/posts/{own}/edit",
        f"/posts/{theirs}/report",
        "/@bob",
        "/@bob/report",
        "/search?q=tag",
        "/tags/tag",
        "/settings",
        "/settings/profile",
        "/settings/account",
        "/settings/account/email",
        "/settings/account/password",
        "/settings/account/delete",
        "/settings/security",
        "/settings/sessions",
        "/settings/reports",
        "/settings/decisions",
        "/moderation",
        "/notices/new",
    ]
    queue = Client()
    queue.force_login(world["moderator"])
    from parley.safety.models import ReviewItem

    pages += [f"/moderation/items/{item.pk}" for item in ReviewItem.objects.all()]
    return pages


VISITOR_PAGES = ["/signup", "/login", "/password-reset", "/notices/new", "/search"]


def _forms(client: Client, pages: list[str]) -> Iterator[Form]:
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for page in pages:
        response = client.get(page)
        if response.status_code == 405:  # an action only posted to, from a form on another page
            continue
        assert response.status_code == 200, (page, response.status_code)
        reader = FormReader(page.split("?")[0])
        reader.feed(response.content.decode())
        for form in reader.forms:
            key = (form.action, form.method, tuple(sorted(form.fields)))
            if form.text_fields and key not in seen:
                seen.add(key)
                yield form


def _submit(client: Client, form: Form, name: str) -> Any:
    data = {**form.fields, name: NUL}
    if form.method == "get":
        return client.get(f"{form.action}?{urlencode(data)}")
    return client.post(form.action, data)


def _row_counts() -> dict[str, int]:
    # Sessions come and go with every sign-in; everything else must stay as it was.
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if "session" not in m._meta.model_name.lower()
    }


def _signed_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _with_cookie(name: str, value: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[name] = value
    return client


def _answer_is_a_refusal(response: Any) -> bool:
    return response.status_code == 400 and "cannot be stored" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # a database error must not poison the next request
def test_nul_in_any_form_field_gets_400_and_stores_nothing(world) -> None:
    member = Client(raise_request_exception=False)
    member.force_login(world["moderator"])
    visitor = Client(raise_request_exception=False)
    forms = [(member, form) for form in _forms(member, _member_pages(world))]
    forms += [(visitor, form) for form in _forms(visitor, VISITOR_PAGES)]
    before = _row_counts()
    wrong: list[str] = []
    sent = 0
    for client, form in forms:
        for name in form.text_fields:
            if client is member:
                client.force_login(world["moderator"])  # a form may have signed out
            response = _submit(client, form, name)
            sent += 1
            if not _answer_is_a_refusal(response):
                wrong.append(f"{form.method.upper()} {form.action} ({form.page}) {name} -> {response.status_code}")
    assert sent > 60, sent
    assert not wrong, f"{len(wrong)} of {sent}:\n" + "\n".join(wrong)
    assert _row_counts() == before


@pytest.mark.django_db(transaction=True)
def test_nul_in_paths_queries_cookies_and_stored_headers_gets_400(world) -> None:
    bad = quote(NUL)
    member = Client(raise_request_exception=False)
    member.force_login(world["moderator"])
    answers = {
        "profile path": member.get(f"/@{bad}"),
        "followers path": member.get(f"/@{bad}/followers"),
        "hashtag path": member.get(f"/tags/{bad}"),
        "e-mail confirmation path": member.get(f"/confirm-email/{bad}"),
        "notice path": member.get(f"/notices/{bad}/{bad}"),
        "search query": member.get(f"/search?q={bad}"),
        "search type": member.get(f"/search?q=tag&type={bad}"),
        "query name": member.get(f"/search?{bad}=1"),
        "user agent, signed in": _signed_in(world["moderator"]).get("/", headers={"User-Agent": NUL}),
        "accept-language": member.get("/", headers={"Accept-Language": NUL}),
        "session cookie": _with_cookie("sessionid", "\x00" * 32).get("/"),
        "user agent at sign-in": Client(raise_request_exception=False, headers={"User-Agent": NUL}).post(
            "/login", {"username": "mod", "password": "correct-horse-battery"}
        ),
    }
    wrong = {name: r.status_code for name, r in answers.items() if not _answer_is_a_refusal(r)}
    assert not wrong, "\n".join(f"{name} -> {status}" for name, status in wrong.items())
    assert all(is_storable(u.username + u.display_name) for u in User.objects.all())


@pytest.mark.django_db
def test_the_page_says_which_field_and_keeps_the_member_signed_in(world) -> None:
    member = Client()
    member.force_login(world["moderator"])
    response = member.post("/compose", {"text": NUL})
    assert response.status_code == 400
    assert "text" in response.content.decode()
    assert member.get("/compose").status_code == 200
