"""The apps a member authorised through OAuth: listed and revoked from the web settings.

Tokens are django-oauth-toolkit rows; the website an app registered is read through the
`registration` relation by name, since the model behind it belongs to the API layer above.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken

from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import NotFound


@dataclass(frozen=True)
class AuthorisedApp:
    id: int
    name: str
    website: str
    scopes: list[str]
    authorised_at: datetime


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
        )
    return sorted(apps.values(), key=lambda app: app.name.lower())


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
