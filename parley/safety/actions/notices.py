"""Anyone's notice of illegal content (DSA 16), with or without an account."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from parley.accounts.actions import absolute_url
from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import ValidationFailed
from parley.posts.models import Post
from parley.safety.actions._checks import check_reporting_allowed
from parley.safety.actions._messages import mail
from parley.safety.actions.queue import queue_for_review
from parley.safety.models import IllegalContentNotice, ReviewSource, TrustedFlagger
from parley.safety.policy import CSAM_CATEGORY, NOTICE_EXPLANATION_MAX, REPORT_CATEGORY_BY_NAME
from parley.safety.queries import content_at_url


class FormRejected(ValidationFailed):
    """Several fields were wrong; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(" ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


def file_notice(
    *,
    url: str,
    explanation: str,
    category: str,
    name: str = "",
    email: str = "",
    good_faith: bool,
    submitter: User | None = None,
) -> IllegalContentNotice:
    """Anyone's notice of illegal content (DSA 16); returns it with its reference."""
    url, explanation, name, email = url.strip(), explanation.strip(), name.strip(), email.strip()
    post, account = content_at_url(url)
    errors = _notice_errors(
        category=category,
        explanation=explanation,
        found=post is not None or account is not None,
        name=name,
        email=email,
        good_faith=good_faith,
    )
    if errors:
        raise FormRejected(errors)
    check_reporting_allowed(account=submitter, email=email)
    flagger = TrustedFlagger.objects.filter(user=submitter, active=True).first() if submitter is not None else None
    with transaction.atomic():
        notice = IllegalContentNotice.objects.create(
            reference=_new_reference(),
            access_token=secrets.token_urlsafe(24),
            category=category,
            explanation=explanation,
            url=url[:500],
            post=post,
            account=account,
            name=name[:200],
            email=email,
            good_faith=good_faith,
            submitter=submitter,
            trusted_flagger=flagger,
        )
        _queue_notice(notice, trusted=flagger is not None)
        record_audit(
            actor=submitter,
            action="notice.file",
            target=notice,
            after={
                "reference": notice.reference,
                "category": category,
                "trusted": flagger is not None,
            },
        )
        _acknowledge(notice)
    return notice


def notice_path(notice: IllegalContentNotice) -> str:
    return reverse("web:notice_status", args=[notice.reference, notice.access_token])


def _notice_errors(
    *, category: str, explanation: str, found: bool, name: str, email: str, good_faith: bool
) -> dict[str, list[str]]:
    """Each field's messages (DSA 16(2)); name and email may be left out only for CSAM."""
    errors: dict[str, list[str]] = {}
    if category not in REPORT_CATEGORY_BY_NAME:
        errors["category"] = [_("Choose one of the listed categories.")]
    if not explanation:
        errors["explanation"] = [_("Explain why you believe this content is illegal.")]
    elif len(explanation) > NOTICE_EXPLANATION_MAX or "\x00" in explanation:
        errors["explanation"] = [
            _("The explanation can have at most %(n)d characters.") % {"n": NOTICE_EXPLANATION_MAX}
        ]
    if not found:
        errors["url"] = [_("Give the exact address of a post or profile on this server.")]
    csam = category == CSAM_CATEGORY
    if not name and not csam:
        errors["name"] = [_("Give your name (optional only for child sexual abuse material).")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    elif not csam:
        errors["email"] = [_("Give your email address (optional only for child sexual abuse material).")]
    if not good_faith:
        errors["good_faith"] = [_("Confirm that you believe in good faith that the notice is accurate and complete.")]
    return errors


def _new_reference() -> str:
    return "N-" + get_random_string(10, allowed_chars="ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


def _queue_notice(notice: IllegalContentNotice, *, trusted: bool) -> None:
    subject: Post | User = notice.post if notice.post is not None else notice.account  # type: ignore[assignment]  # one is set
    notice.review_item = queue_for_review(
        subject,
        source=ReviewSource.NOTICE,
        category=notice.category,
        reason={
            "source": "notice",
            "category": notice.category,
            "trusted_flagger": trusted,
        },
    )
    notice.save(update_fields=["review_item"])


def _acknowledge(notice: IllegalContentNotice) -> None:
    """The sender's receipt (DSA 16(4)), with the link to follow the notice."""
    mail(
        to=notice.email,
        subject=_("We received your notice %(ref)s") % {"ref": notice.reference},
        body=_(
            "Thank you. We received your notice and will decide without undue delay.\n"
            "Reference: %(ref)s\nFollow it here: %(url)s"
        )
        % {"ref": notice.reference, "url": absolute_url(notice_path(notice))},
    )
