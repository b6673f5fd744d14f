from parley.screening.decide import decide
from parley.screening.detectors.base import Finding
from parley.screening.policy import CATEGORY_BY_NAME, SCORE_KEYS


def f(score: float, action: str | None = None) -> Finding:
    return Finding(score=score, evidence="test evidence", action=action, detector="test")  # type: ignore[arg-type]


def test_nothing_found_publishes_with_every_score_key() -> None:
    verdict = decide({})
    assert verdict.decision == "publish"
    assert set(verdict.scores) == set(SCORE_KEYS)
    assert verdict.reasons == ()


def test_score_over_hold_threshold_holds_with_a_statement_of_reasons() -> None:
    verdict = decide({"violent_threat": [f(0.8)]})
    assert verdict.decision == "hold"
    (reason,) = verdict.reasons
    assert reason["category"] == "violent_threat"
    assert reason["automated"] is True
    assert reason["evidence"] == "test evidence"
    assert reason["policy_clause"] == CATEGORY_BY_NAME["violent_threat"].clause
    assert "appeal" in reason["appeal"]
    assert "threat of violence" in verdict.summary


def test_a_high_confidence_threat_is_refused_unless_its_detector_may_only_hold() -> None:
    assert decide({"violent_threat": [f(0.95)]}).decision == "reject"
    only_hold = Finding(score=0.99, evidence="classifier", detector="classifier", can_reject=False)
    verdict = decide({"violent_threat": [only_hold]})
    assert verdict.decision == "hold"
    assert verdict.reasons[0]["action"] == "hold"


def test_below_threshold_publishes() -> None:
    assert decide({"hate": [f(0.2)], "violent_threat": [f(0.1)]}).decision == "publish"


def test_most_severe_action_wins() -> None:
    verdict = decide({"sensitive": [f(0.9)], "sexual_minors": [f(0.95)], "hate": [f(0.9)]})
    assert verdict.decision == "reject"
    assert verdict.reasons[0]["action"] == "reject"
    assert "sensitive" in verdict.labels


def test_operator_rule_action_beats_the_score() -> None:
    assert decide({"spam": [f(0.1, action="reject")]}).decision == "reject"
    assert decide({"hate": [f(0.99, action="label")], "spam": [f(0.1)]}).decision == "label"


def test_label_only_categories_never_hold() -> None:
    verdict = decide({"disputed": [f(1.0, action="hold")]})
    assert verdict.decision == "label"
    assert verdict.labels == frozenset({"disputed"})


def test_new_accounts_get_stricter_thresholds() -> None:
    hold_at = CATEGORY_BY_NAME["hate"].hold_at
    assert hold_at is not None
    score = hold_at * 0.95
    assert decide({"hate": [f(score)]}).decision == "publish"
    assert decide({"hate": [f(score)]}, new_account=True).decision == "hold"


def test_disabled_category_is_scored_but_not_acted_on() -> None:
    verdict = decide({"spam": [f(0.99)]}, disabled=frozenset({"spam"}))
    assert verdict.decision == "publish"
    assert verdict.scores["spam"] == 0.99


def test_unknown_category_from_a_plugin_is_reported_not_acted_on() -> None:
    verdict = decide({"weird": [f(0.99)]})
    assert verdict.decision == "publish"
    assert verdict.scores["weird"] == 0.99


def test_docs_policy_table_is_generated_from_policy_module() -> None:
    from pathlib import Path

    from parley.screening.policy import policy_table

    docs = Path(__file__).resolve().parents[2] / "docs" / "policy.md"
    assert policy_table() in docs.read_text(encoding="utf-8")
