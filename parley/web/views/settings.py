"""The member's settings: profile, account, security (two-factor, sessions), blocks, mutes and
follow requests. Each page validates a form and calls one action."""

from base64 import b32encode
from collections.abc import Callable
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from parley.accounts import actions
from parley.accounts.apps_authorised import authorised_apps, revoke_app
from parley.accounts.models import User
from parley.accounts.queries import (
    active_mute,
    active_mutes,
    block_made,
    blocks_made,
    follow_request_to,
    member_session,
    member_sessions,
    pending_follow_requests,
    pending_two_factor_device,
    recovery_codes_left,
    session_public_id,
    two_factor_device,
)
from parley.core.errors import NotFound, ParleyError, ValidationFailed
from parley.web.forms.accounts import (
    DeleteAccountForm,
    EmailForm,
    PasswordConfirmForm,
    ProfileForm,
    TwoFactorConfirmForm,
)
from parley.web.views.accounts import refused_status, render_invalid
from parley.web.views.common import domain_errors, signed_in_member

MemberView = Callable[[HttpRequest, User], HttpResponse]


def member_page(view: MemberView) -> Callable[[HttpRequest], HttpResponse]:
    """A settings page: members only; a domain refusal becomes a page with its status."""

    @login_required
    @domain_errors
    def wrapper(request: HttpRequest) -> HttpResponse:
        return view(request, signed_in_member(request))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def posted_id(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError as exc:
        raise NotFound(_("This item does not exist any more.")) from exc


@member_page
def index(request: HttpRequest, member: User) -> HttpResponse:
    return render(request, "web/settings/index.html", {"section": "index"})


def _next_language(request: HttpRequest, member: User) -> str:
    """The language of the member's next page: the switcher's cookie, else their setting (see
    parley.accounts.middleware), else the browser's."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return translation.get_language()
    return member.language or translation.get_language_from_request(request)


@member_page
def profile(request: HttpRequest, member: User) -> HttpResponse:
    if request.method != "POST":
        return render(
            request,
            "web/settings/profile.html",
            {"form": ProfileForm.for_member(member), "section": "profile"},
        )
    form = ProfileForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_profile(
                user=member,
                display_name=data["display_name"],
                bio=data["bio"],
                links=form.links(),
                locked=data["locked"],
                language=data["language"],
                avatar=form.upload("avatar"),
                header=form.upload("header"),
            )
        except ValidationFailed as refused:
            member.refresh_from_db()  # the action may have changed fields before refusing
            form.add_error(None, refused.message)
        else:
            # Said in the language the next page is in, which may be the one just chosen.
            with translation.override(_next_language(request, member)):
                messages.success(request, _("Your profile was saved."))
            return redirect("web:settings_profile")
    return render_invalid(request, "web/settings/profile.html", {"form": form, "section": "profile"})


def _account_page(
    request: HttpRequest,
    member: User,
    *,
    email_form: EmailForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    context = {
        "section": "account",
        "member": member,
        "error": error,
        "email_form": email_form or EmailForm(member=member),
    }
    return render(request, "web/settings/account.html", context, status=status)


@member_page
def account(request: HttpRequest, member: User) -> HttpResponse:
    return _account_page(request, member)


@require_POST
@member_page
def change_email(request: HttpRequest, member: User) -> HttpResponse:
    form = EmailForm(request.POST, member=member)
    if form.is_valid():
        try:
            actions.change_email(user=member, email=form.cleaned_data["email"])
        except ValidationFailed as refused:
            member.refresh_from_db()
            form.add_error("email", refused.message)
        else:
            messages.success(request, _("Your email address was changed. Open the link we sent to confirm it."))
            return redirect("web:settings_account")
    return _account_page(request, member, email_form=form, status=refused_status(form))


@require_POST
@member_page
def resend_confirmation(request: HttpRequest, member: User) -> HttpResponse:
    try:
        actions.resend_email_confirmation(user=member)
    except ParleyError as refused:
        return _account_page(request, member, status=refused.status, error=refused.message)
    messages.success(request, _("We sent a new confirmation link to %(email)s.") % {"email": member.email})
    return redirect("web:settings_account")


@member_page
def delete_account(request: HttpRequest, member: User) -> HttpResponse:
    """Account deletion from inside the app, confirmed with the password."""
    form = DeleteAccountForm(request.POST or None, member=member)
    context = {"form": form, "section": "account"}
    if request.method != "POST":
        return render(request, "web/settings/delete_account.html", context)
    if not form.is_valid():
        return render(request, "web/settings/delete_account.html", context, status=refused_status(form))
    actions.delete_account(user=member)
    auth_logout(request)
    messages.success(request, _("Your account and everything you posted were deleted."))
    return redirect("web:home")


def qr_svg(data: str) -> SafeString:
    """A QR code as inline SVG: drawn from the data, it holds no text that needs escaping."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - generated markup only


def _security_page(
    request: HttpRequest,
    member: User,
    *,
    disable_form: PasswordConfirmForm | None = None,
    codes_form: PasswordConfirmForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "section": "security",
        "two_factor": two_factor_device(member) is not None,
        "recovery_codes_left": recovery_codes_left(member),
        "disable_form": disable_form or PasswordConfirmForm(member=member, prefix="disable"),
        "codes_form": codes_form or PasswordConfirmForm(member=member, prefix="codes"),
    }
    return render(request, "web/settings/security.html", context, status=status)


@member_page
def security(request: HttpRequest, member: User) -> HttpResponse:
    return _security_page(request, member)


@require_POST
@member_page
def two_factor_start(request: HttpRequest, member: User) -> HttpResponse:
    actions.start_two_factor_setup(user=member)
    return redirect("web:settings_two_factor_setup")


def _setup_page(request: HttpRequest, form: TwoFactorConfirmForm, member: User, status: int) -> HttpResponse:
    device = pending_two_factor_device(member)
    if device is None:
        return redirect("web:settings_security")
    secret = b32encode(device.bin_key).decode()
    context: dict[str, Any] = {
        "section": "security",
        "form": form,
        "qr_code": qr_svg(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    response = render(request, "web/settings/two_factor_setup.html", context, status=status)
    add_never_cache_headers(response)  # the page shows a secret
    return response


@member_page
def two_factor_setup(request: HttpRequest, member: User) -> HttpResponse:
    """Scan the code, type what the app shows; the recovery codes are shown once, here."""
    if request.method != "POST":
        return _setup_page(request, TwoFactorConfirmForm(), member, 200)
    form = TwoFactorConfirmForm(request.POST)
    if form.is_valid():
        try:
            codes = actions.confirm_two_factor(user=member, token=form.cleaned_data["code"])
        except ValidationFailed as refused:
            form.add_error("code", refused.message)
        else:
            device = two_factor_device(member)
            if device is not None:  # this browser has just proved it holds the app
                otp_login(request, device)
            return _recovery_codes_page(request, codes, _("Two-factor sign-in is on."))
    return _setup_page(request, form, member, 422)


def _recovery_codes_page(request: HttpRequest, codes: list[str], title: str) -> HttpResponse:
    response = render(
        request,
        "web/settings/recovery_codes.html",
        {"section": "security", "codes": codes, "title": title},
    )
    add_never_cache_headers(response)  # shown once: no copy may stay in a cache
    return response


@require_POST
@member_page
def two_factor_disable(request: HttpRequest, member: User) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, member=member, prefix="disable")
    if not form.is_valid():
        return _security_page(request, member, disable_form=form, status=refused_status(form))
    actions.disable_two_factor(user=member)
    messages.success(request, _("Two-factor sign-in is off. Your password alone now signs you in."))
    return redirect("web:settings_security")


@require_POST
@member_page
def recovery_codes(request: HttpRequest, member: User) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, member=member, prefix="codes")
    if not form.is_valid():
        return _security_page(request, member, codes_form=form, status=refused_status(form))
    codes = actions.regenerate_recovery_codes(user=member)
    return _recovery_codes_page(request, codes, _("New recovery codes"))


@member_page
def sessions(request: HttpRequest, member: User) -> HttpResponse:
    current = request.session.session_key
    rows = [
        {
            "entry": entry,
            "id": session_public_id(entry.session_key),
            "current": entry.session_key == current,
        }
        for entry in member_sessions(member)
    ]
    return render(request, "web/settings/sessions.html", {"section": "sessions", "sessions": rows})


@require_POST
@member_page
def revoke_session(request: HttpRequest, member: User) -> HttpResponse:
    entry = member_session(member, request.POST.get("session", ""))
    if entry.session_key == request.session.session_key:
        actions.revoke_session(user=member, session_key=entry.session_key)
        auth_logout(request)
        return redirect("web:login")
    actions.revoke_session(user=member, session_key=entry.session_key)
    messages.success(request, _("That session was signed out."))
    return redirect("web:settings_sessions")


@require_POST
@member_page
def revoke_other_sessions(request: HttpRequest, member: User) -> HttpResponse:
    count = actions.revoke_other_sessions(user=member, keep_session_key=request.session.session_key)
    messages.success(request, _("Other sessions signed out: %(count)d.") % {"count": count})
    return redirect("web:settings_sessions")


@member_page
def blocks(request: HttpRequest, member: User) -> HttpResponse:
    return render(request, "web/settings/blocks.html", {"section": "blocks", "blocks": blocks_made(member)})


@require_POST
@member_page
def unblock(request: HttpRequest, member: User) -> HttpResponse:
    entry = block_made(member, posted_id(request, "block"))
    actions.unblock(blocker=member, target=entry.blocked)
    messages.success(request, _("You unblocked @%(username)s.") % {"username": entry.blocked.username})
    return redirect("web:blocks")


@member_page
def mutes(request: HttpRequest, member: User) -> HttpResponse:
    return render(request, "web/settings/mutes.html", {"section": "mutes", "mutes": active_mutes(member)})


@require_POST
@member_page
def unmute(request: HttpRequest, member: User) -> HttpResponse:
    entry = active_mute(member, posted_id(request, "mute"))
    actions.unmute(muter=member, target=entry.muted)
    messages.success(request, _("You unmuted @%(username)s.") % {"username": entry.muted.username})
    return redirect("web:mutes")


@member_page
def follow_requests(request: HttpRequest, member: User) -> HttpResponse:
    return render(
        request,
        "web/settings/follow_requests.html",
        {"section": "follow_requests", "requests": pending_follow_requests(member)},
    )


@require_POST
@member_page
def answer_follow_request(request: HttpRequest, member: User) -> HttpResponse:
    entry = follow_request_to(member, posted_id(request, "request"))
    requester = entry.requester
    if request.POST.get("answer") == "approve":
        actions.approve_follow_request(target=member, requester=requester)
        messages.success(request, _("@%(username)s now follows you.") % {"username": requester.username})
    elif request.POST.get("answer") == "reject":
        actions.reject_follow_request(target=member, requester=requester)
        messages.success(request, _("You declined @%(username)s's request.") % {"username": requester.username})
    else:
        raise ValidationFailed(_("Choose to approve or to decline the request."))
    return redirect("web:follow_requests")


@member_page
def apps(request: HttpRequest, member: User) -> HttpResponse:
    return render(request, "web/settings/apps.html", {"section": "apps", "apps": authorised_apps(member)})


@require_POST
@member_page
def revoke_authorised_app(request: HttpRequest, member: User) -> HttpResponse:
    revoke_app(member=member, app_id=posted_id(request, "app"))
    messages.success(request, _("That app can no longer use your account."))
    return redirect("web:settings_apps")
