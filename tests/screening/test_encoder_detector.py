"""The encoder detector: categories, DMs, personal data, superseding and failing closed."""

import pytest

from parley.screening import config
from parley.screening.detectors.base import ScreeningContext
from parley.screening.detectors.encoder import EncoderDetector
from parley.screening.encoder import runtime
from parley.screening.normalise import normalise
from parley.screening.pipeline import screen_text

POINTS = {"violence": (0.6, 0.95), "hate": (0.6, None), "offensive": (0.3, 0.9), "doxxing": (0.5, None)}


def _findings(text: str, probability: dict[str, float], context: ScreeningContext | None = None):
    return EncoderDetector()._findings(
        normalise(text), context or ScreeningContext(language="en"), probability, POINTS, config.current().categories
    )


QUIET = {"violence": 0.0, "hate": 0.0, "offensive": 0.0, "doxxing": 0.0}


@pytest.mark.django_db
def test_a_threat_is_held_and_a_call_on_others_is_incitement() -> None:
    assert _findings("I'm coming for you tonight, friend", {**QUIET, "violence": 0.7})["violent_threat"].score >= 0.5
    assert "incitement" in _findings("someone should deal with him", {**QUIET, "violence": 0.7})


@pytest.mark.django_db
def test_personal_data_lifts_a_half_sure_threat_to_the_hold_point() -> None:
    text = "Dana Kim, 41 Birch Lane, leaves at 6"
    lifted = _findings(text, {**QUIET, "violence": 0.35})["violent_threat"]
    assert lifted.score == pytest.approx(0.5)
    assert "street address" in lifted.evidence
    assert _findings("she always leaves work at 6", {**QUIET, "violence": 0.35})["violent_threat"].score < 0.5


@pytest.mark.django_db
def test_abuse_aimed_at_someone_stays_the_classifiers_call() -> None:
    verdict = screen_text("@someone you are a worthless idiot and everyone hates you", ScreeningContext(language="en"))
    assert "harassment" in verdict.scores
    assert EncoderDetector.supersedes_categories is not None
    assert "harassment" not in EncoderDetector.supersedes_categories


@pytest.mark.django_db
def test_a_direct_message_is_read_for_threats_and_doxxing_only() -> None:
    dm = ScreeningContext(language="en", kind="dm", dm_rules_only=True)
    found = _findings("you people are vermin, all of you", {**QUIET, "hate": 0.99, "offensive": 0.99}, dm)
    assert set(found) == {"violent_threat", "incitement", "harassment"}
    assert found["harassment"].score < 0.75
    doxxing = _findings("she lives at 41 Birch Lane", {**QUIET, "doxxing": 0.9}, dm)
    assert doxxing["harassment"].score >= 0.75


@pytest.mark.django_db
def test_the_encoder_replaces_the_classifier_where_it_ran() -> None:
    verdict = screen_text("I will find you and hurt you, tonight.", ScreeningContext(language="en"))
    assert verdict.decision != "publish"
    assert {r["detector"] for r in verdict.reasons} <= {"encoder", "rules", "context"}


@pytest.mark.django_db
def test_when_the_encoder_cannot_run_the_post_waits_for_a_moderator(monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> runtime.Encoder:
        raise RuntimeError("no model")

    monkeypatch.setattr(runtime, "prepare", broken)
    verdict = screen_text("A lovely walk by the river this morning.", ScreeningContext(language="en"))
    assert verdict.decision == "hold"
    assert any(r.get("unscreened") for r in verdict.reasons)


@pytest.mark.django_db
def test_a_threat_at_the_end_of_a_long_post_is_still_read() -> None:
    encoder = runtime.prepare()
    threat = "I know where you live and tonight I will come and kill you."
    filler = "We spent the afternoon planting tomatoes and talking about the weather in the village. " * 12
    assert len(encoder.inputs.windows(filler + threat)) > 1
    alone, long = encoder.probabilities([threat, filler + threat])[:, 0]
    assert long >= 0.5 * alone > 0
