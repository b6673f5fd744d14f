"""The input rules several safety actions share: the moderator's reason above all."""

import pytest
from django.utils import translation

from parley.core.errors import ValidationFailed
from parley.posts.models import Post, PostState
from parley.safety.actions._checks import require_reason
from parley.safety.actions.appeals import decide_appeal, file_appeal
from parley.safety.actions.decisions import decide_item, reverse_action
from parley.safety.actions.evidence import escalate
from parley.safety.models import AppealStatus, EvidencePackage, ModerationAction


def test_the_reason_is_kept_trimmed() -> None:
    assert require_reason("  Slur against a group.\n") == "Slur against a group."


@pytest.mark.parametrize("blank", ["", "   ", "\n\t "])
def test_a_blank_reason_is_refused_because_the_member_will_read_it(blank: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        require_reason(blank)
    assert refused.value.message == "Give the reason for the decision: the member will read it."


def test_a_blank_reason_is_refused_with_the_message_given() -> None:
    with pytest.raises(ValidationFailed) as refused:
        require_reason(" ", "Give the reason for the escalation.")
    assert refused.value.message == "Give the reason for the escalation."


def test_the_refusal_speaks_the_moderators_language() -> None:
    with translation.override("fr"), pytest.raises(ValidationFailed) as refused:
        require_reason("")
    # French puts a no-break space before the colon.
    assert refused.value.message == "Indiquez le motif de la décision\u00a0: le membre le lira."


@pytest.mark.django_db
def test_each_moderator_action_refuses_a_blank_reason_and_changes_nothing(cast) -> None:
    decided = decide_item(moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam")
    assert decided.statement is not None
    appeal = file_appeal(appellant=cast["author"], statement=decided.statement, text="A gardening tip.")
    actions, packages = ModerationAction.objects.count(), EvidencePackage.objects.count()
    with pytest.raises(ValidationFailed, match="the member will read it"):
        reverse_action(moderator=cast["mod2"], action=decided.action, reason=" ")
    with pytest.raises(ValidationFailed, match="the member will read it"):
        decide_appeal(moderator=cast["mod2"], appeal=appeal, founded=True, reason="\n")
    with pytest.raises(ValidationFailed, match="reason for the escalation"):
        escalate(moderator=cast["mod"], post=cast["post"], authority="Police", reason="  ")
    assert ModerationAction.objects.count() == actions and EvidencePackage.objects.count() == packages
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN
    assert Post.objects.get(pk=cast["post"].pk).state == PostState.REMOVED
