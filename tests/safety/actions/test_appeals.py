"""file_appeal and decide_appeal: appeals against a decision."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parley.core.errors import Forbidden, NotFound, ValidationFailed
from parley.posts.models import Post, PostState
from parley.safety.actions.appeals import decide_appeal, file_appeal
from parley.safety.actions.decisions import decide_item
from parley.safety.models import AppealStatus, ModerationAction, ReviewSource, StatementOfReasons, Strike

pytestmark = pytest.mark.django_db


def test_appeal_by_a_different_moderator_reverses_and_restores(cast) -> None:
    decided = decide_item(moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam")
    statement = decided.statement
    assert statement is not None
    with pytest.raises(NotFound):
        file_appeal(appellant=cast["reporter"], statement=statement, text="Not mine but unfair.")
    with pytest.raises(ValidationFailed):
        file_appeal(appellant=cast["author"], statement=statement, text="   ")
    appeal = file_appeal(appellant=cast["author"], statement=statement, text="It was a gardening tip.")
    assert appeal.review_item is not None and appeal.review_item.source == ReviewSource.APPEAL
    with pytest.raises(ValidationFailed, match="already appealed"):
        file_appeal(appellant=cast["author"], statement=statement, text="Again.")
    with pytest.raises(Forbidden, match="different moderator"):
        decide_appeal(moderator=cast["mod"], appeal=appeal, founded=True, reason="I was right.")
    decide_appeal(moderator=cast["mod2"], appeal=appeal, founded=True, reason="It is a gardening tip.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FOUNDED
    assert Post.objects.get(pk=cast["post"].pk).state == PostState.PUBLISHED
    assert Strike.objects.get().cancelled_at is not None
    assert ModerationAction.objects.get(action="restore").reverses == decided.action


def test_appeal_window_is_six_months(cast) -> None:
    decided = decide_item(moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam")
    statement = decided.statement
    assert statement is not None
    StatementOfReasons.objects.filter(pk=statement.pk).update(appeal_until=timezone.now() - timedelta(seconds=1))
    statement.refresh_from_db()
    with pytest.raises(ValidationFailed, match="6 months"):
        file_appeal(appellant=cast["author"], statement=statement, text="Too late?")
