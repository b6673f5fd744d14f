"""`parley moderation train --encoder` runs on a CPU and produces a delta that serves.

A trial run (a sample of the real corpus, one epoch) goes through every step the full training
takes: corpus, cached lower layers, LoRA training, thresholds, the delta, the int8 build.
"""

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from parley.screening.encoder import delta as delta_module
from parley.screening.encoder import runtime
from parley.screening.tooling.datasets import shared_data_dir

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _torch_and_data() -> None:
    missing = []
    if importlib.util.find_spec("torch") is None:
        missing.append("torch (pip install -e '.[train]')")
    if not shared_data_dir().is_dir():
        missing.append(f"the shared data at {shared_data_dir()}")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true needs {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)}")


def test_a_trial_training_writes_a_delta_that_builds_and_scores(tmp_path: Path, settings) -> None:
    settings.PARLEY_SCREENING_CACHE_DIR = str(tmp_path / "cache")
    out = tmp_path / "delta"
    call_command("moderation", "train", "--encoder", "--epochs", "1", "--limit", "400", "--out", str(out))
    trained = delta_module.load(out)
    assert trained.labels == ("violence", "hate", "offensive", "doxxing")
    assert trained.tuned_layers == (8, 9, 10, 11)
    assert trained.arrays["l11.q.lora_a"].shape == (16, 384)
    assert trained.arrays["head.w"].shape == (4, 384)
    assert trained.meta["examples"]["train"] + trained.meta["examples"]["held_out"] == 400
    encoder = runtime.prepare(out)
    scores = encoder.probabilities(["a first post", "un deuxième message, plus long que le premier"])
    assert scores.shape == (2, 4)
    assert np.all((scores >= 0) & (scores <= 1))


def test_a_limit_below_a_usable_sample_is_refused() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 50"):
        call_command("moderation", "train", "--encoder", "--limit", "5")
