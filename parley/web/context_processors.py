from typing import Any

from django.conf import settings
from django.http import HttpRequest

from parley.operations.maintenance import current_mode
from parley.posts.notifications import unread_count
from parley.screening.policy import APPEAL_WINDOW_MONTHS


def instance(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "instance_name": settings.PARLEY_INSTANCE_NAME,
        "instance_domain": settings.PARLEY_DOMAIN,
        "contact_email": settings.PARLEY_CONTACT_EMAIL,
        "post_max_chars": settings.PARLEY_POST_MAX_CHARS,
        "appeal_window_months": APPEAL_WINDOW_MONTHS,
        "unread_notifications": unread_count(user) if user is not None and user.is_authenticated else 0,
        # The terms changed since this member accepted them: ask again (posting waits until then).
        "terms_outdated": user is not None
        and user.is_authenticated
        and user.terms_accepted_version < settings.PARLEY_TERMS_VERSION,
    }


def site_mode(request: HttpRequest) -> dict[str, Any]:
    """Read-only or maintenance mode, for the banner every page carries."""
    return {"site_mode": current_mode()}
