"""A post screening refuses is kept with a statement of reasons, and its author can appeal."""

import pytest

import parley.posts.actions as post_actions
from parley.posts.actions import ScreeningRejected, publish_post
from parley.posts.models import Post, PostState
from parley.safety.actions.appeals import decide_appeal, file_appeal
from parley.safety.models import ActionType, ModerationAction, StatementOfReasons
from parley.screening.records import ScreeningVerdict

REFUSAL = ScreeningVerdict(
    decision="reject",
    reasons=(
        {
            "category": "violent_threat",
            "action": "reject",
            "explanation": "not published because it looks like a threat of violence",
            "detector": "encoder",
        },
    ),
)


@pytest.fixture
def refusing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(post_actions, "screen_content", lambda **kw: REFUSAL)


@pytest.mark.django_db
def test_a_refused_post_is_kept_hidden_with_an_automated_statement_of_reasons(make_member, refusing) -> None:
    author = make_member("author")
    with pytest.raises(ScreeningRejected, match="appeal"):
        publish_post(author=author, text="a refused post")
    post = Post.objects.get()
    assert post.state == PostState.REJECTED
    author.refresh_from_db()
    assert author.posts_count == 0
    action = ModerationAction.objects.get(post=post)
    assert (action.action, action.automated, action.category) == (ActionType.REMOVE, True, "violent_threat")
    statement = StatementOfReasons.objects.get(action=action)
    assert statement.account_id == author.pk
    assert statement.terms_clause.startswith("Terms §4.1")


@pytest.mark.django_db
def test_a_founded_appeal_against_a_refusal_publishes_the_post(make_member, refusing) -> None:
    author, moderator = make_member("author"), make_member("mod", moderator=True)
    with pytest.raises(ScreeningRejected):
        publish_post(author=author, text="a refused post")
    statement = StatementOfReasons.objects.get()
    appeal = file_appeal(appellant=author, statement=statement, text="It was a line from a play.")
    decide_appeal(moderator=moderator, appeal=appeal, founded=True, reason="A quotation, not a threat.")
    assert Post.objects.get().state == PostState.PUBLISHED
