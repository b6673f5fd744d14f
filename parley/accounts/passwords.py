"""One place that hears of every new password.

Django's `AbstractBaseUser.save()` tells each entry of AUTH_PASSWORD_VALIDATORS when a new password
was stored (`password_changed`), whichever path set it: the web's change and reset forms, the
admin's password form, `parley changepassword`, a shell. It does not for a hash upgrade at sign-in,
which is not a new password. Listed last in AUTH_PASSWORD_VALIDATORS, this entry checks nothing and
passes the news on as the accounts signal `password_changed`.
"""

from parley.accounts.models import User
from parley.accounts.signals import password_changed


class AnnouncePasswordChange:
    def validate(self, password: str, user: User | None = None) -> None:
        """Any password passes: the other validators judge it."""

    def password_changed(self, password: str, user: User | None = None) -> None:
        if user is not None and user.pk is not None:
            password_changed.send(sender=User, member=user)

    def get_help_text(self) -> str:
        return ""
