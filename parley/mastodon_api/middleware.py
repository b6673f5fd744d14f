"""CORS and rate limits for the API and OAuth paths, so browser clients and scripts behave."""

from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from parley.core import ratelimit
from parley.core.clients import client_address
from parley.mastodon_api.endpoint import sent_token

API_PREFIXES = ("/api/", "/oauth/", "/.well-known/", "/nodeinfo/")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Idempotency-Key, Accept",
    "Access-Control-Expose-Headers": ("Link, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"),
    "Access-Control-Max-Age": "86400",
}


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIXES):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.path.startswith("/api/"):
            response = self._rate_limited(request)
        else:
            response = self.get_response(request)
        if not request.path.startswith("/oauth/authorize"):  # the consent page is a normal page
            for name, value in CORS_HEADERS.items():
                response[name] = value
        return response

    def _rate_limited(self, request: HttpRequest) -> HttpResponse:
        budget = ratelimit.spend(
            "api",
            _client_key(request),
            limit=settings.PARLEY_API_RATE_LIMIT,
            window=settings.PARLEY_API_RATE_WINDOW,
        )
        if budget.exceeded:
            response: HttpResponse = JsonResponse({"error": _("Too many requests")}, status=429)
        else:
            response = self.get_response(request)
            if response.status_code == 404 and not response.get("Content-Type", "").startswith("application/json"):
                response = JsonResponse({"error": _("Record not found")}, status=404)
        response["X-RateLimit-Limit"] = str(budget.limit)
        response["X-RateLimit-Remaining"] = str(budget.remaining)
        reset = datetime.fromtimestamp(budget.resets_at, tz=UTC)
        response["X-RateLimit-Reset"] = reset.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return response


def _client_key(request: HttpRequest) -> str:
    """Per token when a real one is sent (one member's scripts share their budget), else per
    address: a made-up Authorization header must not buy a fresh budget."""
    token = sent_token(request)
    if token is not None:
        return f"t{token.pk}"
    return "a" + (client_address(request) or "unknown")
