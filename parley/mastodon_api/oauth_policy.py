"""Which OAuth redirects and PKCE rules Parley accepts, written for the apps people use.

Mastodon apps use the authorization-code flow with a client secret, most without PKCE (Tusky,
toot, Mastodon.py), and come back through https, a custom scheme (`tusky://oauth`), the
out-of-band URN, or an http loopback address (desktop apps, RFC 8252). The settings module names
`pkce_required`, so this module imports no model at import time.
"""

import re
from urllib.parse import urlsplit

OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob"
# Schemes that would run code or read local files in the member's browser or device.
REFUSED_SCHEMES = frozenset({"javascript", "data", "file", "vbscript", "blob", "filesystem", "about"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")
_HOST = re.compile(r"[a-z0-9.-]+|[0-9a-f:.]+")


def pkce_required(client_id: str) -> bool:
    """PKCE for public clients, which have no secret to prove who redeems a code; optional for
    confidential ones (every app registered through POST /api/v1/apps), whose secret does."""
    # Imported here: settings import this module before the app registry is ready.
    from oauth2_provider.models import Application

    client_type = Application.objects.filter(client_id=client_id).values_list("client_type", flat=True).first()
    return client_type != Application.CLIENT_CONFIDENTIAL


def redirect_allowed(uri: str) -> bool:
    """May an app send members back to `uri`: https, a custom app scheme, the out-of-band URN,
    or plain http only to this device's loopback address; never a scheme that runs code."""
    if uri == OOB_REDIRECT:
        return True
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if not _SCHEME.fullmatch(scheme) or scheme in REFUSED_SCHEMES or scheme == "urn":
        return False
    if scheme == "http":
        return (parts.hostname or "") in LOOPBACK_HOSTS
    if scheme == "https":
        return bool(parts.hostname)
    return bool(parts.netloc or parts.path)


def form_action_source(uri: str) -> str | None:
    """The Content-Security-Policy source that lets the consent form's answer redirect to `uri`
    (browsers apply form-action to the redirect after a form post); None when none is needed."""
    if uri == OOB_REDIRECT or not redirect_allowed(uri):
        return None
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return f"{scheme}:"
    try:
        port = parts.port
    except ValueError:
        return None
    name = parts.hostname or ""
    if not _HOST.fullmatch(name):
        return None
    host = f"[{name}]" if ":" in name else name
    return f"{scheme}://{host}" + (f":{port}" if port is not None else "")
