"""Text that no database can store is refused where a request is read, for the whole site.

A NUL byte cannot be stored in PostgreSQL text and a lone surrogate cannot be encoded at all;
either one in a path, a query string, a cookie, a stored header (the sessions list keeps the
User-Agent) or a form field used to reach the database and answer 500. This answers 400 with a
page that names the field (422 with Mastodon's `{"error": ...}` on the OAuth and discovery
paths) and never strips such text silently. The Mastodon endpoints under /api/ check every
parameter they read, JSON bodies included, in `parley.mastodon_api.endpoint.parse_params`.
"""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from parley.core.errors import ParleyError
from parley.core.text import is_storable, unstorable_field, unstorable_message
from parley.mastodon_api.endpoint import error_response
from parley.mastodon_api.middleware import API_PREFIXES
from parley.web.views.common import error_page

STORED_HEADERS = ("User-Agent", "Accept-Language")
CHECKED_BY_THE_ENDPOINTS = "/api/"
PAGES_UNDER_API_PREFIXES = ("/oauth/authorize",)  # the consent page is a normal page
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnstorableTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(CHECKED_BY_THE_ENDPOINTS):
            return self.get_response(request)
        bad_cookie = unstorable_field(request.COOKIES)
        if bad_cookie is not None:
            request.user = AnonymousUser()  # the session cookie may be the bad one: never load it
            return _refusal(request, bad_cookie)
        bad = _unstorable_input(request)
        return _refusal(request, bad) if bad is not None else self.get_response(request)


def _unstorable_input(request: HttpRequest) -> str | None:
    if not is_storable(request.path):
        return "path"
    for header in STORED_HEADERS:
        if not is_storable(request.headers.get(header, "")):
            return header
    bad = unstorable_field(dict(request.GET.lists()))
    if bad is None and request.method == "POST" and request.content_type in FORM_TYPES:
        try:
            bad = unstorable_field(dict(request.POST.lists()))
        except MultiPartParserError:  # unreadable: refused further on (CSRF check, the form)
            return None
    return bad


def _refusal(request: HttpRequest, name: str) -> HttpResponse:
    message = unstorable_message(name)
    if request.path.startswith(API_PREFIXES) and not request.path.startswith(PAGES_UNDER_API_PREFIXES):
        return error_response(message, 422)
    return error_page(request, ParleyError(message))
