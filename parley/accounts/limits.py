"""How often someone may try to sign in, re-type their password, sign up or ask for a reset.

Password guessing is slowed without letting a stranger lock the owner out (OWASP's "device
cookie" scheme, on Parley's own cache counters):

- per (account, address): a few failures, then that address waits for this account;
- per address: a spray over many accounts from one address is stopped;
- per account, from everywhere together: a larger budget, against guessing spread over many
  addresses. Once it is spent, only browsers that signed in to this account before may try;
- a browser that signed in to an account before holds a signed "device" cookie for it and is
  judged only by its own counter, so an attack from elsewhere never blocks the owner's device.

Only *failed* attempts count. Every password check at sign-in goes through the authentication
backend, so the web form, the admin login and the API's password grant share these limits.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from parley.accounts.models import User
from parley.accounts.queries import member_by_login
from parley.core import ratelimit
from parley.core.clients import client_address

DEVICE_COOKIE = "parley_device"
DEVICE_COOKIE_SALT = "parley.accounts.sign-in-device"
DEVICE_COOKIE_MAX_AGE = 180 * 24 * 3600
DEVICE_ACCOUNTS_KEPT = 5  # a shared browser remembers this many accounts


def _address(request: HttpRequest | None) -> str:
    return client_address(request) or "unknown"


def _account(username: str) -> tuple[str, User | None]:
    """The counter key of the account a sign-in name designates (by its id when it exists, so a
    username and an email share one budget), and that account."""
    member = member_by_login(username)
    if member is None:
        return f"name:{username.strip().casefold()}", None
    return f"member:{member.pk}", member


def _devices(request: HttpRequest | None) -> dict[int, str]:
    """The accounts this browser signed in to before, each with the device's own random id."""
    if request is None or DEVICE_COOKIE not in request.COOKIES:
        return {}
    try:
        entries = signing.loads(request.COOKIES[DEVICE_COOKIE], salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_MAX_AGE)
    except signing.BadSignature:
        return {}
    if not isinstance(entries, list):
        return {}
    return {int(pk): str(device) for pk, device in entries if isinstance(pk, int) and isinstance(device, str)}


def _trusted_device(request: HttpRequest | None, member: User | None) -> str | None:
    return _devices(request).get(member.pk) if member is not None else None


def _budgets(request: HttpRequest | None, username: str) -> list[tuple[str, str, int]]:
    """The counters a sign-in attempt is judged by (scope, client, limit)."""
    account, member = _account(username)
    device = _trusted_device(request, member)
    if device is not None:
        return [("login-device", device, settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT)]
    address = _address(request)
    return [
        ("login-account-address", f"{account}|{address}", settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT),
        ("login-address", address, settings.PARLEY_LOGIN_FAILURES_PER_ADDRESS),
        ("login-account", account, settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT_TOTAL),
    ]


def sign_in_blocked(request: HttpRequest | None, username: str) -> bool:
    """Whether this client has failed too often, for this account or overall, in this window."""
    window = settings.PARLEY_LOGIN_WINDOW
    return any(
        ratelimit.peek(scope, client, limit=limit, window=window).used >= limit
        for scope, client, limit in _budgets(request, username)
    )


class SignInAttempt:
    """A failure reserved before the password is checked, so concurrent guesses cannot all pass a
    check made before any of them is counted; it is given back unless the attempt fails."""

    def __init__(self, budgets: list[tuple[str, str, int]]) -> None:
        self.budgets = budgets

    def refund(self) -> None:
        for scope, client, _limit in self.budgets:
            ratelimit.refund(scope, client, window=settings.PARLEY_LOGIN_WINDOW)


def reserve_sign_in(request: HttpRequest | None, username: str) -> SignInAttempt | None:
    """Count this attempt as a failure now; None (and nothing counted) when over a budget."""
    budgets = _budgets(request, username)
    attempt = SignInAttempt(budgets)
    spent = [
        ratelimit.spend(scope, client, limit=limit, window=settings.PARLEY_LOGIN_WINDOW)
        for scope, client, limit in budgets
    ]
    if any(budget.exceeded for budget in spent):
        attempt.refund()
        return None
    return attempt


REFUSED_FLAG = "_parley_sign_in_refused"


def mark_refused(request: HttpRequest | None) -> None:
    """Note on the request that a sign-in was refused as over budget: Django's authenticate()
    turns the backend's PermissionDenied into a plain failure, and the page must still say 429."""
    if request is not None:
        setattr(request, REFUSED_FLAG, True)


def was_refused(request: HttpRequest) -> bool:
    return bool(getattr(request, REFUSED_FLAG, False))


def remember_device(request: HttpRequest, response: HttpResponse, member: User) -> None:
    """After a successful sign-in: this browser is now a known device for `member`."""
    devices = _devices(request)
    devices.setdefault(member.pk, secrets.token_urlsafe(16))
    others = [pk for pk in devices if pk != member.pk]
    kept = [member.pk, *others[: DEVICE_ACCOUNTS_KEPT - 1]]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps([[pk, devices[pk]] for pk in kept], salt=DEVICE_COOKIE_SALT),
        max_age=DEVICE_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def password_retry_blocked(member: User) -> bool:
    """Whether a signed-in member re-typed a wrong password (to change their email, their password,
    their recovery codes, or to delete the account) too often in this window."""
    limit = settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT
    return ratelimit.peek("reauth", str(member.pk), limit=limit, window=settings.PARLEY_LOGIN_WINDOW).used >= limit


def record_failed_password_retry(member: User) -> None:
    ratelimit.spend(
        "reauth",
        str(member.pk),
        limit=settings.PARLEY_LOGIN_FAILURES_PER_ACCOUNT,
        window=settings.PARLEY_LOGIN_WINDOW,
    )


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
