"""Who is asking: the client's address, also behind the operator's reverse proxy."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address.

    Behind N trusted reverse proxies (PARLEY_TRUSTED_PROXIES), the address is the Nth entry from
    the right of X-Forwarded-For: entries further left were written by the client and can be
    forged, so rate limits and the session list never trust them.
    """
    if request is None:
        return None
    proxies = settings.PARLEY_TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
