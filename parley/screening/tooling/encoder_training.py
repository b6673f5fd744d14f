"""Fine-tuning the screening encoder on a CPU: `parley moderation train --encoder`.

The lower layers stay as the base model has them: their outputs are computed once per text
(with ONNX Runtime, the same graph that serves) and cached. The top layers learn through
low-rank updates (LoRA) plus their biases and LayerNorms, with a head on the mean of the last
layer; that is affordable on two cores and the result is a small delta (encoder/delta.py).
Thresholds are chosen on the predictions for the held-out fold (encoder_corpus.py), per language.
"""

import hashlib
import math
import os
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
import torch
from torch import nn

from parley.screening.encoder import base_weights, graph, runtime
from parley.screening.encoder.delta import MATRICES, VECTORS, Delta
from parley.screening.encoder.inputs import WINDOW_TOKENS, InputBuilder
from parley.screening.encoder.tokenizer import Tokenizer
from parley.screening.tooling.encoder_corpus import LABELS, Example
from parley.screening.tooling.encoder_thresholds import choose_thresholds

TUNED_LAYERS = 4
LORA_RANK = 16
LORA_ALPHA = 32.0
EPOCHS = 2
# Training reads the first 64 tokens of a text (posts are short; long public comments cost a
# lot of CPU for little); serving reads windows of 128 (inputs.WINDOW_TOKENS).
TRAIN_TOKENS = 64
BATCH = 32
LEARNING_RATE = 5e-4
HEAD_LEARNING_RATE = 2e-3
DROPOUT = 0.1
SEED = 20261203


class _LoraLinear(nn.Module):
    def __init__(self, weight: npt.NDArray[np.float32], bias: npt.NDArray[np.float32], rank: int) -> None:
        super().__init__()
        out_features, in_features = weight.shape
        self.weight: torch.Tensor
        self.register_buffer("weight", torch.from_numpy(weight.copy()))
        self.bias = nn.Parameter(torch.from_numpy(bias.copy()))
        self.lora_a = nn.Parameter(torch.randn(rank, in_features) / math.sqrt(in_features))
        self.lora_b = nn.Parameter(torch.zeros(out_features, rank))
        self.scale = LORA_ALPHA / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        base = nn.functional.linear(x, self.weight, self.bias)
        return base + self.scale * ((x @ self.lora_a.T) @ self.lora_b.T)


class _Layer(nn.Module):
    def __init__(self, weights: dict[str, npt.NDArray[np.float32]], layer: int, heads: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.linears: dict[str, _LoraLinear] = nn.ModuleDict(  # type: ignore[assignment]
            {m: _LoraLinear(weights[f"l{layer}.{m}.w"], weights[f"l{layer}.{m}.b"], LORA_RANK) for m in MATRICES}
        )
        hidden = weights[f"l{layer}.aln.w"].shape[0]
        self.aln = nn.LayerNorm(hidden, eps=eps)
        self.oln = nn.LayerNorm(hidden, eps=eps)
        with torch.no_grad():
            for norm, key in ((self.aln, "aln"), (self.oln, "oln")):
                norm.weight.copy_(torch.from_numpy(weights[f"l{layer}.{key}.w"].copy()))
                norm.bias.copy_(torch.from_numpy(weights[f"l{layer}.{key}.b"].copy()))
        self.dropout = nn.Dropout(DROPOUT)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        batch, tokens, hidden = x.shape
        head_dim = hidden // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, tokens, self.heads, head_dim).transpose(1, 2)

        q, k, v = (split(self.linears[m](x)) for m in ("q", "k", "v"))
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(head_dim) + bias
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, tokens, hidden)
        x = self.aln(x + self.dropout(self.linears["ao"](context)))
        inner = nn.functional.gelu(self.linears["fi"](x))
        return self.oln(x + self.dropout(self.linears["fo"](inner)))


class TopEncoder(nn.Module):
    def __init__(
        self, weights: dict[str, npt.NDArray[np.float32]], layers: Sequence[int], heads: int, eps: float
    ) -> None:
        super().__init__()
        self.layer_ids = list(layers)
        self.layers: list[_Layer] = nn.ModuleList(_Layer(weights, layer, heads, eps) for layer in layers)  # type: ignore[assignment]
        hidden = weights["emb.ln.w"].shape[0]
        self.dropout = nn.Dropout(DROPOUT)
        self.head = nn.Linear(hidden, len(LABELS))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        bias = (mask[:, None, None, :] - 1.0) * 10000.0
        for layer in self.layers:
            x = layer(x, bias)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        logits: torch.Tensor = self.head(self.dropout(pooled))
        return logits

    def delta(self) -> dict[str, npt.NDArray[np.float32]]:
        arrays: dict[str, npt.NDArray[np.float32]] = {}
        for layer_id, layer in zip(self.layer_ids, self.layers, strict=True):
            for m, linear in layer.linears.items():
                arrays[f"l{layer_id}.{m}.lora_a"] = linear.lora_a.detach().numpy().copy()
                arrays[f"l{layer_id}.{m}.lora_b"] = linear.lora_b.detach().numpy().copy()
                arrays[f"l{layer_id}.{m}.b"] = linear.bias.detach().numpy().copy()
            for key, norm in (("aln", layer.aln), ("oln", layer.oln)):
                arrays[f"l{layer_id}.{key}.w"] = norm.weight.detach().numpy().copy()
                arrays[f"l{layer_id}.{key}.b"] = norm.bias.detach().numpy().copy()
        arrays["head.w"] = self.head.weight.detach().numpy().copy()
        arrays["head.b"] = self.head.bias.detach().numpy().copy()
        assert all(f"l{self.layer_ids[0]}.{v}" in arrays for v in VECTORS)
        return arrays


def _session(model: onnx.ModelProto, threads: int) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.log_severity_level = 3
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lower.onnx"
        onnx.save(model, str(path))
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _text_key(text: str) -> bytes:
    return hashlib.sha1(text.encode(), usedforsecurity=False).digest()


class StateCache:
    """Lower-layer states by text, on disk, so a new corpus recomputes only its new texts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.states: dict[bytes, npt.NDArray[np.float16]] = {}
        if path.exists():
            with np.load(path) as archive:
                keys, offsets, states = archive["keys"], archive["offsets"], archive["states"]
            for i, key in enumerate(keys):
                self.states[bytes(key)] = states[offsets[i] : offsets[i + 1]]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.states)
        offsets = np.cumsum([0] + [len(self.states[k]) for k in keys])
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(
            tmp,
            keys=np.array(keys, dtype="S20"),
            offsets=offsets,
            states=np.concatenate([self.states[k] for k in keys]),
        )
        os.replace(tmp, self.path)


def cache_lower_states(
    examples: Sequence[Example],
    builder: InputBuilder,
    session: Callable[[], ort.InferenceSession],
    cache: StateCache,
    log: Callable[[str], None],
) -> list[npt.NDArray[np.float16]]:
    """The first TRAIN_TOKENS tokens of each text through the frozen layers, batched by length."""
    missing = list({_text_key(e.text): e.text for e in examples if _text_key(e.text) not in cache.states}.values())
    if missing:
        log(f"computing the frozen layers' outputs for {len(missing)} new texts")
        runner = session()
        windows = [builder.windows(text)[0] for text in missing]
        windows = [w if len(w) <= TRAIN_TOKENS else [*w[: TRAIN_TOKENS - 1], w[-1]] for w in windows]
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        started = time.monotonic()
        for start in range(0, len(order), 64):
            chunk = order[start : start + 64]
            batch = builder.batch([windows[i] for i in chunk], list(range(len(chunk))))
            hidden = runner.run(["hidden"], {"embeddings": batch.embeddings, "mask": batch.mask})[0]
            for row, index in enumerate(chunk):
                cache.states[_text_key(missing[index])] = hidden[row, : len(windows[index])].astype(np.float16)
            if start % 3200 == 0:
                log(f"  {start + len(chunk)}/{len(order)} texts ({time.monotonic() - started:.0f} s)")
        cache.save()
    return [cache.states[_text_key(e.text)] for e in examples]


def _padded(states: Sequence[npt.NDArray[np.float16]], indices: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
    longest = max(len(states[i]) for i in indices)
    hidden = states[indices[0]].shape[1]
    x = np.zeros((len(indices), longest, hidden), np.float32)
    mask = np.zeros((len(indices), longest), np.float32)
    for row, i in enumerate(indices):
        x[row, : len(states[i])] = states[i]
        mask[row, : len(states[i])] = 1.0
    return torch.from_numpy(x), torch.from_numpy(mask)


def _batches(states: Sequence[npt.NDArray[np.float16]], indices: list[int], rng: random.Random) -> list[list[int]]:
    """Similar lengths together (less padding), batches in random order."""
    shuffled = indices[:]
    rng.shuffle(shuffled)
    pools = [
        sorted(shuffled[i : i + BATCH * 50], key=lambda j: len(states[j])) for i in range(0, len(shuffled), BATCH * 50)
    ]
    batches = [pool[i : i + BATCH] for pool in pools for i in range(0, len(pool), BATCH)]
    rng.shuffle(batches)
    return batches


def _targets(examples: Sequence[Example], indices: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
    y = torch.zeros(len(indices), len(LABELS))
    known = torch.zeros(len(indices), len(LABELS))
    for row, i in enumerate(indices):
        for column, value in enumerate(examples[i].labels):
            if value is not None:
                y[row, column] = float(value)
                known[row, column] = examples[i].weight
    return y, known


def train(
    examples: list[Example],
    log: Callable[[str], None],
    *,
    cache_dir: Path,
    epochs: int = EPOCHS,
    threads: int = 1,
) -> Delta:
    # One thread unless asked: measured here, two threads on two busy cores were 3.5x slower
    # per step than one (the threads wait on each other while other processes run).
    torch.set_num_threads(threads)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    base = base_weights.load()
    shape = base.shape
    builder = InputBuilder(base, Tokenizer(base.vocabulary))
    first_tuned = shape.layers - TUNED_LAYERS
    dense = {name: base.dense(name) for name in base.tensors if name not in ("emb.word", "emb.pos", "emb.type")}
    cache = StateCache(cache_dir / f"lower-{first_tuned}-{TRAIN_TOKENS}-{base.sha256[:12]}.npz")

    def lower_session() -> ort.InferenceSession:
        lower = graph.build_hidden(dense, layers=first_tuned, heads=shape.heads, eps=shape.eps)
        return _session(lower, threads)

    states = cache_lower_states(examples, builder, lower_session, cache, log)
    model = TopEncoder(dense, range(first_tuned, shape.layers), shape.heads, shape.eps)
    train_rows = [i for i, e in enumerate(examples) if not e.held_out]
    held_rows = [i for i, e in enumerate(examples) if e.held_out]
    trainable = [p for p in model.parameters() if p.requires_grad]
    head_params = list(model.head.parameters())
    body_params = [p for p in trainable if all(p is not h for h in head_params)]
    optimiser = torch.optim.AdamW(
        [{"params": body_params, "lr": LEARNING_RATE}, {"params": head_params, "lr": HEAD_LEARNING_RATE}],
        weight_decay=0.01,
    )
    steps = epochs * math.ceil(len(train_rows) / BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[LEARNING_RATE, HEAD_LEARNING_RATE], total_steps=steps, pct_start=0.06
    )
    step = 0
    for epoch in range(epochs):
        model.train()
        started, running = time.monotonic(), 0.0
        for batch in _batches(states, train_rows, rng):
            x, mask = _padded(states, batch)
            y, known = _targets(examples, batch)
            logits = model(x, mask)
            loss = (
                nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="none") * known
            ).sum() / known.sum().clamp(min=1.0)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 100 == 0:
                log(f"  epoch {epoch + 1} step {step}/{steps} loss {running:.4f} ({time.monotonic() - started:.0f} s)")
    held_examples = [examples[i] for i in held_rows]
    meta: dict[str, object] = {
        "labels": list(LABELS),
        "tuned_layers": list(range(first_tuned, shape.layers)),
        "lora_rank": LORA_RANK,
        "lora_scale": LORA_ALPHA / LORA_RANK,
        "window_tokens": WINDOW_TOKENS,
        "train_tokens": TRAIN_TOKENS,
        "base_sha256": base.sha256,
        "data_sha256": _digest(examples),
        "examples": {"train": len(train_rows), "held_out": len(held_rows)},
        "epochs": epochs,
    }
    delta = Delta(model.delta(), meta)
    log(f"choosing operating points on {len(held_rows)} held-out texts, as the int8 model served scores them")
    served = served_probabilities(base, delta, builder, [e.text for e in held_examples], threads)
    thresholds, report = choose_thresholds(held_examples, served)
    return Delta(delta.arrays, {**meta, "thresholds": thresholds, "held_out_report": report})


def served_probabilities(
    base: base_weights.BaseModel, delta: Delta, builder: InputBuilder, texts: list[str], threads: int
) -> npt.NDArray[np.float32]:
    """What the shipped int8 model says (quantisation and windows shift scores a little, so the
    operating points are read off this, not off the float training model)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "encoder.int8.onnx"
        runtime.build(base, delta, path)
        encoder = runtime.Encoder(delta, builder, runtime.open_session(path, threads))
        return encoder.probabilities(texts)


def _digest(examples: Sequence[Example]) -> str:
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.text}\t{e.lang}\t{e.labels}\t{e.weight}\n".encode())
    return digest.hexdigest()
