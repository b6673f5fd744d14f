"""Forms for signing up, signing in and the member's settings.

They shape and check input; the rules themselves (unique names, screening, image handling) are
the actions' and come back as errors on the form.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from parley.accounts import limits
from parley.accounts.models import User
from parley.accounts.queries import member_by_login

MAX_LINKS = 4
IMAGE_ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


class SignupForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=30,
        help_text=_("1 to 30 letters, digits or underscores. This is your @name."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 8 characters, not too common, not only digits."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    display_name = forms.CharField(label=_("Display name (optional)"), max_length=60, required=False)
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of service"),
        error_messages={"required": _("You must accept the terms of service to join.")},
        widget=forms.CheckboxInput(attrs={"aria-describedby": "terms-help"}),
    )


class LoginForm(auth_forms.AuthenticationForm):
    """Username or email and password; a suspended member learns why they cannot sign in."""

    username = auth_forms.UsernameField(
        label=_("Username or email"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The username or email and password do not match an account."),
        "suspended": _("This account is suspended, so it cannot sign in. %(detail)s"),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            self._explain_suspension()
            raise

    def _explain_suspension(self) -> None:
        # Said only to someone who knows the password, so it reveals nothing to a stranger.
        member = member_by_login(self.cleaned_data.get("username") or "")
        password = self.cleaned_data.get("password") or ""
        if member is None or not member.is_suspended or not member.check_password(password):
            return
        if member.suspended_until is not None:
            detail = _("The suspension ends on %(date)s UTC.") % {
                "date": member.suspended_until.strftime("%Y-%m-%d %H:%M")
            }
        else:
            detail = _("Contact %(email)s to ask why or to appeal.") % {"email": settings.PARLEY_CONTACT_EMAIL}
        raise ValidationError(self.error_messages["suspended"], code="suspended", params={"detail": detail})


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class TermsForm(forms.Form):
    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms of service"),
        error_messages={"required": _("Tick the box to accept the terms of service.")},
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=60, required=False)
    bio = forms.CharField(label=_("Bio"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        help_text=_("A square image; it is resized and its location data removed."),
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    header = forms.FileField(
        label=_("Header image"),
        required=False,
        help_text=_("A wide image (3:1); it is resized and its location data removed."),
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    locked = forms.BooleanField(
        label=_("Locked account"),
        required=False,
        help_text=_("Approve each follow request yourself."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Same as my browser")), *settings.LANGUAGES],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_LINKS + 1):
            self.fields[f"link_name_{n}"] = forms.CharField(
                label=_("Link %(n)d label") % {"n": n}, max_length=40, required=False
            )
            self.fields[f"link_url_{n}"] = forms.URLField(
                label=_("Link %(n)d address") % {"n": n},
                max_length=300,
                required=False,
                assume_scheme="https",
            )

    @classmethod
    def for_member(cls, user: User) -> "ProfileForm":
        initial: dict[str, Any] = {
            "display_name": user.display_name,
            "bio": user.bio,
            "locked": user.locked,
            "language": user.language,
        }
        for n, link in enumerate(user.links[:MAX_LINKS], start=1):
            initial[f"link_name_{n}"] = link.get("name", "")
            initial[f"link_url_{n}"] = link.get("url", "")
        return cls(initial=initial)

    def link_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"link_name_{n}"], self[f"link_url_{n}"]) for n in range(1, MAX_LINKS + 1)]

    def links(self) -> list[dict[str, str]]:
        return [
            {"name": self.cleaned_data[f"link_name_{n}"], "url": self.cleaned_data[f"link_url_{n}"]}
            for n in range(1, MAX_LINKS + 1)
        ]

    def upload(self, name: str) -> UploadedFile | None:
        value = self.cleaned_data.get(name)
        return value if isinstance(value, UploadedFile) else None


TOO_MANY_PASSWORD_RETRIES = "too_many_password_retries"


def check_current_password(member: User, password: str) -> None:
    """The member's password, re-typed before a sensitive change, within the failure budget."""
    if limits.password_retry_blocked(member):
        raise ValidationError(
            _("Too many wrong passwords. Try again within %(minutes)d minutes."),
            code=TOO_MANY_PASSWORD_RETRIES,
            params={"minutes": settings.PARLEY_LOGIN_WINDOW // 60},
        )
    if not member.check_password(password):
        limits.record_failed_password_retry(member)
        raise ValidationError(_("Your password is not correct."), code="password_incorrect")


class PasswordCheckMixin:
    """A form that asks for the member's current password before a sensitive change."""

    member: User
    cleaned_data: dict[str, Any]

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        check_current_password(self.member, password)
        return password


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the old password checked within the same failure budget."""

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        check_current_password(self.user, old_password)
        return old_password


def current_password_field() -> forms.CharField:
    return forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class EmailForm(PasswordCheckMixin, forms.Form):
    email = forms.EmailField(label=_("New email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = current_password_field()

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member


class PasswordConfirmForm(PasswordCheckMixin, forms.Form):
    """Only the current password: to turn off two-factor sign-in or renew recovery codes."""

    password = current_password_field()

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member


class DeleteAccountForm(PasswordCheckMixin, forms.Form):
    password = current_password_field()
    confirm = forms.BooleanField(
        label=_("I understand that my account, my posts and my images are deleted for good."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member


class TwoFactorConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, writing the email in the member's own language when they chose one."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        language = context["user"].language or translation.get_language()
        with translation.override(language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
