"""CORS and rate limits for the API and OAuth paths, so browser clients and scripts behave."""

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

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
        limit = settings.PARLEY_API_RATE_LIMIT
        window = settings.PARLEY_API_RATE_WINDOW
        now = time.time()
        window_start = int(now // window) * window
        key = f"parley:api-rate:{_client_key(request)}:{window_start}"
        cache.add(key, 0, timeout=window + 5)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)
            used = 1
        if used > limit:
            response: HttpResponse = JsonResponse({"error": _("Too many requests")}, status=429)
        else:
            response = self.get_response(request)
            if response.status_code == 404 and not response.get("Content-Type", "").startswith("application/json"):
                response = JsonResponse({"error": _("Record not found")}, status=404)
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(max(0, limit - used))
        reset = datetime.fromtimestamp(window_start + window, tz=UTC)
        response["X-RateLimit-Reset"] = reset.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return response


def _client_key(request: HttpRequest) -> str:
    """Per token when one is sent, else per address: one member's scripts share their budget."""
    auth = request.headers.get("Authorization", "")
    if auth:
        return "t" + hashlib.sha256(auth.encode()).hexdigest()[:32]
    return "a" + (request.META.get("REMOTE_ADDR") or "unknown")
