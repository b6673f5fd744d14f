"""Texts to the encoder's inputs: token ids, then summed embedding rows and a padding mask.

Only the embedding rows a batch uses are dequantised, so the 250k-row table stays 4-bit on disk.
A text longer than one window is cut into windows; each window is scored and a text gets
the highest score of its windows (a threat at the end of a long post still counts).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from parley.screening.encoder.base_weights import BaseModel
from parley.screening.encoder.tokenizer import PREFIX, Tokenizer

WINDOW_TOKENS = 128  # content tokens per window; posts are short, long ones are windowed


@dataclass(frozen=True)
class Batch:
    embeddings: npt.NDArray[np.float32]  # [windows, tokens, hidden]
    mask: npt.NDArray[np.float32]  # [windows, tokens]
    owner: npt.NDArray[np.int64]  # [windows]: index of the text each window belongs to


class InputBuilder:
    def __init__(self, base: BaseModel, tokenizer: Tokenizer) -> None:
        shape = base.shape
        self.base = base
        self.tokenizer = tokenizer
        self.position = np.asarray(base.tensors["emb.pos"], dtype=np.float32).reshape(shape.max_positions, shape.hidden)
        self.token_type = np.asarray(base.tensors["emb.type"], dtype=np.float32).reshape(-1, shape.hidden)[0]

    def windows(self, text: str) -> list[list[int]]:
        content = self.tokenizer.content_ids(PREFIX + text)
        chunks = [content[i : i + WINDOW_TOKENS] for i in range(0, max(len(content), 1), WINDOW_TOKENS)]
        return [[self.tokenizer.bos, *chunk, self.tokenizer.eos] for chunk in chunks]

    def batch(self, token_windows: list[list[int]], owner: list[int]) -> Batch:
        longest = max(len(w) for w in token_windows)
        hidden = self.position.shape[1]
        ids = np.full((len(token_windows), longest), self.tokenizer.vocabulary.pad, dtype=np.int64)
        mask = np.zeros((len(token_windows), longest), dtype=np.float32)
        for row, window in enumerate(token_windows):
            ids[row, : len(window)] = window
            mask[row, : len(window)] = 1.0
        unique, inverse = np.unique(ids, return_inverse=True)
        rows = self.base.word_rows(unique)[inverse.reshape(ids.shape)]
        embeddings = rows + self.position[None, :longest] + self.token_type
        return Batch(
            embeddings.astype(np.float32).reshape(len(token_windows), longest, hidden), mask, np.asarray(owner)
        )

    def texts(self, texts: list[str]) -> Batch:
        windows: list[list[int]] = []
        owner: list[int] = []
        for index, text in enumerate(texts):
            for window in self.windows(text):
                windows.append(window)
                owner.append(index)
        return self.batch(windows, owner)
