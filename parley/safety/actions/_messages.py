"""How the safety actions tell people: a notification in the app, the same words by email."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from parley.accounts.actions import absolute_url
from parley.accounts.models import User
from parley.posts.models import Notification, NotificationKind
from parley.posts.notifications import notify
from parley.safety.models import StatementOfReasons


def mail(*, to: str, subject: str, body: str, language: str = "") -> None:
    """Email after commit: a rolled-back decision must not have told anyone anything."""
    if not to:
        return

    def send() -> None:
        with translation.override(language or translation.get_language()):
            send_mail(
                subject=subject,
                message=body,
                from_email=None,
                recipient_list=[to],
                fail_silently=True,
            )

    transaction.on_commit(send)


def tell_member(member: User, message: str, *, link: str = "") -> Notification | None:
    """A moderation notification in the app and the same words by email."""
    note = notify(recipient=member, actor=None, kind=NotificationKind.MODERATION, message=message)
    body = message + (f"\n\n{absolute_url(link)}" if link else "")
    mail(
        to=member.email,
        subject=_("A moderation decision on %(site)s") % {"site": settings.PARLEY_INSTANCE_NAME},
        body=body,
        language=member.language,
    )
    return note


def send_statement(statement: StatementOfReasons, message: str) -> None:
    """Tell the member; the notification keeps its statement (Mastodon's account warning)."""
    assert statement.account is not None
    note = tell_member(statement.account, message, link=reverse("web:moderation_decision", args=[statement.pk]))
    if note is not None:
        statement.notification = note
        statement.save(update_fields=["notification"])
