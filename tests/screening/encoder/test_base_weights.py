import numpy as np

from parley.screening.encoder import base_weights


def test_the_packaged_base_model_is_multilingual_e5_small() -> None:
    model = base_weights.load()
    assert (model.shape.hidden, model.shape.layers, model.shape.heads, model.shape.ffn) == (384, 12, 12, 1536)
    assert model.vocabulary.pieces[model.vocabulary.bos] == "<s>"
    assert model.dense("l0.fo.w").shape == (384, 1536)
    assert model.dense("l0.fi.w").shape == (1536, 384)


def test_quantising_a_dequantised_matrix_gives_it_back() -> None:
    model = base_weights.load()
    blocks = model.tensors["l3.q.w"][:16]
    dense = base_weights.dequantise_rows(blocks)
    again = base_weights.dequantise_rows(base_weights.quantise_rows(dense))
    np.testing.assert_allclose(again, dense, rtol=0, atol=1e-3)


def test_word_rows_are_the_rows_asked_for() -> None:
    model = base_weights.load()
    ids = np.array([5, 0, 5])
    rows = model.word_rows(ids)
    assert rows.shape == (3, 384)
    np.testing.assert_array_equal(rows[0], rows[2])
