"""Writes owned by the API: app registrations, tokens for scripts, markers, idempotency, reports."""

from collections.abc import Callable, Sequence
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, set_token_value
from oauth2_provider.settings import oauth2_settings
from oauthlib.common import generate_token

from parley.accounts.models import User
from parley.accounts.queries import active_members
from parley.core.errors import Conflict, NotFound, ValidationFailed
from parley.core.text import is_storable, unstorable_message
from parley.mastodon_api import scopes as scope_rules
from parley.mastodon_api.models import (
    AppRegistration,
    IdempotencyKey,
    Marker,
    MarkerTimeline,
)
from parley.mastodon_api.oauth_policy import OOB_REDIRECT, redirect_allowed
from parley.posts.models import Post
from parley.posts.notifications import mark_read_up_to

IDEMPOTENCY_WINDOW = timedelta(hours=1)
CLI_APP_NAME = "Parley command line"


def _clean_scopes(requested: Sequence[str]) -> list[str]:
    unknown = [s for s in requested if s not in scope_rules.ALL_SCOPES]
    if unknown:
        raise ValidationFailed(_("Unknown scope: %(scopes)s") % {"scopes": " ".join(unknown)})
    return list(requested) or ["read"]


def _valid_redirect(uri: str) -> bool:
    # A fragment is never allowed (RFC 6749 §3.1.2); the rest is oauth_policy's rule.
    return redirect_allowed(uri) and not urlsplit(uri).fragment


@transaction.atomic
def register_app(
    *, name: str, redirect_uris: Sequence[str], scopes: Sequence[str], website: str = ""
) -> tuple[Application, str]:
    """Register a client app; returns it with its secret, shown this once (stored hashed)."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Validation failed: Application name can't be blank"))
    if len(name) > 255:
        raise ValidationFailed(_("Validation failed: Application name is too long"))
    uris = [u.strip() for u in redirect_uris if u.strip()]
    if not uris:
        raise ValidationFailed(_("Validation failed: Redirect URI can't be blank"))
    if not all(_valid_redirect(u) for u in uris):
        raise ValidationFailed(
            _(
                "Validation failed: Redirect URI must use https, an app's own scheme, "
                "urn:ietf:wg:oauth:2.0:oob, or http to a loopback address (127.0.0.1, [::1], localhost)."
            )
        )
    website = website.strip()
    if website and urlsplit(website).scheme not in ("http", "https"):
        raise ValidationFailed(_("Validation failed: Website is not a valid URL"))
    granted = _clean_scopes(scopes)
    secret = generate_client_secret()
    application = Application.objects.create(
        name=name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(uris),
        client_secret=secret,
        hash_client_secret=True,
        algorithm=Application.NO_ALGORITHM,
    )
    AppRegistration.objects.create(application=application, scopes=" ".join(granted), website=website[:500])
    return application, secret


def create_token(*, username: str, scopes: Sequence[str]) -> str:
    """A bearer token for a member's scripts (the `parley token create` command)."""
    user = active_members().filter(username__iexact=username).first()
    if user is None:
        raise NotFound(_("No active member with that username."))
    granted = _clean_scopes(scopes)
    application, _created = Application.objects.get_or_create(
        name=CLI_APP_NAME,
        defaults={
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_CLIENT_CREDENTIALS,
            "redirect_uris": OOB_REDIRECT,
            "client_secret": generate_client_secret(),
        },
    )
    AppRegistration.objects.get_or_create(application=application, defaults={"scopes": " ".join(scope_rules.BROAD)})
    value = generate_token()
    token = AccessToken(
        user=user,
        application=application,
        scope=" ".join(granted),
        expires=timezone.now() + timedelta(seconds=oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS),
    )
    set_token_value(token, value)  # stores only its checksum (hashed token storage)
    token.save()
    return value


def idempotent_post(*, user: User, key: str) -> Post | None:
    """The post an earlier request with this Idempotency-Key created, within the hour."""
    entry = (
        IdempotencyKey.objects.filter(
            user=user, key=key[:200], post__isnull=False, created_at__gte=timezone.now() - IDEMPOTENCY_WINDOW
        )
        .select_related("post")
        .first()
    )
    return entry.post if entry is not None else None


def publish_once(*, user: User, key: str, publish: Callable[[], Post]) -> Post:
    """Run `publish` at most once per member and Idempotency-Key within the hour.

    The key row is inserted first, in the same transaction as the post: a concurrent request
    with the same key waits on the unique constraint until the first one ends, then answers
    with its post (or publishes, if the first one failed and released the key); a crash rolls
    back the key with the post, so a retry publishes exactly once.
    """
    key = key[:200]
    if not is_storable(key):
        raise ValidationFailed(unstorable_message("Idempotency-Key"))
    earlier = idempotent_post(user=user, key=key)
    if earlier is not None:
        return earlier
    with transaction.atomic():
        IdempotencyKey.objects.filter(
            user=user, key=key, created_at__lt=timezone.now() - IDEMPOTENCY_WINDOW
        ).delete()  # an expired one
        try:
            with transaction.atomic():
                entry = IdempotencyKey.objects.create(user=user, key=key)
        except IntegrityError:  # a concurrent request with this key committed first
            earlier = idempotent_post(user=user, key=key)
            if earlier is None:  # it was deleted since, or expired while we waited
                raise Conflict(_("A request with this Idempotency-Key is already being processed.")) from None
            return earlier
        entry.post = publish()
        entry.save(update_fields=["post"])
        return entry.post


@transaction.atomic
def save_marker(*, user: User, timeline: str, last_read_id: int) -> Marker:
    """Move a reading position; reading notifications up to it marks them read."""
    if timeline not in MarkerTimeline.values:
        raise ValidationFailed(_("Unknown timeline."))
    marker, created = Marker.objects.select_for_update().get_or_create(
        user=user, timeline=timeline, defaults={"last_read_id": last_read_id}
    )
    if not created:
        marker.last_read_id = last_read_id
        marker.version += 1
        marker.save(update_fields=["last_read_id", "version", "updated_at"])
    if timeline == MarkerTimeline.NOTIFICATIONS:
        mark_read_up_to(user, last_read_id)
    return marker
