"""`parley moderation purge-evidence`: DSA 18 evidence is deleted once its retention ends."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from parley.core.models import AuditLogEntry
from parley.posts.actions import publish_post
from parley.safety.actions.evidence import escalate
from parley.safety.models import EvidencePackage

pytestmark = pytest.mark.django_db


def test_purge_evidence_removes_only_expired_packages_and_says_how_many(make_member) -> None:
    moderator = make_member("mod", moderator=True)
    author = make_member("author")
    expired = escalate(moderator=moderator, post=publish_post(author=author, text="one"), reason="Threat.")
    kept = escalate(moderator=moderator, post=publish_post(author=author, text="two"), reason="Threat.")
    EvidencePackage.objects.filter(pk=expired.pk).update(retain_until=timezone.now() - timedelta(days=1))
    out = StringIO()
    call_command("moderation", "purge-evidence", stdout=out)
    assert "Removed 1 expired evidence package(s)." in out.getvalue()
    assert list(EvidencePackage.objects.values_list("pk", flat=True)) == [kept.pk]
    assert AuditLogEntry.objects.filter(action="evidence.purge").count() == 1
    again = StringIO()
    call_command("moderation", "purge-evidence", stdout=again)
    assert "Removed 0 expired evidence package(s)." in again.getvalue()
