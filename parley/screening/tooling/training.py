"""`parley moderation train`: rebuild the shipped classifier from ../shared/data, reproducibly.

Only the training split is used (see datasets.py), plus the project-authored texts of
augmentation.py; the development split is for reporting. Operating points are chosen per
language on 5-fold cross-validated predictions of the training split's *real* rows (never on
development rows, never on the project's own templates, which would flatter them).
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve, roc_curve
from sklearn.model_selection import GroupKFold

from parley.screening.classifier import (
    FEATURE_VERSION,
    LABELS,
    LEXICAL_FEATURES,
    TextClassifier,
    term_counts,
    tfidf,
)
from parley.screening.normalise import normalise
from parley.screening.tooling.augmentation import SOURCE as AUGMENTATION_SOURCE
from parley.screening.tooling.augmentation import WRITTEN_SOURCE, augmentation_rows
from parley.screening.tooling.datasets import Row, load_shared, training_labels

# The project-authored rows (a few thousand, against 28,000 real ones) teach what the public data
# lacks: violent words in news, idioms and fiction. Each counts this many times (at 1, with the
# concept features, 5 % of the benign set was held; at 3, 1.6 %, with cross-validated violence
# recall and precision unchanged).
AUGMENTATION_WEIGHT = 3.0
# The sentences written by separate sessions (augmentation.WRITTEN_SOURCE) count this much each.
# More weight catches more threats worded as other writers word them and costs French precision
# on the public data: at 1, French CV recall at 0.85 precision fell 0.990 -> 0.928; at 0.5,
# to 0.962, for 92 instead of 102 of 150 outside threats caught (nine writers; docs/moderation-eval.md).
WRITTEN_WEIGHT = 0.5
PROJECT_WEIGHTS = {AUGMENTATION_SOURCE: AUGMENTATION_WEIGHT, WRITTEN_SOURCE: WRITTEN_WEIGHT}
# Inverse regularisation of every label's logistic regression (5-fold CV on the training split).
REGULARISATION_C = 4.0
# How much the concept block (concepts.py) counts beside the n-grams, per label. Concepts lift
# cross-validated violence recall at 0.85 precision from 0.86 to 0.90 (EN) and from 0.75 to 0.83
# (FR); they do not help hate or offensiveness (CV AUC slightly lower), which leave them out.
CONCEPT_WEIGHT = {"violence": 0.7, "hate": 0.0, "offensive": 0.0}
# Threats must be caught, but a false hold on news is a defect too: the targets are recall >= 0.85
# at precision >= 0.80. In each language the violence operating point is the one that keeps
# *both* best when the data is drawn again: templates and message pairs (the groups) are
# resampled, and the threshold with the best lower quartile of min(P - 0.80, R - 0.85) wins.
# Public threat data comes in template clumps (seven rows per HateCheck template), so a point
# chosen on one draw of the PR curve (as before) sat on a cliff and moved with every retrain.
VIOLENCE_TARGETS = (0.80, 0.85)  # precision, recall
BOOTSTRAP_DRAWS = 300
# Margins this close to the best count as a tie: the best margin itself moves by up to 0.003
# when the bootstrap is drawn with another seed.
VIOLENCE_TIE_TOLERANCE = 0.005
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


def _violence_logit(y: npt.NDArray[np.int_], logits: npt.NDArray[np.float64], groups: npt.NDArray[np.str_]) -> float:
    """The threshold whose worse margin to the targets is best in 3 of 4 group resamplings."""
    min_precision, min_recall = VIOLENCE_TARGETS
    # Candidates: thresholds that keep 60-100 % of the positives.
    candidates = np.quantile(logits[y == 1], np.linspace(0.0, 0.4, 81))
    names, group_of = np.unique(groups, return_inverse=True)
    above = logits[:, None] >= candidates[None, :]
    true_pos = np.zeros((len(names), len(candidates)))
    false_pos = np.zeros_like(true_pos)
    np.add.at(true_pos, group_of, above & (y[:, None] == 1))
    np.add.at(false_pos, group_of, above & (y[:, None] == 0))
    positives = np.bincount(group_of, weights=y, minlength=len(names))
    rng = np.random.default_rng(0)
    margins = []
    for _ in range(BOOTSTRAP_DRAWS):
        weight = np.bincount(rng.integers(0, len(names), len(names)), minlength=len(names))
        tp, fp = weight @ true_pos, weight @ false_pos
        precision = tp / np.maximum(tp + fp, 1)
        recall = tp / max(float(weight @ positives), 1.0)
        margins.append(np.minimum(precision - min_precision, recall - min_recall))
    lower_quartile = np.quantile(np.array(margins), 0.25, axis=0)
    # Near-ties go to recall: a missed threat costs more than a post held for review. Candidates
    # are ascending, so the first one within the tolerance is the lowest threshold.
    near_best = lower_quartile >= lower_quartile.max() - VIOLENCE_TIE_TOLERANCE
    return float(candidates[int(np.argmax(near_best))])


def _operating_logit(
    label: str,
    y: npt.NDArray[np.int_],
    logits: npt.NDArray[np.float64],
    groups: npt.NDArray[np.str_],
) -> float:
    if label == "violence":
        return _violence_logit(y, logits, groups)
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


@dataclass(frozen=True)
class _TrainingSet:
    """The training rows, and what fitting each label needs to know about every row."""

    rows: list[tuple[Row, str]]
    groups: npt.NDArray[np.str_]
    langs: npt.NDArray[np.str_]
    real: npt.NDArray[np.bool_]
    row_weight: npt.NDArray[np.float64]
    labels: list[dict[str, int | None]]


@dataclass(frozen=True)
class _LabelFit:
    weights: npt.NDArray[np.float64]
    bias: float
    shifts: list[float]
    meta: dict[str, dict[str, float | int]]


def _training_set(data_dir: Path, log: Callable[[str], None], exclude: Callable[[Row], bool] | None) -> _TrainingSet:
    rows = [(row, func) for row, func in load_shared(data_dir) if not row.is_dev and not (exclude and exclude(row))]
    shared_rows = len(rows)
    rows += [(row, "") for row in augmentation_rows()]
    log(
        f"training rows: {len(rows)} ({shared_rows} shared, {len(rows) - shared_rows} "
        "project-authored; development rows excluded)"
    )
    return _TrainingSet(
        rows=rows,
        groups=np.array([f"{row.source}:{row.group}" for row, _ in rows]),
        langs=np.array([row.lang for row, _ in rows]),
        real=np.array([row.source not in PROJECT_WEIGHTS for row, _ in rows]),
        row_weight=np.array([PROJECT_WEIGHTS.get(row.source, 1.0) for row, _ in rows]),
        labels=[training_labels(row, func) for row, func in rows],
    )


def _tfidf_features(texts: list[str]) -> tuple[sparse.csr_matrix, npt.NDArray[np.float32]]:
    """The feature matrix of the training texts, and the IDF learned from them."""
    counts = term_counts(texts)
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    n = counts.shape[0]
    idf = (np.log((1 + n) / (1 + document_frequency)) + 1.0).astype(np.float32)
    return tfidf(counts, idf), idf


def _out_of_fold_logits(
    label: str,
    x: sparse.csr_matrix,
    y: npt.NDArray[np.int_],
    groups: npt.NDArray[np.str_],
    sample_weight: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Each row's logit from a model fitted without that row's group (5 grouped folds)."""
    oof = np.zeros(len(y))
    for fit_idx, held_idx in GroupKFold(n_splits=5).split(x, y, groups):
        model = _model(label).fit(x[fit_idx], y[fit_idx], sample_weight=sample_weight[fit_idx])
        oof[held_idx] = model.decision_function(x[held_idx])
    return oof


def _language_shifts(
    label: str,
    y: npt.NDArray[np.int_],
    oof: npt.NDArray[np.float64],
    groups: npt.NDArray[np.str_],
    chosen: npt.NDArray[np.bool_],
    langs: npt.NDArray[np.str_],
) -> tuple[list[float], dict[str, dict[str, float | int]]]:
    """One operating point per language, chosen on that language's rows (on all chosen rows when
    it has too few positives), and its cross-validated precision and recall."""
    shifts, meta = [], {}
    for lang in LANGUAGES:
        sel = chosen & ((langs == lang) if lang else True)
        if lang and int(y[sel].sum()) < MIN_LANGUAGE_POSITIVES:
            sel = chosen
        shift = _operating_logit(label, y[sel], oof[sel], groups[sel])
        shifts.append(shift)
        meta[lang or "any"] = _at(y[sel], oof[sel] >= shift)
    return shifts, meta


def _fit_label(label: str, x: sparse.csr_matrix, training: _TrainingSet) -> _LabelFit:
    """Fit one label on the rows that state it, with its operating points per language."""
    known = np.array([lab[label] is not None for lab in training.labels])
    y = np.array([lab[label] or 0 for lab in training.labels])[known]
    # The block weight is folded into the learned weights below, so inference needs none.
    block_weight = np.ones(x.shape[1], dtype=np.float32)
    block_weight[LEXICAL_FEATURES:] = CONCEPT_WEIGHT[label]
    xk, gk = (x @ sparse.diags(block_weight)).tocsr()[known], training.groups[known]
    wk = training.row_weight[known]
    oof = _out_of_fold_logits(label, xk, y, gk, wk)
    # Chosen on real rows whose label the dataset states, not on labels filled in by
    # inference and not on the project's own templates.
    explicit = np.array([row.labels[label] is not None for row, _ in training.rows])[known]
    shifts, meta = _language_shifts(
        label, y, oof, gk, chosen=explicit & training.real[known], langs=training.langs[known]
    )
    model = _model(label).fit(xk, y, sample_weight=wk)
    return _LabelFit(weights=model.coef_[0] * block_weight, bias=model.intercept_[0], shifts=shifts, meta=meta)


def train(
    data_dir: Path,
    out_path: Path,
    log: Callable[[str], None] = print,
    exclude: Callable[[Row], bool] | None = None,
) -> dict[str, Any]:
    """Train on the training split, less the rows `exclude` picks (for cross-evaluation)."""
    started = time.monotonic()
    training = _training_set(data_dir, log, exclude)
    x, idf = _tfidf_features([normalise(row.text).text for row, _ in training.rows])
    meta: dict[str, Any] = {
        "labels": {},
        "training_rows": x.shape[0],
        "languages": list(LANGUAGES),
        "feature_version": FEATURE_VERSION,
    }
    fits = []
    for label in LABELS:
        fit = _fit_label(label, x, training)
        meta["labels"][label] = fit.meta
        log(f"{label}: {fit.meta}")
        fits.append(fit)

    classifier = TextClassifier(
        labels=LABELS,
        idf=idf,
        weights=np.vstack([fit.weights for fit in fits]).astype(np.float32),
        bias=np.array([fit.bias for fit in fits], dtype=np.float32),
        shift=np.array([fit.shifts for fit in fits], dtype=np.float32).T,
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
    return LogisticRegression(C=REGULARISATION_C, class_weight="balanced", solver="liblinear", max_iter=200)
