"""escalate and purge_expired_evidence (DSA 18)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parley.safety.actions.evidence import escalate, purge_expired_evidence
from parley.safety.models import EvidencePackage

pytestmark = pytest.mark.django_db


def test_escalation_keeps_hashed_evidence_past_deletion(cast) -> None:
    package = escalate(moderator=cast["mod"], post=cast["post"], authority="Police", reason="Threat to kill.")
    assert len(package.sha256) == 64
    assert package.content["post"]["text"] == cast["post"].text
    assert len(package.content["post"]["text_sha256"]) == 64
    cast["post"].delete()
    assert EvidencePackage.objects.get(pk=package.pk).content["post"]["id"] == package.post_ref
    assert purge_expired_evidence() == 0
    assert purge_expired_evidence(now=timezone.now() + timedelta(days=400)) == 1
