import pytest

from parley.screening.detectors.encoder import scaled
from parley.screening.policy import CATEGORY_BY_NAME

THREAT = CATEGORY_BY_NAME["violent_threat"]  # hold at 0.5, reject at 0.9
HARASSMENT = CATEGORY_BY_NAME["harassment"]  # hold at 0.75, no reject


def test_the_operating_point_lands_on_the_hold_threshold() -> None:
    assert scaled(0.3, 0.3, 0.8, THREAT) == pytest.approx(THREAT.hold_at)
    assert THREAT.action_for(scaled(0.2999, 0.3, 0.8, THREAT)) == "publish"
    assert THREAT.action_for(scaled(0.3, 0.3, 0.8, THREAT)) == "hold"


def test_the_high_confidence_point_lands_on_reject() -> None:
    assert THREAT.action_for(scaled(0.7999, 0.3, 0.8, THREAT)) == "hold"
    assert THREAT.action_for(scaled(0.8, 0.3, 0.8, THREAT)) == "reject"
    assert scaled(1.0, 0.3, 0.8, THREAT) == pytest.approx(1.0)


def test_without_a_high_confidence_point_nothing_is_rejected() -> None:
    assert THREAT.action_for(scaled(1.0, 0.3, None, THREAT)) == "hold"


def test_a_category_without_reject_only_holds() -> None:
    assert HARASSMENT.action_for(scaled(0.99, 0.4, 0.9, HARASSMENT)) == "hold"
    assert scaled(0.4, 0.4, 0.9, HARASSMENT) == pytest.approx(0.75)


def test_the_map_keeps_order() -> None:
    points = [i / 100 for i in range(101)]
    mapped = [scaled(p, 0.35, 0.85, THREAT) for p in points]
    assert mapped == sorted(mapped)
