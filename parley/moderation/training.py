"""`parley moderation train`: rebuild the shipped classifier from ../shared/data, reproducibly.

Only the training split is used (see datasets.py), plus the project-authored texts of
augmentation.py; the development split is for reporting. Operating points are chosen per
language on 5-fold cross-validated predictions of the training split's *real* rows (never on
development rows, never on the project's own templates, which would flatter them).
"""

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve, roc_curve
from sklearn.model_selection import GroupKFold

from parley.moderation.augmentation import SOURCE as AUGMENTATION_SOURCE
from parley.moderation.augmentation import augmentation_rows
from parley.moderation.classifier import LABELS, TextClassifier, term_counts, tfidf
from parley.moderation.datasets import load_shared, training_labels
from parley.moderation.normalise import normalise

C_BY_LABEL = {"violence": 8.0, "hate": 4.0, "offensive": 4.0}
# Threats must be caught, but a false hold on news is a defect too: in each language the
# violence operating point is the one with the best recall that keeps at least this
# cross-validated precision (the target is 0.80; the margin is for data unlike the training's).
VIOLENCE_MIN_PRECISION = 0.85
# Hate labels in the public data are noisy and biased towards identity terms (a neutral
# sentence naming a group often scores high), and a false hold silences the very people the
# category protects: its operating point weighs precision twice as much as recall (F0.5).
HATE_BETA = 0.5
# Operating points per language; "" (any other language) uses every language's rows.
LANGUAGES = ("", "en", "fr")
MIN_LANGUAGE_POSITIVES = 30


def _fbeta_logit(y: npt.NDArray[np.int_], logits: npt.NDArray[np.float64]) -> float:
    """Best F-beta with beta = HATE_BETA: precision counts more than recall."""
    precision, recall, thresholds = precision_recall_curve(y, logits)
    p, r, b2 = precision[:-1], recall[:-1], HATE_BETA**2
    fbeta = (1 + b2) * p * r / np.maximum(b2 * p + r, 1e-9)
    return float(thresholds[int(np.argmax(fbeta))])


def _youden_logit(y: npt.NDArray[np.int_], logits: npt.NDArray[np.float64]) -> float:
    """Best true-positive minus false-positive rate: F1 is meaningless when 85 % are positive."""
    fpr, tpr, thresholds = roc_curve(y, logits)
    return float(thresholds[int(np.argmax(tpr - fpr))])


def _violence_logit(y: npt.NDArray[np.int_], logits: npt.NDArray[np.float64]) -> float:
    """The lowest threshold (best recall) whose precision is at least the floor."""
    precision, _, thresholds = precision_recall_curve(y, logits)
    ok = np.flatnonzero(precision[:-1] >= VIOLENCE_MIN_PRECISION)
    return float(thresholds[ok[0]] if len(ok) else thresholds[-1])


def _operating_logit(label: str, y: npt.NDArray[np.int_], logits: npt.NDArray[np.float64]) -> float:
    if label == "violence":
        return _violence_logit(y, logits)
    if label == "offensive":
        return _youden_logit(y, logits)
    return _fbeta_logit(y, logits)


def _at(y: npt.NDArray[np.int_], predicted: npt.NDArray[np.bool_]) -> dict[str, float | int]:
    tp = int((predicted & (y == 1)).sum())
    return {
        "rows": len(y),
        "positives": int(y.sum()),
        "cv_precision": round(tp / max(int(predicted.sum()), 1), 3),
        "cv_recall": round(tp / max(int(y.sum()), 1), 3),
    }


def train(data_dir: Path, out_path: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    started = time.monotonic()
    rows = [(row, func) for row, func in load_shared(data_dir) if not row.is_dev]
    shared_rows = len(rows)
    rows += [(row, "") for row in augmentation_rows()]
    log(
        f"training rows: {len(rows)} ({shared_rows} shared, {len(rows) - shared_rows} "
        "project-authored; development rows excluded)"
    )
    texts = [normalise(row.text).text for row, _ in rows]
    groups = np.array([f"{row.source}:{row.group}" for row, _ in rows])
    langs = np.array([row.lang for row, _ in rows])
    real = np.array([row.source != AUGMENTATION_SOURCE for row, _ in rows])
    labels = [training_labels(row, func) for row, func in rows]

    counts = term_counts(texts)
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    n = counts.shape[0]
    idf = (np.log((1 + n) / (1 + document_frequency)) + 1.0).astype(np.float32)
    x = tfidf(counts, idf)

    weights, biases, shifts = [], [], []
    meta: dict[str, Any] = {"labels": {}, "training_rows": n, "languages": list(LANGUAGES)}
    for label in LABELS:
        known = np.array([lab[label] is not None for lab in labels])
        y = np.array([lab[label] or 0 for lab in labels])[known]
        xk, gk = x[known], groups[known]
        oof = np.zeros(len(y))
        for fit_idx, held_idx in GroupKFold(n_splits=5).split(xk, y, gk):
            model = _model(label).fit(xk[fit_idx], y[fit_idx])
            oof[held_idx] = model.decision_function(xk[held_idx])
        # Chosen on real rows whose label the dataset states, not on labels filled in by
        # inference and not on the project's own templates.
        explicit = np.array([row.labels[label] is not None for row, _ in rows])[known]
        chosen = explicit & real[known]
        label_shifts, label_meta = [], {}
        for lang in LANGUAGES:
            sel = chosen & ((langs[known] == lang) if lang else True)
            if lang and int(y[sel].sum()) < MIN_LANGUAGE_POSITIVES:
                sel = chosen
            shift = _operating_logit(label, y[sel], oof[sel])
            label_shifts.append(shift)
            label_meta[lang or "any"] = _at(y[sel], oof[sel] >= shift)
        model = _model(label).fit(xk, y)
        weights.append(model.coef_[0])
        biases.append(model.intercept_[0])
        shifts.append(label_shifts)
        meta["labels"][label] = label_meta
        log(f"{label}: {label_meta}")

    classifier = TextClassifier(
        labels=LABELS,
        idf=idf,
        weights=np.vstack(weights).astype(np.float32),
        bias=np.array(biases, dtype=np.float32),
        shift=np.array(shifts, dtype=np.float32).T,
        meta=meta,
        languages=LANGUAGES,
    )
    classifier.save(out_path)
    meta["seconds"] = round(time.monotonic() - started, 1)
    meta["sha256"] = hashlib.sha256(out_path.read_bytes()).hexdigest()
    meta["bytes"] = out_path.stat().st_size
    log(f"wrote {out_path}: {meta['bytes']} bytes, sha256 {meta['sha256'][:16]}")
    return meta


def _model(label: str) -> LogisticRegression:
    return LogisticRegression(
        C=C_BY_LABEL[label], class_weight="balanced", solver="liblinear", max_iter=200
    )
