"""Every change to members and their relationships goes through one function here."""

from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parley.accounts.erasure import DELETION_REASON
from parley.accounts.graph import create_follow_row, delete_follow_row
from parley.accounts.models import (
    Block,
    Follow,
    FollowRequest,
    MemberSession,
    Mute,
    User,
    username_validator,
)
from parley.accounts.queries import blocked_either_way, two_factor_device
from parley.accounts.signals import follow_requested, follow_started, signup_email_vetting
from parley.accounts.tasks import erase_account_task
from parley.core.audit import record_audit
from parley.core.errors import Forbidden, NotFound, RateLimited, ValidationFailed
from parley.core.images import (
    PixelBudget,
    ProcessedImage,
    delete_files_on_commit,
    process_image,
    removed_on_failure,
)
from parley.core.text import URL_RE
from parley.screening.records import ContentKind, ScreeningVerdict, record_screening, screen_content

EMAIL_CONFIRMATION_SALT = "parley.email-confirmation"
EMAIL_CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 3
RESERVED_USERNAMES = {
    "admin",
    "api",
    "about",
    "contact",
    "terms",
    "policy",
    "static",
    "media",
    "settings",
    "oauth",
    "tags",
    "search",
    "notifications",
    "moderation",
    "transparency",
    "well-known",
}


def register_member(
    *,
    username: str,
    email: str,
    password: str,
    accepted_terms: bool,
    language: str = "",
    display_name: str = "",
) -> User:
    """Create an account; the member must accept the terms and confirm their email."""
    username = username.strip()
    email = email.strip()
    errors = sign_up_errors(username=username, email=email, password=password, accepted_terms=accepted_terms)
    if errors:
        raise RegistrationRejected(errors)

    now = timezone.now()
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username,
                email=email,
                password=password,
                language=language,
                display_name=display_name.strip()[:60],
                terms_accepted_version=settings.PARLEY_TERMS_VERSION,
                terms_accepted_at=now,
            )
    except IntegrityError as exc:  # a concurrent sign-up took the name or email
        raise RegistrationRejected({"username": [_("This username is taken.")]}) from exc
    record_audit(actor=user, action="account.register", target=user)
    send_email_confirmation(user)
    return user


def sign_up_errors(
    *, username: str, email: str, password: str, accepted_terms: bool, refuse_taken_email: bool = True
) -> dict[str, list[str]]:
    """What is wrong with a sign-up, per field (empty when nothing is). Usernames are public, so a
    taken one is said; a taken email only when `refuse_taken_email` (not to a stranger: signup.py)."""
    errors: dict[str, list[str]] = {}
    try:
        username_validator(username)
    except ValidationError as exc:
        errors["username"] = list(exc.messages)
    if username.casefold() in RESERVED_USERNAMES:
        errors["username"] = [_("This username is reserved.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken.")]
    if not email or "@" not in email:
        errors["email"] = [_("Enter a valid email address.")]
    elif refuse_taken_email and User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("An account already uses this email address.")]
    elif refusal := _email_refusal(email):
        errors["email"] = [refusal]
    if not accepted_terms:
        errors["accept_terms"] = [_("You must accept the terms of service to join.")]
    candidate = User(username=username, email=email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    return errors


class RegistrationRejected(ValidationFailed):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(" ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


def absolute_url(path: str) -> str:
    return f"{settings.PARLEY_SCHEME}://{settings.PARLEY_DOMAIN}{path}"


def email_confirmation_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_CONFIRMATION_SALT)


def send_email_confirmation(user: User) -> None:
    url = absolute_url(reverse("web:confirm_email", args=[email_confirmation_token(user)]))
    with translation.override(user.language or translation.get_language()):
        send_mail(
            subject=_("Confirm your email address for %(site)s") % {"site": settings.PARLEY_INSTANCE_NAME},
            message=_(
                "Hello %(name)s,\n\nConfirm your email address by opening this link:\n%(url)s\n\nIf you did not sign up, ignore this message."
            )
            % {"name": user.username, "url": url},
            from_email=None,
            recipient_list=[user.email],
        )


def confirm_email(token: str) -> User:
    try:
        data = signing.loads(token, salt=EMAIL_CONFIRMATION_SALT, max_age=EMAIL_CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationFailed(_("This confirmation link has expired. Ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise ValidationFailed(_("This confirmation link is not valid.")) from exc
    user = User.objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is None:
        raise ValidationFailed(_("This confirmation link is not valid."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


def accept_terms(*, user: User) -> None:
    user.terms_accepted_version = settings.PARLEY_TERMS_VERSION
    user.terms_accepted_at = timezone.now()
    user.save(update_fields=["terms_accepted_version", "terms_accepted_at"])
    record_audit(
        actor=user, action="account.accept_terms", target=user, after={"version": settings.PARLEY_TERMS_VERSION}
    )


def _screen_profile_text(user: User, field: str, value: str, kind: ContentKind) -> tuple[str, ScreeningVerdict | None]:
    """A display name or bio, stripped and screened like a post (no verdict when empty)."""
    value = value.strip()
    limit = 60 if field == "display_name" else 500
    if len(value) > limit:
        raise ValidationFailed(
            _("%(field)s is too long (at most %(limit)d characters).") % {"field": _field_label(field), "limit": limit}
        )
    if not value:
        return value, None
    verdict = screen_content(text=value, kind=kind, author_joined=user.date_joined, urls=tuple(URL_RE.findall(value)))
    if verdict.decision == "reject":
        raise ValidationFailed(
            _("Your %(field)s breaks the content policy: %(why)s")
            % {"field": _field_label(field), "why": verdict.summary}
        )
    if verdict.decision == "hold":
        raise ValidationFailed(
            _("Your %(field)s was held for review by the content policy: %(why)s")
            % {"field": _field_label(field), "why": verdict.summary}
        )
    return value, verdict


def _clean_profile_links(links: list[dict[str, str]]) -> list[dict[str, str]]:
    """At most four links, each an http(s) URL with a name (the URL when none is given)."""
    clean_links = []
    for link in links[:4]:
        name, url = link.get("name", "").strip()[:40], link.get("url", "").strip()[:300]
        if not name and not url:
            continue
        if not URL_RE.fullmatch(url):
            raise ValidationFailed(_("Links must start with http:// or https://."))
        clean_links.append({"name": name or url, "url": url})
    return clean_links


def _clean_profile_language(language: str) -> str:
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationFailed(_("Unknown language."))
    return language


def _processed_profile_images(*, avatar: UploadedFile | None, header: UploadedFile | None) -> dict[str, ProcessedImage]:
    """Both new profile images, checked and re-encoded before either is written."""
    budget = PixelBudget()
    images = {}
    if avatar is not None:
        images["avatar"] = process_image(avatar, max_side=400, crop_to=(400, 400), budget=budget)[0]
    if header is not None:
        images["header"] = process_image(header, max_side=1500, crop_to=(1500, 500), budget=budget)[0]
    return images


def update_profile(
    *,
    user: User,
    display_name: str | None = None,
    bio: str | None = None,
    links: list[dict[str, str]] | None = None,
    locked: bool | None = None,
    language: str | None = None,
    avatar: UploadedFile | None = None,
    header: UploadedFile | None = None,
) -> User:
    """Change profile fields; the display name and bio are screened like posts."""
    changed: list[str] = []
    screened: list[tuple[ContentKind, ScreeningVerdict]] = []
    profile_fields: tuple[tuple[str, str | None, ContentKind], ...] = (
        ("display_name", display_name, "display_name"),
        ("bio", bio, "bio"),
    )
    for field, value, kind in profile_fields:
        if value is None or value == getattr(user, field):
            continue
        value, verdict = _screen_profile_text(user, field, value, kind)
        if verdict is not None:
            screened.append((kind, verdict))
        setattr(user, field, value)
        changed.append(field)
    if links is not None:
        user.links = _clean_profile_links(links)
        changed.append("links")
    if locked is not None and locked != user.locked:
        user.locked = locked
        changed.append("locked")
    if language is not None:
        user.language = _clean_profile_language(language)
        changed.append("language")
    images = _processed_profile_images(avatar=avatar, header=header)
    replaced = [getattr(user, field).name for field in images if getattr(user, field)]
    with removed_on_failure(user.avatar.storage) as written, transaction.atomic():
        for field, image in images.items():
            getattr(user, field).save(image.file_name(user.pk), image.content, save=False)
            written.append(getattr(user, field).name)
            changed.append(field)
        if changed:
            user.save(update_fields=changed)
            for kind, verdict in screened:
                record_screening(content=user, kind=kind, verdict=verdict)
        # The replaced images go once the new ones are committed; their URLs then answer 404.
        delete_files_on_commit(user.avatar.storage, replaced)
    return user


@transaction.atomic
def follow(*, follower: User, target: User) -> str:
    """Follow `target`; returns "following" or, for a locked account, "requested"."""
    if follower.pk == target.pk:
        raise ValidationFailed(_("You cannot follow yourself."))
    if blocked_either_way(follower, target):
        raise Forbidden(_("You cannot follow this account."))
    if Follow.objects.filter(follower=follower, followee=target).exists():
        return "following"
    if target.locked:
        _request, created = FollowRequest.objects.get_or_create(requester=follower, target=target)
        if created:
            follow_requested.send(sender=User, requester=follower, target=target)
        return "requested"
    create_follow_row(follower, target)
    follow_started.send(sender=User, follower=follower, target=target)
    return "following"


@transaction.atomic
def unfollow(*, follower: User, target: User) -> None:
    FollowRequest.objects.filter(requester=follower, target=target).delete()
    delete_follow_row(follower, target)


@transaction.atomic
def approve_follow_request(*, target: User, requester: User) -> None:
    deleted, _details = FollowRequest.objects.filter(requester=requester, target=target).delete()
    if not deleted:
        raise NotFound(_("There is no such follow request."))
    if not Follow.objects.filter(follower=requester, followee=target).exists():
        create_follow_row(requester, target)
        follow_started.send(sender=User, follower=requester, target=target)


@transaction.atomic
def reject_follow_request(*, target: User, requester: User) -> None:
    deleted, _details = FollowRequest.objects.filter(requester=requester, target=target).delete()
    if not deleted:
        raise NotFound(_("There is no such follow request."))


@transaction.atomic
def block(*, blocker: User, target: User) -> None:
    """Block `target`: follows both ways end, and each becomes invisible to the other."""
    if blocker.pk == target.pk:
        raise ValidationFailed(_("You cannot block yourself."))
    Block.objects.get_or_create(blocker=blocker, blocked=target)
    delete_follow_row(blocker, target)
    delete_follow_row(target, blocker)
    FollowRequest.objects.filter(requester=blocker, target=target).delete()
    FollowRequest.objects.filter(requester=target, target=blocker).delete()


@transaction.atomic
def unblock(*, blocker: User, target: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=target).delete()


@transaction.atomic
def mute(*, muter: User, target: User, duration: timedelta | None = None, hide_notifications: bool = True) -> Mute:
    if muter.pk == target.pk:
        raise ValidationFailed(_("You cannot mute yourself."))
    if duration is not None and duration <= timedelta(0):
        raise ValidationFailed(_("A mute must last a positive time."))
    expires_at = timezone.now() + duration if duration else None
    entry, _created = Mute.objects.update_or_create(
        muter=muter,
        muted=target,
        defaults={"expires_at": expires_at, "hide_notifications": hide_notifications},
    )
    return entry


@transaction.atomic
def unmute(*, muter: User, target: User) -> None:
    Mute.objects.filter(muter=muter, muted=target).delete()


def record_session(*, user: User, session: SessionBase, ip_address: str | None, user_agent: str) -> None:
    if session.session_key is None:
        session.save()
    MemberSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "ip_address": ip_address,
            "user_agent": user_agent[:300],
            "last_seen_at": timezone.now(),
        },
    )


def revoke_session(*, user: User, session_key: str) -> None:
    entry = MemberSession.objects.filter(user=user, session_key=session_key).first()
    if entry is None:
        raise NotFound(_("No such session."))
    _end_session(entry)


def revoke_all_sessions(*, user: User) -> int:
    sessions = list(MemberSession.objects.filter(user=user))
    for entry in sessions:
        _end_session(entry)
    return len(sessions)


def _end_session(entry: MemberSession) -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore(session_key=entry.session_key).delete()
    entry.delete()


@transaction.atomic
def suspend_member(*, user: User, actor: User | None, reason: str, until: datetime | None = None) -> User:
    """Suspend at once: sign-in refused, sessions revoked, content hidden everywhere."""
    before = {"suspended_at": str(user.suspended_at), "suspended_until": str(user.suspended_until)}
    user.suspended_at = timezone.now()
    user.suspended_until = until
    user.suspension_reason = reason
    user.save(update_fields=["suspended_at", "suspended_until", "suspension_reason"])
    revoke_all_sessions(user=user)
    record_audit(
        actor=actor,
        action="account.suspend",
        target=user,
        reason=reason,
        before=before,
        after={"suspended_at": str(user.suspended_at), "suspended_until": str(user.suspended_until)},
    )
    return user


@transaction.atomic
def unsuspend_member(*, user: User, actor: User | None, reason: str = "") -> User:
    before = {"suspended_at": str(user.suspended_at), "suspended_until": str(user.suspended_until)}
    user.suspended_at = None
    user.suspended_until = None
    user.suspension_reason = ""
    user.save(update_fields=["suspended_at", "suspended_until", "suspension_reason"])
    record_audit(actor=actor, action="account.unsuspend", target=user, reason=reason, before=before)
    return user


def create_member(*, username: str, email: str, password: str, moderator: bool = False, admin: bool = False) -> User:
    """Operator path (CLI): no email confirmation, terms recorded as accepted."""
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        is_moderator=moderator or admin,
        is_staff=admin,
        is_superuser=admin,
        email_confirmed_at=timezone.now(),
        terms_accepted_version=settings.PARLEY_TERMS_VERSION,
        terms_accepted_at=timezone.now(),
    )
    record_audit(
        actor=None, action="account.create", target=user, after={"moderator": user.is_moderator, "admin": admin}
    )
    return user


EMAIL_RESEND_INTERVAL = 60
SESSION_SEEN_KEY = "parley_seen_at"
SESSION_TOUCH_INTERVAL = 5 * 60
RECOVERY_CODE_COUNT = 10


def touch_session(*, user: User, session: SessionBase, ip_address: str | None, user_agent: str) -> None:
    """Refresh the member's session record, writing at most once per interval per session."""
    now = timezone.now().timestamp()
    if now - float(session.get(SESSION_SEEN_KEY, 0)) < SESSION_TOUCH_INTERVAL:
        return
    session[SESSION_SEEN_KEY] = now
    updated = MemberSession.objects.filter(session_key=session.session_key, user=user).update(
        last_seen_at=timezone.now()
    )
    if not updated:  # signed in some other way (admin, tests): list it like any other session
        record_session(user=user, session=session, ip_address=ip_address, user_agent=user_agent)


def revoke_other_sessions(*, user: User, keep_session_key: str | None) -> int:
    others = MemberSession.objects.filter(user=user).exclude(session_key=keep_session_key or "")
    ended = 0
    for entry in others:
        _end_session(entry)
        ended += 1
    return ended


def resend_email_confirmation(*, user: User) -> None:
    if user.email_confirmed_at is not None:
        raise ValidationFailed(_("Your email address is already confirmed."))
    # cache.add only succeeds when no recent send is remembered: one email a minute at most.
    if not cache.add(f"parley:confirmation-sent:{user.pk}", True, EMAIL_RESEND_INTERVAL):
        raise RateLimited(_("A confirmation email was sent less than a minute ago. Check your inbox."))
    send_email_confirmation(user)


@transaction.atomic
def change_email(*, user: User, email: str) -> User:
    """Switch to a new address, which must be confirmed again."""
    email = email.strip()
    if not email or "@" not in email:
        raise ValidationFailed(_("Enter a valid email address."))
    if email.casefold() == user.email.casefold():
        raise ValidationFailed(_("This is already your email address."))
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationFailed(_("An account already uses this email address."))
    before = {"email": user.email}
    user.email = email
    user.email_confirmed_at = None
    user.save(update_fields=["email", "email_confirmed_at"])
    record_audit(
        actor=user,
        action="account.change_email",
        target=user,
        before=before,
        after={"email": email},
    )
    transaction.on_commit(lambda: send_email_confirmation(user))
    return user


def start_two_factor_setup(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator secret; sign-in is unchanged until it is confirmed."""
    if two_factor_device(user) is not None:
        raise ValidationFailed(_("Two-factor authentication is already on."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def confirm_two_factor(*, user: User, token: str) -> list[str]:
    """Turn two-factor sign-in on once the app shows a valid code; returns new recovery codes."""
    pending = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False)
    device = pending.order_by("-id").first()
    if device is None:
        raise NotFound(_("Start the two-factor setup first."))
    if not device.verify_token(_normalise_token(token)):
        raise ValidationFailed(_("That code is not right. Check that your device's clock is correct and try again."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_audit(actor=user, action="account.two_factor_enable", target=user)
    return _replace_recovery_codes(user)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    if two_factor_device(user) is None:
        raise ValidationFailed(_("Two-factor authentication is off."))
    record_audit(actor=user, action="account.recovery_codes_regenerate", target=user)
    return _replace_recovery_codes(user)


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def disable_two_factor(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_audit(actor=user, action="account.two_factor_disable", target=user)


def _normalise_token(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


@transaction.atomic
def verify_second_factor(*, user: User, token: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts `token` (an app code or a one-time recovery code), or None.

    A 6-digit token only goes to the app and anything else only to the recovery codes, so a
    mistyped code costs one device's throttling, not both.
    """
    token = _normalise_token(token)
    if token.isdecimal() and len(token) == 6:
        device: TOTPDevice | StaticDevice | None = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        )
    else:
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(token):
        return None
    if isinstance(device, StaticDevice):
        record_audit(actor=user, action="account.recovery_code_used", target=user)
    return device


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Delete a member and all they posted (App Store 5.1.1(v): deletion from inside the app).

    At once: sign-in refused, every session ended, profile and posts hidden everywhere (the
    visibility rule treats the account as suspended). The erasing itself runs as a background
    task (in-process by default, on a worker with the database task backend), so a member with
    thousands of posts does not hold a request open.
    """
    record_audit(
        actor=user,
        action="account.delete",
        target=user,
        before={"username": user.username, "email": user.email, "posts_count": user.posts_count},
    )
    revoke_all_sessions(user=user)
    user.is_active = False
    user.suspended_at, user.suspended_until = timezone.now(), None
    user.suspension_reason = DELETION_REASON
    user.save(update_fields=["is_active", "suspended_at", "suspended_until", "suspension_reason"])
    erase_account_task.enqueue(user_id=user.pk)


def _email_refusal(email: str) -> str | None:
    """Why this address may not sign up, if a higher layer (safety) says so."""
    answers = signup_email_vetting.send(sender=User, email=email)
    return next((str(reason) for _receiver, reason in answers if reason), None)


def _field_label(field: str) -> str:
    """The profile field's translated name, for error messages."""
    model_field = User._meta.get_field(field)
    return str(getattr(model_field, "verbose_name", field))
