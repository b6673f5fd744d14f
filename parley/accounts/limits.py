"""How often someone may try to sign in, sign up or ask for a password reset.

Password guessing is slowed per account (a targeted attack) and per address (a spray over many
accounts); only *failed* sign-ins count, so a member who types their password right is never
locked out by someone else's guesses from another address. Every password check goes through
the authentication backend, so the web form, the admin login and the API's password grant share
these limits.
"""

from django.conf import settings
from django.http import HttpRequest

from parley.core import ratelimit
from parley.core.clients import client_address


def _address(request: HttpRequest | None) -> str:
    return client_address(request) or "unknown"


def _identifier(username: str) -> str:
    return username.strip().casefold()


def _login_budgets(request: HttpRequest | None, username: str) -> list[tuple[str, str, int]]:
    return [
        ("login-account", _identifier(username), settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT),
        ("login-address", _address(request), settings.PARLEY_LOGIN_FAILURES_PER_ADDRESS),
    ]


def sign_in_blocked(request: HttpRequest | None, username: str) -> bool:
    """Whether this account or this address has failed too often in the current window."""
    window = settings.PARLEY_LOGIN_WINDOW
    return any(
        ratelimit.peek(scope, client, limit=limit, window=window).used >= limit
        for scope, client, limit in _login_budgets(request, username)
    )


def record_failed_sign_in(request: HttpRequest | None, username: str) -> None:
    for scope, client, limit in _login_budgets(request, username):
        ratelimit.spend(scope, client, limit=limit, window=settings.PARLEY_LOGIN_WINDOW)


def spend_sign_up(request: HttpRequest) -> bool:
    """Count a sign-up attempt from this address; False when over the hourly limit."""
    budget = ratelimit.spend("signup", _address(request), limit=settings.PARLEY_SIGNUPS_PER_ADDRESS, window=3600)
    return not budget.exceeded


def spend_password_reset(request: HttpRequest) -> bool:
    """Count a password-reset request from this address; False when over the hourly limit."""
    budget = ratelimit.spend(
        "password-reset",
        _address(request),
        limit=settings.PARLEY_PASSWORD_RESETS_PER_ADDRESS,
        window=3600,
    )
    return not budget.exceeded
