# ruff: noqa: RUF001  (the obfuscations use lookalike letters on purpose)
"""Metrics for `moderation eval` and the baseline harness (pure numpy and scikit-learn).

A label counts only on rows where it is known: an empty cell means "not annotated", not 0.
"""

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import roc_auc_score

from parley.screening.tooling.datasets import LABEL_COLUMNS, Row


@dataclass(frozen=True)
class Metrics:
    n: int
    positives: int
    precision: float
    recall: float
    f1: float
    roc_auc: float | None


@dataclass(frozen=True)
class LanguageReport:
    labels: dict[str, Metrics]
    clean_rows: int  # rows with no positive label
    fp_rate: float  # share of clean rows the system would restrict


def metrics(y: Sequence[int], scores: Sequence[float], flagged: Sequence[bool]) -> Metrics:
    """Precision, recall and F1 of the decisions; ROC-AUC of the scores."""
    y_arr = np.asarray(y, dtype=int)
    s_arr = np.asarray(scores, dtype=float)
    predicted = np.asarray(flagged, dtype=bool)
    tp = int((predicted & (y_arr == 1)).sum())
    fp = int((predicted & (y_arr == 0)).sum())
    fn = int((~predicted & (y_arr == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    auc = float(roc_auc_score(y_arr, s_arr)) if 0 < y_arr.sum() < len(y_arr) else None
    return Metrics(len(y_arr), int(y_arr.sum()), precision, recall, f1, auc)


def evaluate(
    rows: Sequence[Row],
    scores: Sequence[Mapping[str, float]],
    detected: Sequence[Mapping[str, bool]],
    flagged: Sequence[bool],
) -> dict[str, LanguageReport]:
    """Per language (and "all"): metrics per label column, and the false-positive rate.

    `scores[i][label]` is the system's score for a label column and `detected[i][label]`
    whether it acted on it; `flagged[i]` is whether it would restrict row i at all (any
    decision but publish), used for the FP rate on rows with no positive label.
    """
    report: dict[str, LanguageReport] = {}
    languages = [*sorted({r.lang for r in rows if r.lang}), "all"]
    for lang in languages:
        idx = [i for i, r in enumerate(rows) if lang == "all" or r.lang == lang]
        if not idx:
            continue
        section: dict[str, Metrics] = {}
        for label in LABEL_COLUMNS:
            known = [i for i in idx if rows[i].labels[label] is not None]
            if not known:
                continue
            section[label] = metrics(
                [int(rows[i].labels[label] or 0) for i in known],
                [scores[i][label] for i in known],
                [detected[i][label] for i in known],
            )
        clean = [i for i in idx if not any(v == 1 for v in rows[i].labels.values())]
        fp_rate = sum(flagged[i] for i in clean) / len(clean) if clean else 0.0
        report[lang] = LanguageReport(labels=section, clean_rows=len(clean), fp_rate=fp_rate)
    return report


def format_report(report: Mapping[str, LanguageReport], title: str = "") -> str:
    lines = [title] if title else []
    header = ("lang", "label", "n", "pos", "prec", "recall", "F1", "AUC")
    lines.append("{:5} {:10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}".format(*header))
    for lang, section in report.items():
        for label, m in section.labels.items():
            auc = f"{m.roc_auc:.3f}" if m.roc_auc is not None else "  -  "
            lines.append(
                f"{lang:5} {label:10} {m.n:6d} {m.positives:6d} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {auc:>6}"
            )
        lines.append(
            f"{lang:5} {'FP rate':10} {section.clean_rows:6d} rows with no positive label: "
            f"{section.fp_rate:.3%} restricted"
        )
    return "\n".join(lines)


_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})
_CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і"})


def _spaced(word: str) -> str:
    return " ".join(word)


def _dotted(word: str) -> str:
    return ".".join(word.upper())


def _zero_width(word: str) -> str:
    return "\u200b".join(word)


def _stretched(word: str) -> str:
    for i, ch in enumerate(word):
        if ch in "aeiou":
            return word[:i] + ch * 4 + word[i + 1 :]
    return word + word[-1] * 3


OBFUSCATIONS: dict[str, Callable[[str], str]] = {
    "leetspeak": lambda w: w.translate(_LEET),
    "spaced letters": _spaced,
    "dotted capitals": _dotted,
    "zero-width": _zero_width,
    "repeated letters": _stretched,
    "cyrillic lookalikes": lambda w: w.translate(_CYRILLIC),
}


def obfuscate(text: str, how: str, seed: int) -> str:
    """Apply one evasion trick to about half the words of 4+ letters, deterministically."""
    rng = random.Random(f"{seed}:{how}")
    change = OBFUSCATIONS[how]
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    chosen = set(rng.sample(candidates, k=max(1, len(candidates) // 2))) if candidates else set()
    return " ".join(change(w) if i in chosen else w for i, w in enumerate(words))
