"""Operating points of the encoder, chosen on held-out predictions, per language.

Hold: the lowest score whose precision on the held-out fold is at least HOLD_PRECISION (so as
many threats as possible are held without holding ordinary posts). Reject: the lowest score
whose precision is at least REJECT_PRECISION with REJECT_SUPPORT positives above it; where the
data cannot show that, nothing is rejected automatically. A language with too few positives
uses every language's rows ("").
"""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from sklearn.metrics import precision_recall_curve, roc_auc_score

from parley.screening.tooling.encoder_corpus import LABELS, Example

HOLD_PRECISION = {"violence": 0.85, "hate": 0.85, "offensive": 0.85, "doxxing": 0.85}
REJECT_PRECISION = 0.98
REJECT_SUPPORT = 20
MIN_POSITIVES = 25
# Every language together may decide with fewer (doxxing: a few dozen written examples).
MIN_POSITIVES_ALL_LANGUAGES = 10
LANGUAGES = ("", "en", "fr")

Thresholds = dict[str, dict[str, dict[str, float | None]]]


def _lowest_at_precision(
    y: npt.NDArray[np.int_], scores: npt.NDArray[np.float32], precision_floor: float, support: int
) -> float | None:
    precision, _recall, cut = precision_recall_curve(y, scores)
    above = np.array([(scores >= t).sum() for t in cut]) if len(cut) else np.array([])
    positives_above = np.array([((scores >= t) & (y == 1)).sum() for t in cut]) if len(cut) else np.array([])
    for i, threshold in enumerate(cut):
        if precision[i] >= precision_floor and positives_above[i] >= support and above[i] > 0:
            return float(threshold)
    return None


def choose_thresholds(
    examples: Sequence[Example], probabilities: npt.NDArray[np.float32]
) -> tuple[Thresholds, dict[str, object]]:
    thresholds: Thresholds = {}
    report: dict[str, object] = {}
    for column, label in enumerate(LABELS):
        thresholds[label] = {}
        for language in LANGUAGES:
            rows = [
                i
                for i, e in enumerate(examples)
                if e.labels[column] is not None and (not language or e.lang == language)
            ]
            y = np.array([examples[i].labels[column] for i in rows], dtype=int)
            enough = MIN_POSITIVES if language else MIN_POSITIVES_ALL_LANGUAGES
            if y.sum() < enough or y.sum() == len(y):
                continue
            scores = probabilities[rows, column]
            hold = _lowest_at_precision(y, scores, HOLD_PRECISION[label], 1)
            reject = _lowest_at_precision(y, scores, REJECT_PRECISION, REJECT_SUPPORT)
            if hold is None:
                continue
            if reject is not None and reject < hold:
                reject = hold
            thresholds[label][language] = {
                "hold": round(hold, 4),
                "reject": None if reject is None else round(reject, 4),
            }
            flagged = scores >= hold
            report[f"{label}/{language or 'all'}"] = {
                "n": len(y),
                "positives": int(y.sum()),
                "roc_auc": round(float(roc_auc_score(y, scores)), 4),
                "precision": round(float((y[flagged] == 1).mean()) if flagged.any() else 0.0, 4),
                "recall": round(float(flagged[y == 1].mean()), 4),
                "rejected_positives": int(((scores >= reject) & (y == 1)).sum()) if reject is not None else 0,
                "rejected_negatives": int(((scores >= reject) & (y == 0)).sum()) if reject is not None else 0,
            }
    return thresholds, report
