from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from parley.accounts.actions import touch_session
from parley.core.clients import client_address


class MemberMiddleware:
    """Per-request member rules: suspended members are signed out; their language applies;
    the session list stays fresh (see `touch_session`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.is_suspended or not user.is_active:
                logout(request)
            else:
                # An explicit choice in the language switcher (its cookie) wins for this browser.
                if user.language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                    translation.activate(user.language)
                    request.LANGUAGE_CODE = user.language
                if request.session.session_key is not None:
                    touch_session(
                        user=user,
                        session=request.session,
                        ip_address=client_address(request),
                        user_agent=request.headers.get("user-agent", ""),
                    )
        response = self.get_response(request)
        return response
