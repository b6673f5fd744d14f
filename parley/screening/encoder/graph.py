"""The encoder as an ONNX graph, built from numpy weights (no torch at run time).

Inputs: `embeddings` [batch, tokens, hidden] (word + position + type rows, summed by the
caller, which reads only the rows it needs) and `mask` [batch, tokens] (1 for a token, 0 for
padding). Output: `probabilities` [batch, labels], sigmoid of a linear head on the masked mean
of the last layer. The same arithmetic as the torch module that trained it
(tooling/encoder_training.py): post-LayerNorm BERT, exact GELU.
"""

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
SUBLAYERS = ("q", "k", "v", "ao", "fi", "fo")


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def constant(self, hint: str, value: npt.NDArray[np.generic]) -> str:
        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str = "", **attributes: Any) -> str:
        output = self.name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [output], **attributes))
        return output

    def linear(self, x: str, weight: npt.NDArray[np.float32], bias: npt.NDArray[np.float32], hint: str) -> str:
        # torch Linear weights are [out, in]; MatMul wants [in, out].
        product = self.op("MatMul", [x, self.constant(f"{hint}.w", weight.T.astype(np.float32))])
        return self.op("Add", [product, self.constant(f"{hint}.b", bias.astype(np.float32))], hint)

    def layer_norm(
        self, x: str, weight: npt.NDArray[np.float32], bias: npt.NDArray[np.float32], eps: float, hint: str
    ) -> str:
        return self.op(
            "LayerNormalization",
            [x, self.constant(f"{hint}.w", weight), self.constant(f"{hint}.b", bias)],
            hint,
            axis=-1,
            epsilon=eps,
        )


def _encoder(b: _Builder, weights: Mapping[str, npt.NDArray[np.float32]], layers: int, heads: int, eps: float) -> str:
    hidden = weights["emb.ln.w"].shape[0]
    head_dim = hidden // heads
    x = b.layer_norm("embeddings", weights["emb.ln.w"], weights["emb.ln.b"], eps, "emb_ln")
    # Padding gets -10000 before the softmax: mask [B, T] -> [B, 1, 1, T].
    mask4 = b.op("Unsqueeze", ["mask", b.constant("axes", np.array([1, 2], dtype=np.int64))])
    bias = b.op(
        "Mul",
        [
            b.op("Sub", [mask4, b.constant("one", np.array(1.0, np.float32))]),
            b.constant("big", np.array(10000.0, np.float32)),
        ],
    )
    split_shape = b.constant("split_shape", np.array([0, 0, heads, head_dim], dtype=np.int64))
    merge_shape = b.constant("merge_shape", np.array([0, 0, hidden], dtype=np.int64))
    scale = b.constant("scale", np.array(1.0 / np.sqrt(head_dim), np.float32))
    for layer in range(layers):
        w = {s: (weights[f"l{layer}.{s}.w"], weights[f"l{layer}.{s}.b"]) for s in SUBLAYERS}
        q, k, v = (b.op("Reshape", [b.linear(x, *w[s], f"l{layer}.{s}"), split_shape]) for s in ("q", "k", "v"))
        q = b.op("Transpose", [q], perm=[0, 2, 1, 3])
        k = b.op("Transpose", [k], perm=[0, 2, 3, 1])
        v = b.op("Transpose", [v], perm=[0, 2, 1, 3])
        scores = b.op("Add", [b.op("Mul", [b.op("MatMul", [q, k]), scale]), bias])
        context = b.op("MatMul", [b.op("Softmax", [scores], axis=-1), v])
        context = b.op("Reshape", [b.op("Transpose", [context], perm=[0, 2, 1, 3]), merge_shape])
        attention = b.linear(context, *w["ao"], f"l{layer}.ao")
        x = b.layer_norm(
            b.op("Add", [x, attention]), weights[f"l{layer}.aln.w"], weights[f"l{layer}.aln.b"], eps, f"l{layer}.aln"
        )
        inner = b.linear(x, *w["fi"], f"l{layer}.fi")
        erf = b.op("Erf", [b.op("Mul", [inner, b.constant("inv_sqrt2", np.array(1 / np.sqrt(2), np.float32))])])
        gelu = b.op(
            "Mul",
            [
                b.op("Mul", [inner, b.op("Add", [erf, b.constant("one_", np.array(1.0, np.float32))])]),
                b.constant("half", np.array(0.5, np.float32)),
            ],
        )
        out = b.linear(gelu, *w["fo"], f"l{layer}.fo")
        x = b.layer_norm(
            b.op("Add", [x, out]), weights[f"l{layer}.oln.w"], weights[f"l{layer}.oln.b"], eps, f"l{layer}.oln"
        )
    return x


def _inputs(hidden: int) -> list[onnx.ValueInfoProto]:
    return [
        helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", "tokens", hidden]),
        helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"]),
    ]


def _model(graph: onnx.GraphProto) -> onnx.ModelProto:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="parley")
    model.ir_version = 8
    return model


def build(weights: Mapping[str, npt.NDArray[np.float32]], *, layers: int, heads: int, eps: float) -> onnx.ModelProto:
    """`weights` uses the base file's names (emb.ln.w, l0.q.w, ...) plus head.w / head.b."""
    b = _Builder()
    hidden = weights["emb.ln.w"].shape[0]
    x = _encoder(b, weights, layers, heads, eps)
    mask3 = b.op("Unsqueeze", ["mask", b.constant("axis2", np.array([2], dtype=np.int64))])
    summed = b.op(
        "ReduceSum", [b.op("Mul", [x, mask3]), b.constant("axis1", np.array([1], dtype=np.int64))], keepdims=0
    )
    count = b.op("ReduceSum", [mask3, b.constant("axis1_", np.array([1], dtype=np.int64))], keepdims=0)
    pooled = b.op("Div", [summed, count])
    logits = b.linear(pooled, weights["head.w"], weights["head.b"], "head")
    b.nodes.append(helper.make_node("Sigmoid", [logits], ["probabilities"]))
    labels = weights["head.w"].shape[0]
    output = helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", labels])
    return _model(helper.make_graph(b.nodes, "parley-screening-encoder", _inputs(hidden), [output], b.initializers))


def build_hidden(
    weights: Mapping[str, npt.NDArray[np.float32]], *, layers: int, heads: int, eps: float
) -> onnx.ModelProto:
    """The first `layers` layers only, returning every token's state: training caches these."""
    b = _Builder()
    hidden = weights["emb.ln.w"].shape[0]
    x = _encoder(b, weights, layers, heads, eps)
    b.nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    output = helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", hidden])
    return _model(
        helper.make_graph(b.nodes, "parley-screening-encoder-lower", _inputs(hidden), [output], b.initializers)
    )
