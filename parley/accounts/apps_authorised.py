"""The apps a member authorised through OAuth: listed and revoked from the web settings.

Tokens are django-oauth-toolkit rows; a token's `updated` time doubles as its last use, moved
forward at most once an hour (`record_token_use`) so that most API calls write nothing. The
website an app registered is read through the `registration` relation by name, since the model
behind it belongs to the API layer above.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken

from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import NotFound

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuthorisedApp:
    id: int
    name: str
    website: str
    scopes: list[str]
    authorised_at: datetime
    last_used_at: datetime


LAST_USE_PRECISION = timedelta(hours=1)


def authorised_apps(member: User) -> list[AuthorisedApp]:
    """One entry per app holding a token for the member: the scopes of all its tokens, and when
    the first of them was granted."""
    apps: dict[int, AuthorisedApp] = {}
    tokens = (
        AccessToken.objects.filter(user=member, application__isnull=False)
        .select_related("application")
        .order_by("created")
    )
    websites = dict(
        Application.objects.filter(accesstoken__user=member).values_list("id", "registration__website").distinct()
    )
    for token in tokens:
        application = token.application
        assert application is not None  # filtered above
        known = apps.get(application.pk)
        scopes = sorted({*(known.scopes if known else []), *token.scope.split()})
        apps[application.pk] = AuthorisedApp(
            id=application.pk,
            name=application.name,
            website=websites.get(application.pk) or "",
            scopes=scopes,
            authorised_at=known.authorised_at if known else token.created,
            last_used_at=max(known.last_used_at, token.updated) if known else token.updated,
        )
    return sorted(apps.values(), key=lambda app: app.name.lower())


def record_token_use(*, token: AccessToken) -> None:
    """Notes that the token was used now, to within LAST_USE_PRECISION: one conditional UPDATE at
    most once an hour per token."""
    stale = timezone.now() - LAST_USE_PRECISION
    if token.updated < stale:
        try:
            with transaction.atomic():  # a savepoint: a failed write leaves the request's transaction usable
                AccessToken.objects.filter(pk=token.pk, updated__lt=stale).update(updated=timezone.now())
        except DatabaseError:
            # Last use is a hint for the member; a database refusing writes must not fail API reads.
            logger.warning("Could not record the last use of an access token", exc_info=True)


@transaction.atomic
def revoke_app(*, member: User, app_id: int) -> None:
    """Ends one app's access for this member only: its tokens, refresh tokens and unused codes."""
    application = Application.objects.filter(pk=app_id, accesstoken__user=member).first()
    if application is None:  # another member's app answers the same as none at all
        raise NotFound(_("You have not authorised that app."))
    RefreshToken.objects.filter(user=member, application_id=app_id).delete()
    AccessToken.objects.filter(user=member, application_id=app_id).delete()
    IDToken.objects.filter(user=member, application_id=app_id).delete()
    Grant.objects.filter(user=member, application_id=app_id).delete()
    record_audit(actor=member, action="oauth.app_revoked", target=application)
