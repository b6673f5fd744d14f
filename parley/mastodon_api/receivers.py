"""How the API reacts to account events (connected in MastodonApiConfig.ready)."""

from typing import Any

from django.dispatch import receiver
from oauth2_provider.models import AccessToken, Grant, IDToken, RefreshToken

from parley.accounts.models import User
from parley.accounts.signals import password_changed


@receiver(password_changed, dispatch_uid="mastodon_api.end_api_access")
def end_api_access(sender: type[User], member: User, **kwargs: Any) -> None:
    """A new password ends every app's access: tokens, refresh tokens and unused codes alike.

    Apps sign in again through the authorization flow (and its second factor, when on)."""
    RefreshToken.objects.filter(user=member).delete()
    AccessToken.objects.filter(user=member).delete()
    IDToken.objects.filter(user=member).delete()
    Grant.objects.filter(user=member).delete()
