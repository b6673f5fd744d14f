"""The evaluation sets stay independent of the project's own training texts."""

import csv
from functools import cache
from pathlib import Path

import pytest

from parley.screening.normalise import normalise
from parley.screening.tooling.augmentation import (
    SOURCE,
    TEMPLATES,
    WRITTEN_PATH,
    WRITTEN_SOURCE,
    augmentation_rows,
    written_rows,
)
from parley.screening.tooling.datasets import BENIGN_SET
from parley.screening.tooling.encoder_corpus import INTENT_DIR, INTENT_GLOB, intent_examples

DATA = Path(__file__).resolve().parent / "data"
# The two sets the CLI reads ship with it; every other measured set lives beside these tests.
SHIPPED = {path.name: path for path in (BENIGN_SET, WRITTEN_PATH)}
# Written by separate sessions that saw no code, lexicon or dataset (docs/moderation-eval.md).
INDEPENDENT_BATCHES = "abcdfghij"


@cache
def _training_texts() -> frozenset[str]:
    """The normalised project-authored training texts, built once for all the tests below."""
    texts = [row.text for row in augmentation_rows()] + [e.text for e in intent_examples()]
    return frozenset(normalise(text).text for text in texts)


def _rows(name: str) -> list[dict[str, str]]:
    return _rows_at(SHIPPED.get(name, DATA / name))


def _rows_at(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _benign_texts() -> list[str]:
    return [row["text"] for row in _rows("benign_en_fr.csv")]


def test_benign_evaluation_set_shares_no_text_with_training_augmentation() -> None:
    training = _training_texts()
    overlap = [t for t in _benign_texts() if normalise(t).text in training]
    assert overlap == []


def test_benign_evaluation_set_is_big_enough_and_all_clean() -> None:
    rows = _rows("benign_en_fr.csv")
    assert len(rows) >= 300
    assert {r["lang"] for r in rows} == {"en", "fr"}
    assert all(r[label] == "0" for r in rows for label in ("violence", "hate", "offensive"))


def test_augmentation_is_deterministic_and_grouped_by_template() -> None:
    first, second = augmentation_rows(), augmentation_rows()
    assert first == second
    assert {row.source for row in first} == {SOURCE, WRITTEN_SOURCE}
    assert {row.group for row in first} >= {t.id for t in TEMPLATES}
    assert not any("{" in row.text or "}" in row.text for row in first)


def test_augmentation_has_french_threats_and_benign_text_in_both_languages() -> None:
    rows = augmentation_rows()
    for lang in ("en", "fr"):
        assert sum(r.lang == lang and r.labels["violence"] == 0 for r in rows) >= 300
    assert sum(r.lang == "fr" and r.labels["violence"] == 1 for r in rows) >= 300


def test_written_training_sentences_teach_violence_only_in_both_languages() -> None:
    rows = written_rows()
    assert {r.source for r in rows} == {WRITTEN_SOURCE}
    assert all(r.labels["hate"] is None and r.labels["offensive"] is None for r in rows)
    for lang in ("en", "fr"):
        assert sum(r.lang == lang and r.labels["violence"] == 1 for r in rows) >= 200
        assert sum(r.lang == lang and r.labels["violence"] == 0 for r in rows) >= 300
    kinds = {(r["kind"], r["violence"]) for r in _rows("training_written_en_fr.csv")}
    assert kinds == {("threat", "1"), ("lookalike", "0"), ("everyday", "0")}


def _four_grams(text: str) -> set[str]:
    padded = f" {normalise(text).text} "
    return {padded[i : i + 4] for i in range(len(padded) - 3)}


@pytest.mark.slow
def test_written_training_sentences_are_no_near_copy_of_a_measured_sentence() -> None:
    """Separate writing sessions share habits: two of them can write nearly the same sentence. A
    training sentence that close to one the project measures with would flatter the measure."""
    measured = [
        _four_grams(r["text"])
        for path in sorted([*DATA.glob("*.csv"), BENIGN_SET])
        if path.name != "training_written_en_fr.csv"
        for r in _rows(path.name)
    ]
    close = []
    for text in [row.text for row in written_rows()] + [e.text for e in intent_examples()]:
        grams = _four_grams(text)
        if any(len(grams & other) >= 0.6 * len(grams | other) for other in measured):
            close.append(text)
    assert close == []


def test_intent_training_sentences_cover_every_kind_in_both_languages() -> None:
    """The encoder's natively written sentences (encoder_corpus.py): threats with no violent word,
    planning, doxxing, and their hard negatives, in English and in French."""
    kinds: dict[str, set[tuple[str, str, str]]] = {"en": set(), "fr": set()}
    for path in sorted(INTENT_DIR.glob(INTENT_GLOB)):
        for r in _rows_at(path):
            kinds[r["lang"]].add((r["kind"], r["violence"], r["doxxing"]))
    for lang in ("en", "fr"):
        named = {kind for kind, _, _ in kinds[lang]}
        assert {"planning", "veiled", "doxxing", "obfuscated", "counter_speech", "sports", "idiom", "news"} <= named
        assert ("doxxing", "1", "1") in kinds[lang] and ("doxxing", "0", "1") in kinds[lang]


def _probe_rows() -> list[dict[str, str]]:
    return _rows("probes_en_fr.csv")


def test_probe_set_shares_no_text_with_training_augmentation() -> None:
    training = _training_texts()
    assert [r["text"] for r in _probe_rows() if normalise(r["text"]).text in training] == []


@pytest.mark.django_db
def test_probe_set_threats_are_acted_on_as_violence_and_its_lookalikes_publish() -> None:
    """A regression set, written while the lexicon grew (so in-sample, not an estimate): threats
    and calls for death in words the public data lacks, and ordinary sentences using the same
    words. See docs/moderation-eval.md. With the encoder, 139 of 182 threats are acted on as
    violence (the linear classifier, whose lexicon they were written with, took 95 %)."""
    rows = _probe_rows()
    held = _held(rows)
    threats = [acted for r, (acted, _) in zip(rows, held, strict=True) if r["violence"] == "1"]
    assert len(threats) >= 120 and {r["lang"] for r in rows} == {"en", "fr"}
    assert sum(threats) / len(threats) >= 0.74
    lookalikes = [
        restricted for r, (_, restricted) in zip(rows, held, strict=True) if r["violence"] == r["hate"] == "0"
    ]
    assert len(lookalikes) >= 100
    # Hard lookalikes, each with a violent word: 4 of 148 are held today, three of them at 0.52-0.57,
    # just over the line (docs/moderation-eval.md).
    assert sum(lookalikes) / len(lookalikes) <= 0.04


@pytest.mark.parametrize(
    ("name", "violence"),
    [
        ("fresh_lookalikes_en_fr.csv", {"0"}),
        ("fresh_threats_en_fr.csv", {"1"}),
        ("idioms_en_fr.csv", {"0"}),
        ("normative_threats_en_fr.csv", {"1"}),
        ("normative_k_en_fr.csv", {"0", "1"}),
        ("everyday_plans_l_en_fr.csv", {"0"}),
        ("violent_vocabulary_m_fr.csv", {"0", "1"}),
        ("independent_n_en_fr.csv", {"0", "1"}),
        *[(f"independent_{batch}_en_fr.csv", {"0", "1"}) for batch in INDEPENDENT_BATCHES],
    ],
)
def test_measured_sets_are_kept_apart_from_the_probes_and_the_training_texts(name: str, violence: set[str]) -> None:
    """Sets that measure a change (docs/moderation-eval.md), never training data or regression probes."""
    rows = _rows(name)
    languages = {"en", "fr"} if name.endswith("_en_fr.csv") else {"fr"}
    assert len(rows) >= 30 and {r["lang"] for r in rows} == languages
    assert {r["violence"] for r in rows} == violence
    probes = {normalise(r["text"]).text for r in _probe_rows()}
    training = _training_texts()
    assert not [r["text"] for r in rows if normalise(r["text"]).text in probes | training]


@pytest.mark.parametrize("batch", INDEPENDENT_BATCHES)
def test_independent_batches_mix_threats_lookalikes_and_everyday_posts(batch: str) -> None:
    rows = _rows(f"independent_{batch}_en_fr.csv")
    # 120 as written; I and J each lost a recipe that round six's training sentences nearly copied.
    assert len(rows) == (119 if batch in "ij" else 120)
    kinds = {(r["kind"], r["violence"]) for r in rows}
    assert kinds == {("threat", "1"), ("lookalike", "0"), ("everyday", "0")}


def _held(rows: list[dict[str, str]]) -> list[tuple[bool, bool]]:
    """(acted on as violence, not published) for each row, through the whole pipeline."""
    from parley.screening.detectors.base import ScreeningContext
    from parley.screening.pipeline import screen_many

    verdicts = screen_many([r["text"] for r in rows], [ScreeningContext(language=r["lang"]) for r in rows])
    violent = {"violent_threat", "incitement"}
    return [(bool(violent & {str(x["category"]) for x in v.reasons}), v.decision != "publish") for v in verdicts]


def _acted_and_held(name: str) -> tuple[list[bool], list[bool]]:
    """(threats acted on as violence, lookalikes not published) for a threat/lookalike batch."""
    rows = _rows(name)
    held = _held(rows)
    threats = [violence for r, (violence, _) in zip(rows, held, strict=True) if r["violence"] == "1"]
    lookalikes = [restricted for r, (_, restricted) in zip(rows, held, strict=True) if r["violence"] == "0"]
    return threats, lookalikes


@pytest.mark.django_db
def test_normative_threats_against_groups_are_acted_on_as_violence() -> None:
    """Calls for a group's death in the words of opinion ("should be liquidated", « un bon X est un X
    mort »): 40 of 54 with the encoder (47 with the linear classifier alone); a guard against
    losing more, not an estimate (written with the lexicon)."""
    acted = [violence for violence, _ in _held(_rows("normative_threats_en_fr.csv"))]
    assert sum(acted) / len(acted) >= 0.70


@pytest.mark.django_db
def test_calls_for_violence_against_groups_by_another_writer_are_caught_and_their_twins_published() -> None:
    """Batch K, by a separate session: calls for a group's death worded as opinion, beside harsh but
    non-violent demands in the same shape (« devraient être expulsés »). With the encoder 53 of 75
    are acted on as violence (65 with the linear classifier alone)."""
    threats, twins = _acted_and_held("normative_k_en_fr.csv")
    assert sum(threats) / len(threats) >= 0.68
    assert sum(twins) / len(twins) <= 0.25


@pytest.mark.django_db
def test_everyday_plans_addressed_to_someone_are_published() -> None:
    """Batch L, by a separate session: « je vais passer… », "I'll be waiting at the station", plans
    told to a friend. Round six's threat-shaped training sentences made 17 of 120 look like threats;
    3 of 120 are held today, since everyday plans joined the training sentences."""
    held = [restricted for _, restricted in _held(_rows("everyday_plans_l_en_fr.csv"))]
    assert len(held) >= 100
    assert sum(held) / len(held) <= 0.05


@pytest.mark.django_db
def test_idioms_with_violent_words_are_mostly_published() -> None:
    """Everyday idioms ("I'm dying to try it", « je vais étrangler cette imprimante »): 14 of 60 are
    held for review today (19 before the written training sentences), the known over-blocking of a
    word-based model; this stops it growing."""
    held = [not_published for _, not_published in _held(_rows("idioms_en_fr.csv"))]
    assert sum(held) / len(held) <= 0.35


@pytest.mark.django_db
def test_threats_by_outside_writers_are_mostly_caught_and_their_lookalikes_mostly_published() -> None:
    """The independent batches (440 threats, 438 lookalikes, 200 everyday posts): today 62 % of the
    threats are acted on as violence (39 % before the written training sentences), 21 % of the
    lookalikes are held (21 %) and no everyday post is; a guard, not an estimate (batches A to H
    were used to choose; I and J were measured before and after round seven's choices)."""
    acted: dict[str, list[bool]] = {"threat": [], "lookalike": [], "everyday": []}
    for batch in INDEPENDENT_BATCHES:
        rows = _rows(f"independent_{batch}_en_fr.csv")
        for row, (violence, not_published) in zip(rows, _held(rows), strict=True):
            acted[row["kind"]].append(violence if row["kind"] == "threat" else not_published)
    assert sum(acted["threat"]) / len(acted["threat"]) >= 0.60
    assert sum(acted["lookalike"]) / len(acted["lookalike"]) <= 0.30
    assert not any(acted["everyday"])


@pytest.mark.django_db
def test_threats_in_rarer_french_words_are_caught_and_their_lookalikes_mostly_published() -> None:
    """Batch M, by a separate session asked for a wide French vocabulary of violence (« égorger »,
    « mutiler », « dessouder », passives and participles) beside news, idioms and recipes in the same
    words. Today 56 of 60 are acted on (52 before round eight's lexicon) and 12 of 60 lookalikes are
    held (9 before); the brief named some of the verbs the lexicon then gained, so it flatters it."""
    threats, lookalikes = _acted_and_held("violent_vocabulary_m_fr.csv")
    assert len(threats) == len(lookalikes) == 60
    assert sum(threats) / len(threats) >= 0.75  # 47 of 60 with the encoder, 56 with the classifier alone
    assert sum(lookalikes) / len(lookalikes) <= 0.25


@pytest.mark.django_db
def test_threats_from_talk_pages_and_forums_by_another_writer_are_caught() -> None:
    """Batch N, by a separate session: heated comments from talk pages, forums and neighbourhood
    groups, a third in English, and lookalikes (news, quoted threats, games, self-defence). Today
    48 of 60 are acted on and 8 of 60 lookalikes are held (48 and 9 before round eight)."""
    threats, lookalikes = _acted_and_held("independent_n_en_fr.csv")
    assert len(threats) == len(lookalikes) == 60
    assert sum(threats) / len(threats) >= 0.70
    assert sum(lookalikes) / len(lookalikes) <= 0.20


def _restricted_share(name: str) -> tuple[float, float, dict[str, float]]:
    """(threats held or refused, acceptable posts held or refused, per kind) for an intent batch."""
    from parley.screening.detectors.base import ScreeningContext
    from parley.screening.pipeline import screen_many

    rows = _rows(name)
    verdicts = screen_many([r["text"] for r in rows], [ScreeningContext(language=r["lang"]) for r in rows])
    acted: dict[str, list[bool]] = {}
    for row, verdict in zip(rows, verdicts, strict=True):
        acted.setdefault(row["expected"], []).append(verdict.decision != "publish")
        acted.setdefault(row["kind"], []).append(verdict.decision != "publish")
    share = {kind: sum(v) / len(v) for kind, v in acted.items()}
    return share["restrict"], share["allow"], share


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "threats", "acceptable"),
    [
        # Batch O: written blind for this round, used to choose (docs/moderation-eval.md); one idiom
        # that nearly copies an earlier training sentence was taken out of it (119 rows in English).
        ("intent_o_en.csv", 0.80, 0.20),
        ("intent_o_fr.csv", 0.70, 0.10),
        # Batch P: written blind, screened once with the final model, never used to choose.
        ("intent_p_en.csv", 0.73, 0.15),
        ("intent_p_fr.csv", 0.72, 0.15),
    ],
)
def test_intent_batches_by_outside_writers(name: str, threats: float, acceptable: float) -> None:
    """Planning, doxxing, veiled, obfuscated and direct threats beside sports talk, idioms,
    self-defence, history, games, counter-speech and everyday plans (60 + 60 per file). Before the
    encoder: O 32 / 17 (EN), 25 / 8 (FR); P 26 / 14, 24 / 11 of 60. Now: O 51 / 8 (of 59), 45 / 3;
    P 47 / 7, 46 / 7. Guards, not the targets (0.90 and 0.05), which are not met yet."""
    restricted, allowed, share = _restricted_share(name)
    assert restricted >= threats and allowed <= acceptable, share
