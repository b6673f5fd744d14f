"""Maintenance, read-only mode and a database that went away, answered for the whole site.

A refused request answers 503 with Retry-After: Mastodon's `{"error": ...}` under the API and
OAuth paths, a translated page carrying the operator's message elsewhere (the rule is
`parley.operations.maintenance.refuses`). When the database cannot be reached, `server_error`
(the project's handler500) answers 503 the same way, with a page that needs no database, instead
of a stack trace; Django's CONN_HEALTH_CHECKS brings each worker back once it returns.
"""

import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from parley.mastodon_api.endpoint import error_response
from parley.mastodon_api.middleware import API_PREFIXES
from parley.operations.health import liveness
from parley.operations.maintenance import ModeState, current_mode, is_always_open, refuses

PAGES_UNDER_API_PREFIXES = ("/oauth/authorize",)  # the consent page is a normal page
LIVENESS_PATH = "/health"
DATABASE_RETRY_AFTER = 30  # seconds: long enough for a restart or a failover


class LivenessMiddleware:
    """Answers `/health` first of all: no session, no member, no host or HTTPS redirect, so a
    probe by address or over plain HTTP is answered, and a database outage never fails it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == LIVENESS_PATH:
            return liveness(request)
        return self.get_response(request)


class MaintenanceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_always_open(request.path):  # never reads the mode: /health answers without a database
            return self.get_response(request)
        state = current_mode()
        is_staff = request.path.startswith("/admin/") and bool(getattr(request.user, "is_staff", False))
        if refuses(method=request.method or "GET", path=request.path, is_staff=is_staff, state=state):
            return _refusal(request, state)
        return self.get_response(request)


def _answers_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIXES) and not request.path.startswith(PAGES_UNDER_API_PREFIXES)


def _refusal(request: HttpRequest, state: ModeState) -> HttpResponse:
    if state.maintenance:
        reason = _("This server is down for maintenance.")
    else:
        reason = _("This server is read-only for now: nothing can be posted or changed.")
    if _answers_json(request):
        response: HttpResponse = error_response(" ".join(filter(None, [reason, state.message])), 503)
    else:
        context = {"reason": reason, "operator_message": state.message}
        response = render(request, "web/unavailable.html", context, status=503)
    response["Retry-After"] = str(state.retry_after)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that cannot be reached is a 503 to retry, not a server error."""
    error = sys.exc_info()[1]
    if not _database_unreachable(error):
        return defaults.server_error(request)
    reason = _("This server cannot reach its database right now. Please try again in a moment.")
    if _answers_json(request):
        response: HttpResponse = error_response(reason, 503)
    else:
        # Rendered without the request: the base template's context would query the database.
        body = loader.render_to_string("web/unavailable_plain.html", {"reason": reason})
        response = HttpResponseServerError(body, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


def _database_unreachable(error: BaseException | None) -> bool:
    # An OperationalError or InterfaceError (refused, lost or locked connection) is the database's
    # absence; an IntegrityError or ProgrammingError is a bug and stays a 500.
    return isinstance(error, OperationalError | InterfaceError)
