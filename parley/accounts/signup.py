"""Joining without telling a stranger which email addresses have an account.

Sign-up answers the same whether the address is free or taken: "check your inbox". A free address
gets a link that creates the account when opened (so nothing exists, and no username is held,
until the owner of the address confirms); a taken one gets, in its owner's language, a note that
someone tried, with a link to reset the password. The pending sign-up travels inside the link,
encrypted (Fernet, key derived from SECRET_KEY): the chosen password's hash never shows in it.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parley.accounts.actions import (
    EMAIL_CONFIRMATION_MAX_AGE,
    RegistrationRejected,
    absolute_url,
    sign_up_errors,
)
from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import ValidationFailed

TAKEN_NOTICE_INTERVAL = 3600  # at most one "someone tried" email per account per hour


def _fernet() -> Fernet:
    key = hashlib.sha256(f"parley.accounts.signup:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def request_sign_up(
    *,
    username: str,
    email: str,
    password: str,
    accepted_terms: bool,
    language: str = "",
    display_name: str = "",
) -> None:
    """Check the form, then email the address; the account is made when the link is opened.

    Raises RegistrationRejected for what the requester may be told (a bad or taken username, a
    weak password, terms not accepted), never because the address already has an account."""
    username, email = username.strip(), email.strip()
    errors = sign_up_errors(
        username=username, email=email, password=password, accepted_terms=accepted_terms, refuse_taken_email=False
    )
    if errors:
        raise RegistrationRejected(errors)
    password_hash = make_password(password)  # hashed either way: both answers take as long
    owner = User.objects.filter(email__iexact=email).first()
    if owner is not None:
        _tell_owner_someone_tried(owner)
        return
    pending = {
        "username": username,
        "email": email,
        "password": password_hash,
        "display_name": display_name.strip()[:60],
        "language": language,
        "terms": settings.PARLEY_TERMS_VERSION,
    }
    token = _fernet().encrypt(json.dumps(pending).encode()).decode()
    url = absolute_url(reverse("web:signup_confirm", args=[token]))
    with translation.override(language or translation.get_language()):
        send_mail(
            subject=_("Confirm your email address for %(site)s") % {"site": settings.PARLEY_INSTANCE_NAME},
            message=_(
                "Hello %(name)s,\n\nOpen this link to confirm your email address and finish joining %(site)s:\n%(url)s\n\nThe link works for 3 days. If you did not sign up, ignore this message: no account is made."
            )
            % {"name": username, "site": settings.PARLEY_INSTANCE_NAME, "url": url},
            from_email=None,
            recipient_list=[email],
        )


def _tell_owner_someone_tried(owner: User) -> None:
    if not cache.add(f"parley:signup-taken-notice:{owner.pk}", True, TAKEN_NOTICE_INTERVAL):
        return
    reset_url = absolute_url(reverse("web:password_reset"))
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        send_mail(
            subject=_("Someone tried to sign up with your email address on %(site)s")
            % {"site": settings.PARLEY_INSTANCE_NAME},
            message=_(
                "Hello %(name)s,\n\nSomeone, perhaps you, tried to join %(site)s with this email address. Your account @%(name)s already uses it, so no new account was made.\n\nIf you forgot your password, choose a new one here:\n%(url)s\n\nOtherwise you can ignore this message."
            )
            % {"name": owner.username, "site": settings.PARLEY_INSTANCE_NAME, "url": reset_url},
            from_email=None,
            recipient_list=[owner.email],
        )


def complete_sign_up(token: str) -> User:
    """Create the account a sign-up link describes; its email address is thereby confirmed."""
    try:
        pending = json.loads(_fernet().decrypt(token.encode(), ttl=EMAIL_CONFIRMATION_MAX_AGE))
    except (InvalidToken, ValueError) as exc:
        raise ValidationFailed(_("This link is not valid or has expired. Please sign up again.")) from exc
    username, email = pending["username"], pending["email"]
    used = _("This link was already used, or someone took the username meanwhile. Sign in, or sign up again.")
    if User.objects.filter(username__iexact=username).exists() or User.objects.filter(email__iexact=email).exists():
        raise ValidationFailed(used)
    now = timezone.now()
    try:
        with transaction.atomic():
            user = User.objects.create(
                username=username,
                email=email,
                password=pending["password"],
                language=pending["language"],
                display_name=pending["display_name"],
                email_confirmed_at=now,
                terms_accepted_version=pending["terms"],
                terms_accepted_at=now,
            )
    except IntegrityError as exc:  # the same link opened twice at once
        raise ValidationFailed(used) from exc
    record_audit(actor=user, action="account.register", target=user)
    return user
