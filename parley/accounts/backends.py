from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from parley.accounts.limits import mark_refused, reserve_sign_in
from parley.accounts.models import User
from parley.accounts.queries import member_by_login


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with a username or an email, case-insensitively; suspended members cannot."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        attempt = reserve_sign_in(request, username)
        if attempt is None:
            mark_refused(request)
            # Stops authenticate() at once, whichever path asked (web, admin, API password grant).
            raise PermissionDenied("too many failed sign-ins")
        user = member_by_login(username)
        if user is None:
            User().set_password(password)  # same cost as a real check: no user enumeration by timing
        elif user.check_password(password) and self.user_can_authenticate(user):
            attempt.refund()
            return user
        return None

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not user.is_suspended
