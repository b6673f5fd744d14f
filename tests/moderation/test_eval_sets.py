"""The evaluation sets stay independent of the project's own training texts."""

import csv
from pathlib import Path

from parley.moderation.augmentation import SOURCE, TEMPLATES, augmentation_rows
from parley.moderation.normalise import normalise

BENIGN_SET = Path(__file__).resolve().parents[2] / "parley/moderation/data/benign_en_fr.csv"


def _benign_texts() -> list[str]:
    with BENIGN_SET.open(newline="", encoding="utf-8") as fh:
        return [row["text"] for row in csv.DictReader(fh)]


def test_benign_evaluation_set_shares_no_text_with_training_augmentation() -> None:
    training = {normalise(row.text).text for row in augmentation_rows()}
    overlap = [t for t in _benign_texts() if normalise(t).text in training]
    assert overlap == []


def test_benign_evaluation_set_is_big_enough_and_all_clean() -> None:
    with BENIGN_SET.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 300
    assert {r["lang"] for r in rows} == {"en", "fr"}
    assert all(r[label] == "0" for r in rows for label in ("violence", "hate", "offensive"))


def test_augmentation_is_deterministic_and_grouped_by_template() -> None:
    first, second = augmentation_rows(), augmentation_rows()
    assert first == second
    assert {row.source for row in first} == {SOURCE}
    assert {row.group for row in first} >= {t.id for t in TEMPLATES}
    assert not any("{" in row.text or "}" in row.text for row in first)


def test_augmentation_has_french_threats_and_benign_text_in_both_languages() -> None:
    rows = augmentation_rows()
    for lang in ("en", "fr"):
        assert sum(r.lang == lang and r.labels["violence"] == 0 for r in rows) >= 300
    assert sum(r.lang == "fr" and r.labels["violence"] == 1 for r in rows) >= 300
