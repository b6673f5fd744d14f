"""Staff read a direct message only through a report about it, or by breaking glass on the record."""

import pytest
from django.test import Client

from parley.core.models import AuditLogEntry
from parley.posts.actions import publish_post
from parley.posts.models import Visibility
from parley.safety.actions.reports import file_report
from parley.safety.queries import BREAK_GLASS_ACTION

pytestmark = pytest.mark.django_db

SECRET = "meet me at the old mill at nine, bring the letters"


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def cast(make_member):
    sender = make_member("sender")
    recipient = make_member("recipient")
    return {
        "sender": sender,
        "recipient": recipient,
        "dm": publish_post(author=sender, text=f"@recipient {SECRET}", visibility=Visibility.DIRECT),
        "mod": make_member("mod", moderator=True),
        "admin": make_member("root", admin=True),
    }


def test_a_moderator_cannot_read_an_unreported_dm_by_id(cast) -> None:
    mod, dm = signed_in(cast["mod"]), cast["dm"]
    for path in (f"/posts/{dm.pk}", f"/moderation/messages/{dm.pk}"):
        response = mod.get(path)
        assert response.status_code in (200, 403, 404), path
        assert SECRET not in response.content.decode(), path
    assert mod.get(f"/posts/{dm.pk}").status_code == 404
    api = mod.get(f"/api/v1/statuses/{dm.pk}")
    assert SECRET not in api.content.decode()
    # The recipient still reads it.
    assert SECRET in signed_in(cast["recipient"]).get(f"/posts/{dm.pk}").content.decode()


def test_the_django_admin_neither_opens_nor_lists_dms(cast) -> None:
    admin, dm = signed_in(cast["admin"]), cast["dm"]
    change = admin.get(f"/admin/posts/post/{dm.pk}/change/")
    assert change.status_code == 403
    assert SECRET not in change.content.decode()
    listing = admin.get("/admin/posts/post/", {"q": "old mill"})
    assert listing.status_code == 200
    assert SECRET[:40] not in listing.content.decode()


def test_a_report_about_the_dm_lets_moderators_read_it(cast) -> None:
    dm = cast["dm"]
    report = file_report(reporter=cast["recipient"], category="harassment", account=cast["sender"], post_ids=[dm.pk])
    mod = signed_in(cast["mod"])
    page = mod.get(f"/moderation/messages/{dm.pk}")
    assert page.status_code == 200
    assert SECRET in page.content.decode()
    assert report.review_item is not None
    item = mod.get(f"/moderation/items/{report.review_item.pk}")
    assert item.status_code == 200
    assert SECRET in item.content.decode()


def test_breaking_glass_needs_a_reason_and_is_audited(cast) -> None:
    mod, dm = signed_in(cast["mod"]), cast["dm"]
    refused = mod.post(f"/moderation/messages/{dm.pk}", {"reason": "   "})
    assert refused.status_code == 422
    assert SECRET not in refused.content.decode()
    assert not AuditLogEntry.objects.filter(action=BREAK_GLASS_ACTION).exists()

    reason = "Police request 2026-118: credible threat against the recipient"
    opened = mod.post(f"/moderation/messages/{dm.pk}", {"reason": reason})
    assert opened.status_code == 200
    assert SECRET in opened.content.decode()
    entry = AuditLogEntry.objects.get(action=BREAK_GLASS_ACTION)
    assert (entry.actor, entry.target_id, entry.reason) == (cast["mod"], str(dm.pk), reason)
    # Admins see the access on the audit page; another moderator still cannot read the message.
    audit = signed_in(cast["admin"]).get("/moderation/audit", {"action": BREAK_GLASS_ACTION})
    assert reason in audit.content.decode()
    other = signed_in(cast["admin"]).get(f"/moderation/messages/{dm.pk}")
    assert SECRET not in other.content.decode()


def test_members_cannot_break_glass(cast) -> None:
    member = signed_in(cast["recipient"])
    response = member.post(f"/moderation/messages/{cast['dm'].pk}", {"reason": "curious"})
    assert response.status_code == 403
    assert not AuditLogEntry.objects.filter(action=BREAK_GLASS_ACTION).exists()
