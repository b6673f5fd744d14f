"""Joining, signing in (with the optional second step), signing out, email and password recovery."""

import time
from contextlib import suppress
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic.edit import FormMixin
from django_otp import login as otp_login
from django_otp.models import Device

from parley.accounts import limits
from parley.accounts.actions import (
    RegistrationRejected,
    absolute_url,
    accept_terms,
    confirm_email,
    record_session,
    revoke_all_sessions,
    revoke_other_sessions,
    revoke_session,
    verify_second_factor,
)
from parley.accounts.models import User
from parley.accounts.queries import active_members, two_factor_device
from parley.accounts.signup import complete_sign_up, request_sign_up
from parley.core.clients import client_address
from parley.core.errors import Forbidden, NotFound, ParleyError
from parley.web.forms.accounts import (
    TOO_MANY_PASSWORD_RETRIES,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SecondFactorForm,
    SignupForm,
    TermsForm,
)
from parley.web.views.common import error_page, next_url, signed_in_member, viewer_of

# A password checked but no second factor yet: remembered briefly, for a few tries.
PENDING_LOGIN_KEY = "parley_pending_login"
PENDING_LOGIN_SECONDS = 5 * 60
PENDING_LOGIN_ATTEMPTS = 5
DEFAULT_BACKEND = "parley.accounts.backends.UsernameOrEmailBackend"


def home_url() -> str:
    return reverse(settings.LOGIN_REDIRECT_URL)


def render_invalid(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form that came back with errors: shown again with what was typed, as 422."""
    return render(request, template, context, status=422)


def refused_status(form: Form) -> int:
    """422 for a form with errors, 429 when it was refused for too many wrong passwords."""
    too_many = any(
        error.code == TOO_MANY_PASSWORD_RETRIES for errors in form.errors.as_data().values() for error in errors
    )
    return 429 if too_many else 422


def client_of(request: HttpRequest) -> tuple[str | None, str]:
    """The IP address and browser of a request, as the session list shows them."""
    return client_address(request), request.headers.get("user-agent", "")


def complete_login(
    request: HttpRequest, user: User, *, backend: str, device: Device | None, next_path: str
) -> HttpResponse:
    """Sign the member in, remember the browser, send them on (via the terms if they changed)."""
    auth_login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    ip_address, user_agent = client_of(request)
    record_session(user=user, session=request.session, ip_address=ip_address, user_agent=user_agent)
    if user.terms_accepted_version < settings.PARLEY_TERMS_VERSION:
        response = redirect(f"{reverse('web:terms_accept')}?{urlencode({'next': next_path})}")
    else:
        response = redirect(next_path)
    # A known device is judged by its own failures only: an attack from elsewhere never locks it out.
    limits.remember_device(request, response, user)
    return response


def signup(request: HttpRequest) -> HttpResponse:
    if viewer_of(request) is not None:
        return redirect(home_url())
    form = SignupForm(request.POST or None)
    if request.method != "POST":
        return render(request, "web/accounts/signup.html", {"form": form})
    if not limits.spend_sign_up(request):
        form.is_valid()
        form.add_error(None, _("Too many sign-ups from your network. Try again in an hour."))
        return render(request, "web/accounts/signup.html", {"form": form}, status=429)
    if form.is_valid():
        data = form.cleaned_data
        try:
            request_sign_up(
                username=data["username"],
                email=data["email"],
                password=data["password"],
                accepted_terms=data["accept_terms"],
                display_name=data["display_name"],
            )
        except RegistrationRejected as rejected:
            for field, errors in rejected.errors.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # The same answer whether the address is free or already has an account.
            return redirect("web:signup_sent")
    return render_invalid(request, "web/accounts/signup.html", {"form": form})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accounts/signup_sent.html")


def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the sign-up email: the account is made, confirmed and signed in."""
    try:
        member = complete_sign_up(token)
    except ParleyError as exc:
        return render(request, "web/accounts/confirm_email.html", {"error": exc.message}, status=exc.status)
    messages.success(
        request,
        _("Welcome to %(site)s! Your email address %(email)s is confirmed.")
        % {"site": settings.PARLEY_INSTANCE_NAME, "email": member.email},
    )
    return complete_login(request, member, backend=DEFAULT_BACKEND, device=None, next_path=home_url())


def _too_many_sign_ins(request: HttpRequest, form: LoginForm, context: dict[str, Any]) -> HttpResponse:
    form.errors.clear()
    form.add_error(
        None,
        _("Too many failed sign-ins. Try again within %(minutes)d minutes, or reset your password.")
        % {"minutes": settings.PARLEY_LOGIN_WINDOW // 60},
    )
    return render(request, "web/accounts/login.html", context, status=429)


def login_view(request: HttpRequest) -> HttpResponse:
    destination = next_url(request, home_url())
    if viewer_of(request) is not None:
        return redirect(destination)
    form = LoginForm(request, data=request.POST or None)
    context = {"form": form, "next": destination}
    if request.method != "POST":
        return render(request, "web/accounts/login.html", context)
    if limits.sign_in_blocked(request, request.POST.get("username", "")):
        form.is_valid()  # binds the typed values so the page shows them again
        return _too_many_sign_ins(request, form, context)
    if not form.is_valid():
        if limits.was_refused(request):  # over budget by a concurrent attempt since the check above
            return _too_many_sign_ins(request, form, context)
        return render_invalid(request, "web/accounts/login.html", context)
    user = form.get_user()
    backend = getattr(user, "backend", DEFAULT_BACKEND)
    if two_factor_device(user) is None:
        return complete_login(request, user, backend=backend, device=None, next_path=destination)
    request.session[PENDING_LOGIN_KEY] = {
        "user": user.pk,
        "backend": backend,
        "next": destination,
        "at": time.time(),
        "attempts": 0,
    }
    return redirect("web:login_verify")


def _pending_login(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_LOGIN_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_LOGIN_SECONDS:
        request.session.pop(PENDING_LOGIN_KEY, None)
        return None
    user_id = pending.get("user")
    # Checked again: the account may have been suspended since the password step.
    user = active_members().filter(pk=user_id).first() if isinstance(user_id, int) else None
    if user is None:
        request.session.pop(PENDING_LOGIN_KEY, None)
        return None
    return user, pending


def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step for members with two-factor sign-in: an app code or a recovery code."""
    found = _pending_login(request)
    if found is None:
        messages.error(request, _("Please sign in again."))
        return redirect("web:login")
    user, pending = found
    form = SecondFactorForm(request.POST or None)
    if request.method != "POST":
        return render(request, "web/accounts/login_verify.html", {"form": form})
    if form.is_valid():
        device = verify_second_factor(user=user, token=form.cleaned_data["code"])
        if device is not None:
            del request.session[PENDING_LOGIN_KEY]
            return complete_login(request, user, backend=pending["backend"], device=device, next_path=pending["next"])
        pending["attempts"] += 1
        if pending["attempts"] >= PENDING_LOGIN_ATTEMPTS:
            del request.session[PENDING_LOGIN_KEY]
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("web:login")
        request.session[PENDING_LOGIN_KEY] = pending
        form.add_error("code", _("This code is not valid. Codes from the app change every 30 seconds."))
    return render_invalid(request, "web/accounts/login_verify.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    user = viewer_of(request)
    session_key = request.session.session_key
    if user is not None and session_key is not None:
        with suppress(NotFound):  # a session from before sessions were recorded
            revoke_session(user=user, session_key=session_key)
    auth_logout(request)
    messages.info(request, _("You are logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin signs in through the member login, so two-factor sign-in cannot be skipped."""
    if viewer_of(request) is not None:
        return error_page(request, Forbidden(_("Your account cannot use the administration.")))
    destination = next_url(request, reverse("admin:index"))
    return redirect(f"{reverse('web:login')}?{urlencode({'next': destination})}")


def confirm_email_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        member = confirm_email(token)
    except ParleyError as exc:
        return render(request, "web/accounts/confirm_email.html", {"error": exc.message}, status=exc.status)
    return render(request, "web/accounts/confirm_email.html", {"member": member})


@login_required
def terms_accept(request: HttpRequest) -> HttpResponse:
    """Asked again after the terms changed; posting is refused until the member accepts."""
    member = signed_in_member(request)
    destination = next_url(request, home_url())
    if member.terms_accepted_version >= settings.PARLEY_TERMS_VERSION:
        return redirect(destination)
    form = TermsForm(request.POST or None)
    context = {"form": form, "next": destination}
    if request.method != "POST":
        return render(request, "web/accounts/terms_accept.html", context)
    if not form.is_valid():
        return render_invalid(request, "web/accounts/terms_accept.html", context)
    accept_terms(user=member)
    messages.success(request, _("Thank you. You accepted the current terms of service."))
    return redirect(destination)


class UnprocessableOnInvalid(FormMixin[Form]):
    """Django's auth views answer 200 to a bad form; Parley answers 422 like everywhere else."""

    def form_invalid(self, form: Form) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 422
        return response


class PasswordResetView(UnprocessableOnInvalid, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "web/accounts/password_reset_form.html"
    email_template_name = "web/accounts/email/password_reset.txt"
    subject_template_name = "web/accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")

    def form_valid(self, form: Form) -> HttpResponse:
        if not limits.spend_password_reset(self.request):
            form.add_error(None, _("Too many reset requests from your network. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # Links in the email use the instance's public address, not the request's Host header.
        self.extra_email_context = {
            "base_url": absolute_url(""),
            "instance_name": settings.PARLEY_INSTANCE_NAME,
        }
        return super().form_valid(form)


class PasswordResetConfirmView(UnprocessableOnInvalid, auth_views.PasswordResetConfirmView):
    template_name = "web/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("web:password_reset_complete")

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever knew the old password is signed out everywhere.
        if self.user is not None:
            revoke_all_sessions(user=self.user)
        return response


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="web/accounts/password_reset_done.html")
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="web/accounts/password_reset_complete.html"
)


class PasswordChangeView(UnprocessableOnInvalid, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "web/settings/password.html"
    success_url = reverse_lazy("web:settings_account")

    def form_invalid(self, form: Form) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = refused_status(form)
        return response

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        member = signed_in_member(self.request)
        # Django gave this browser a new session key; every other browser must sign in again.
        revoke_other_sessions(user=member, keep_session_key=self.request.session.session_key)
        ip_address, user_agent = client_of(self.request)
        record_session(user=member, session=self.request.session, ip_address=ip_address, user_agent=user_agent)
        messages.success(self.request, _("Your password was changed. Other browsers were signed out."))
        return response


password_change = PasswordChangeView.as_view()
