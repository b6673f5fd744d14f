"""Reading the labelled data in ../shared/data and splitting it the same way every time.

The rows are never copied into the repository; this module reads them where they are. The
train/dev split hashes each row's group (the template for HateCheck cases, the message id for
the Jigsaw pairs, the text otherwise), so near-identical rows never straddle the split.
Pure Python: the baseline harness imports it from a separate virtual environment.
"""

import csv
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LABEL_COLUMNS = ("violence", "hate", "offensive")
# Ordinary sentences with violent words, hand-written (`parley moderation eval --benign`).
BENIGN_SET = Path(__file__).resolve().parent / "data" / "benign_en_fr.csv"
DEV_BUCKETS = 5  # one bucket in five is the development split (20 %)
# Counter-speech and quoting of threats: the datasets leave "violence" unknown; Parley's policy
# says they are allowed, so training treats them as not violent.
_COUNTER_SPEECH = frozenset({"counter_quote_nh", "counter_ref_nh"})


@dataclass(frozen=True)
class Row:
    text: str
    lang: str
    labels: dict[str, int | None]
    source: str
    group: str

    @property
    def is_dev(self) -> bool:
        digest = hashlib.sha256(f"{self.source}:{self.group}".encode()).hexdigest()
        return int(digest[:8], 16) % DEV_BUCKETS == 0


def shared_data_dir(base_dir: Path | None = None) -> Path:
    """../shared/data next to the repository, or PARLEY_SHARED_DATA."""
    if os.environ.get("PARLEY_SHARED_DATA"):
        return Path(os.environ["PARLEY_SHARED_DATA"])
    if base_dir is None:
        base_dir = Path(__file__).resolve().parents[3]  # the repository: parley/screening/tooling/ is three down
    return base_dir.parent / "shared" / "data"


def _label(value: str | None) -> int | None:
    value = (value or "").strip()
    if value in ("", "nan"):
        return None
    return 1 if float(value) >= 0.5 else 0


def read_labelled_csv(path: Path, source: str = "") -> Iterator[Row]:
    """Rows of any CSV with text, lang and 0/1/empty label columns."""
    with path.open(newline="", encoding="utf-8") as fh:
        for record in csv.DictReader(fh):
            text = record.get("text") or ""
            labels = {name: _label(record.get(name)) for name in LABEL_COLUMNS}
            group = record.get("templ_id") or record.get("msg_id") or text.strip().casefold()
            yield Row(
                text=text,
                lang=(record.get("lang") or "").strip(),
                labels=labels,
                source=source or path.parent.name,
                group=str(group),
            )


def training_labels(row: Row, functionality: str = "") -> dict[str, int | None]:
    """Labels for training: fill in what the dataset rules imply (not offensive -> not hate)."""
    labels = dict(row.labels)
    if labels["offensive"] == 0:
        labels["hate"] = 0 if labels["hate"] is None else labels["hate"]
        labels["violence"] = 0 if labels["violence"] is None else labels["violence"]
    if labels["violence"] is None and functionality in _COUNTER_SPEECH:
        labels["violence"] = 0
    if labels["offensive"] is None and (labels["hate"] == 1 or labels["violence"] == 1):
        labels["offensive"] = 1
    return labels


def load_shared(data_dir: Path) -> list[tuple[Row, str]]:
    """Every row of every shared dataset, with its HateCheck functionality (or "")."""
    rows: list[tuple[Row, str]] = []
    for csv_path in sorted(data_dir.glob("*/train.csv")):
        with csv_path.open(newline="", encoding="utf-8") as fh:
            functionality = [r.get("functionality") or "" for r in csv.DictReader(fh)]
        for row, func in zip(read_labelled_csv(csv_path), functionality, strict=True):
            if row.text.strip():
                rows.append((row, func))
    return rows
