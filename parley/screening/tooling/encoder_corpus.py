"""The labelled texts the encoder is fine-tuned on, with a held-out fold for its thresholds.

Sources: the training split of ../shared/data (never its development split), the project's
templates and written sentences (augmentation.py), and the intent sentences written natively in
English and French by separate writers (data/training_intent_*.csv: attack planning,
mobilisation, veiled and obfuscated threats, doxxing, and their hard negatives). A label a
source does not give is unknown and costs nothing in the loss.
"""

import csv
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from parley.screening.tooling.augmentation import augmentation_rows
from parley.screening.tooling.datasets import load_shared, training_labels

LABELS = ("violence", "hate", "offensive", "doxxing")
INTENT_DIR = Path(__file__).resolve().parent / "data"
INTENT_GLOB = "training_intent_*.csv"
# One row in five (by group) is held out of training: thresholds are chosen on its predictions.
HOLDOUT_BUCKETS = 5
# Public rows with no violence label and no hate (mostly offensive-only English comments) are
# plentiful and teach little about intent; a share of them keeps training affordable on a CPU.
UNLABELLED_SHARE = 0.25
# The natively written intent rows are few against the public data; each counts this much.
INTENT_WEIGHT = 2.0


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    labels: tuple[int | None, ...]  # in LABELS order
    weight: float
    source: str
    group: str

    @property
    def held_out(self) -> bool:
        digest = hashlib.sha256(f"encoder:{self.source}:{self.group}".encode()).hexdigest()
        return int(digest[:8], 16) % HOLDOUT_BUCKETS == 0


def _doxxing_default(labels: dict[str, int | None]) -> int | None:
    # Text judged not offensive publishes no one's address with intent to harm.
    return 0 if labels.get("offensive") == 0 else None


def _public(data_dir: Path, rng: random.Random) -> list[Example]:
    examples = []
    for row, functionality in load_shared(data_dir):
        if row.is_dev:
            continue
        labels = training_labels(row, functionality)
        if labels["violence"] is None and labels["hate"] != 1 and rng.random() > UNLABELLED_SHARE:
            continue
        values = (labels["violence"], labels["hate"], labels["offensive"], _doxxing_default(labels))
        examples.append(Example(row.text, row.lang, values, 1.0, row.source, row.group))
    return examples


def _project() -> list[Example]:
    examples = []
    for row in augmentation_rows():
        labels = dict(row.labels)
        values = (labels["violence"], labels["hate"], labels["offensive"], _doxxing_default(labels))
        examples.append(Example(row.text, row.lang, values, 1.0, row.source, row.group))
    return examples


def intent_examples(directory: Path = INTENT_DIR) -> list[Example]:
    examples = []
    for path in sorted(directory.glob(INTENT_GLOB)):
        with path.open(newline="", encoding="utf-8") as fh:
            for record in csv.DictReader(fh):
                violence, doxxing = int(record["violence"]), int(record["doxxing"])
                offensive = 1 if violence or doxxing else 0
                values = (violence, None, offensive, doxxing)
                group = f"{record['writer']}:{record['kind']}:{record['text'].casefold()}"
                examples.append(Example(record["text"], record["lang"], values, INTENT_WEIGHT, "intent", group))
    return examples


def corpus(data_dir: Path, *, seed: int = 0, intent_dir: Path = INTENT_DIR) -> list[Example]:
    rng = random.Random(seed)
    return _public(data_dir, rng) + _project() + intent_examples(intent_dir)
