import csv
import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from parley.screening.classifier import TextClassifier, get_classifier
from parley.screening.policy import SCORE_KEYS
from parley.screening.tooling.datasets import shared_data_dir

pytestmark = pytest.mark.django_db


def screen_lines(monkeypatch: pytest.MonkeyPatch, items: list[dict[str, object]]) -> list[dict[str, object]]:
    monkeypatch.setattr("sys.stdin", StringIO("".join(json.dumps(i) + "\n" for i in items)))
    out = StringIO()
    call_command("moderation", "screen", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_screen_writes_one_decision_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = screen_lines(
        monkeypatch,
        [
            {"id": "a", "text": "I'm going to kill you, watch out", "lang": "en"},
            {"id": "b", "text": "La réunion du conseil municipal aura lieu jeudi.", "lang": "fr"},
            {"id": 3, "text": "Je vais te t.u.e.r"},
        ],
    )
    assert [a["id"] for a in answers] == ["a", "b", 3]
    assert [a["decision"] for a in answers] == ["hold", "publish", "hold"]
    for answer in answers:
        assert set(answer["scores"]) >= set(SCORE_KEYS)  # type: ignore[arg-type]
    reason = answers[0]["reasons"][0]  # type: ignore[index]
    assert reason["category"] == "violent_threat" and reason["automated"] is True


def test_screen_is_batch_efficient(monkeypatch: pytest.MonkeyPatch) -> None:
    items: list[dict[str, object]] = [{"id": i, "text": f"post number {i} about the weather"} for i in range(2000)]
    answers = screen_lines(monkeypatch, items)
    assert len(answers) == 2000 and answers[-1]["id"] == 1999


def test_eval_prints_metrics_per_language_and_category(tmp_path: Path) -> None:
    data = tmp_path / "labelled.csv"
    with data.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "lang", "violence", "hate", "offensive"])
        writer.writerow(["I will kill you tonight", "en", 1, "", 1])
        writer.writerow(["Nice weather for a picnic", "en", 0, 0, 0])
        writer.writerow(["Je vais te tuer ce soir", "fr", 1, "", 1])
        writer.writerow(["Il fait beau pour un pique-nique", "fr", 0, 0, 0])
    out = StringIO()
    call_command("moderation", "eval", "--data", str(data), stdout=out)
    report = out.getvalue()
    for needle in ("en    violence", "fr    violence", "all   hate", "FP rate", "AUC"):
        assert needle in report


def test_eval_of_a_missing_file_is_a_clear_error() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such file"):
        call_command("moderation", "eval", "--data", "/nonexistent.csv")


def test_benign_set_false_positives_do_not_regress() -> None:
    # The target is 2 %. With the encoder, 9 of 360 are held (2.5 %; the linear classifier alone
    # held 5): a guard against growth, the target is not met (docs/moderation-eval.md).
    out = StringIO()
    call_command("moderation", "eval", "--benign", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if x.startswith("all   FP rate"))
    assert float(line.rsplit(":", 1)[1].strip().split("%")[0]) <= 3.0


def test_shipped_model_loads_without_the_training_data() -> None:
    model = get_classifier()
    assert model.labels == ("violence", "hate", "offensive")
    assert model.predict(["bonjour"]).shape == (1, 3)


def _write_tiny_dataset(root: Path) -> None:
    folder = root / "tiny_en"
    folder.mkdir(parents=True)
    rows = [(f"I will kill you number {i}", 1, 0, 1) for i in range(30)]
    rows += [(f"I will bake a cake number {i}", 0, 0, 0) for i in range(30)]
    rows += [(f"all of those people are vermin {i}", 0, 1, 1) for i in range(30)]
    with (folder / "train.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "violence", "hate", "offensive", "lang"])
        writer.writerows([(t, v, h, o, "en") for t, v, h, o in rows])


@pytest.mark.slow
def test_train_is_reproducible(tmp_path: Path) -> None:
    _write_tiny_dataset(tmp_path / "data")
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    for out in (first, second):
        call_command(
            "moderation",
            "train",
            "--data-dir",
            str(tmp_path / "data"),
            "--out",
            str(out),
            stdout=StringIO(),
        )
    assert first.read_bytes() == second.read_bytes()
    model = TextClassifier.load(first)
    threat, cake = model.predict(["i will kill you number 99", "i will bake a cake number 99"])
    assert threat[0] > cake[0]


@pytest.mark.slow
@pytest.mark.skipif(
    not (shared_data_dir() / "README.md").exists() and not os.environ.get("PARLEY_SHARED_DATA"),
    reason="needs ../shared/data",
)
def test_shared_dev_split_meets_the_violence_targets() -> None:
    """Needs ../shared/data: the dev split, not used for training or tuning."""
    out = StringIO()
    call_command("moderation", "eval", "--shared-dev", stdout=out)
    for lang in ("en", "fr"):
        line = next(x for x in out.getvalue().splitlines() if x.startswith(f"{lang}    violence"))
        precision, recall = (float(v) for v in line.split()[4:6])
        # Targets: recall 0.85 at precision 0.80. With the encoder English meets them (R 0.882 /
        # P 0.840); French does not (R 0.595 / P 0.770, against R 0.924 for the linear classifier
        # alone: the encoder reads intent in outside writers' threats far better but misses
        # normative HateCheck templates; docs/moderation-eval.md). These floors guard regressions.
        floor = {"en": (0.80, 0.75), "fr": (0.55, 0.70)}[lang]
        assert recall >= floor[0] and precision >= floor[1], line


def test_screen_before_migrate_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management.base import CommandError
    from django.db.migrations.executor import MigrationExecutor

    # As on a fresh install where `parley migrate` has not run: migrations are pending.
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    with pytest.raises(CommandError, match="run `parley migrate` first"):
        call_command("moderation", "eval", "--benign")


@pytest.mark.slow
def test_an_operator_trained_model_replaces_the_shipped_one(tmp_path: Path, settings) -> None:
    from parley.screening.detectors.base import ScreeningContext
    from parley.screening.pipeline import screen_text

    _write_tiny_dataset(tmp_path / "data")
    out = tmp_path / "mine.npz"
    call_command("moderation", "train", "--data-dir", str(tmp_path / "data"), "--out", str(out), stdout=StringIO())
    # The linear classifier alone: where the encoder runs, its hate score replaces the classifier's.
    settings.PARLEY_SCREENING_DETECTORS = [
        d for d in settings.PARLEY_SCREENING_DETECTORS if not d.endswith("encoder.EncoderDetector")
    ]
    text = "all of those people are vermin 99"
    shipped = screen_text(text, ScreeningContext(language="en")).scores["hate"]
    settings.PARLEY_SCREENING_MODEL = str(out)
    mine = screen_text(text, ScreeningContext(language="en")).scores["hate"]
    expected = TextClassifier.load(out).predict([text.lower()], ["en"])[0][1]
    assert mine == pytest.approx(float(expected), abs=1e-3) and mine != pytest.approx(shipped, abs=1e-3)


def test_a_model_from_another_feature_layout_is_refused_clearly(tmp_path: Path) -> None:
    import numpy as np

    model = get_classifier()
    stale = tmp_path / "stale.npz"
    np.savez(
        stale,
        idf=model.idf[:100],
        weights=model.weights[:, :100],
        bias=model.bias,
        shift=model.shift,
        labels=np.array(model.labels),
        languages=np.array(model.languages),
        meta=np.array("{}"),
    )
    with pytest.raises(ValueError, match="retrain it with `parley moderation train`"):
        TextClassifier.load(stale)


def test_a_model_trained_for_other_features_of_the_same_size_is_refused(tmp_path: Path) -> None:
    """An artefact from before the concept pairs has the same shape but means other things."""
    import numpy as np

    model = get_classifier()
    old = tmp_path / "old.npz"
    meta = {**model.meta, "feature_version": 1}
    np.savez(
        old,
        idf=model.idf,
        weights=model.weights,
        bias=model.bias,
        shift=model.shift,
        labels=np.array(model.labels),
        languages=np.array(model.languages),
        meta=np.array(json.dumps(meta)),
    )
    with pytest.raises(ValueError, match="another feature layout"):
        TextClassifier.load(old)


def test_the_system_check_refuses_a_screening_model_that_cannot_load(tmp_path: Path, settings) -> None:
    from django.core.management.base import SystemCheckError

    from parley.screening.checks import screening_model_loads

    assert screening_model_loads() == []
    settings.PARLEY_SCREENING_MODEL = str(tmp_path / "missing.npz")
    (error,) = screening_model_loads()
    assert error.id == "moderation.E001" and "missing.npz" in error.msg
    # `parley serve` runs the checks first, so the server does not start without screening.
    with pytest.raises(SystemCheckError, match="screening model cannot be loaded"):
        call_command("check")


def test_serve_stops_with_a_clear_message_when_the_screening_model_cannot_load(tmp_path: Path, settings) -> None:
    from parley.cli import serve

    settings.PARLEY_SCREENING_MODEL = str(tmp_path / "missing.npz")
    with pytest.raises(SystemExit) as stopped:
        serve(["--port", "0"])
    assert "moderation.E001" in str(stopped.value.code) and "missing.npz" in str(stopped.value.code)


def test_load_rules_adds_missing_shipped_rules_and_keeps_the_operators_edits() -> None:
    from parley.screening.models import Rule
    from parley.screening.shipped_rules import shipped_rules

    def load_rules() -> str:
        out = StringIO()
        call_command("moderation", "load-rules", stdout=out)
        return out.getvalue().strip()

    # The data migration has loaded them all already.
    assert load_rules() == "0 rules added"
    assert Rule.objects.count() >= len(shipped_rules())
    first, second = shipped_rules()[:2]
    Rule.objects.get(pattern=first["pattern"], language=first["language"]).delete()
    edited = Rule.objects.get(pattern=second["pattern"], language=second["language"])
    edited.action = "label"
    edited.save()
    assert load_rules() == "1 rules added"
    assert Rule.objects.filter(pattern=first["pattern"], language=first["language"]).exists()
    assert Rule.objects.get(pk=edited.pk).action == "label"
