"""Run the baselines `hatesonar` and `alt-profanity-check` in the same harness as `moderation eval`.

They are not project dependencies; install them in a separate environment:

    python3.11 -m venv /tmp/baselines-venv
    /tmp/baselines-venv/bin/pip install hatesonar alt-profanity-check
    LOCPATH=/tmp/locale /tmp/baselines-venv/bin/python bench/baselines.py

(hatesonar's ONNX model asks for the en_US.UTF-8 locale; where it is missing, build one with
`localedef -i en_US -f UTF-8 /tmp/locale/en_US.UTF-8` and point LOCPATH at it.)
Same rows (the dev split of ../shared/data and the shipped benign set), same metrics code.
"""

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parley.screening.tooling.datasets import (  # noqa: E402  (after the path tweak)
    BENIGN_SET,
    LABEL_COLUMNS,
    Row,
    load_shared,
    read_labelled_csv,
    shared_data_dir,
)
from parley.screening.tooling.evaluation import evaluate, format_report  # noqa: E402

Scorer = Callable[[Sequence[str]], tuple[list[dict[str, float]], list[dict[str, bool]], list[bool]]]


def hatesonar_scorer() -> Scorer:
    from hatesonar import Sonar

    sonar = Sonar()

    def score(
        texts: Sequence[str],
    ) -> tuple[list[dict[str, float]], list[dict[str, bool]], list[bool]]:
        scores, detected, flagged = [], [], []
        for text in texts:
            result = sonar.ping(text=text)
            conf = {c["class_name"]: c["confidence"] for c in result["classes"]}
            top = result["top_class"]
            # hatesonar has no violence class: its hate score is the closest it offers.
            scores.append({"violence": conf["hate_speech"], "hate": conf["hate_speech"],
                           "offensive": 1.0 - conf["neither"]})  # fmt: skip
            detected.append({"violence": top == "hate_speech", "hate": top == "hate_speech",
                             "offensive": top != "neither"})  # fmt: skip
            flagged.append(top != "neither")
        return scores, detected, flagged

    return score


def profanity_scorer() -> Scorer:
    from profanity_check import predict_prob

    def score(
        texts: Sequence[str],
    ) -> tuple[list[dict[str, float]], list[dict[str, bool]], list[bool]]:
        probs = [float(p) for p in predict_prob(list(texts))]
        scores = [dict.fromkeys(LABEL_COLUMNS, p) for p in probs]
        detected = [dict.fromkeys(LABEL_COLUMNS, p >= 0.5) for p in probs]
        return scores, detected, [p >= 0.5 for p in probs]

    return score


def main() -> None:
    dev = [row for row, _ in load_shared(shared_data_dir(ROOT)) if row.is_dev]
    benign = list(read_labelled_csv(BENIGN_SET, "benign"))
    sets: dict[str, list[Row]] = {"shared dev (all)": dev, "benign": benign}
    for source in sorted({r.source for r in dev}):
        sets[source] = [r for r in dev if r.source == source]
    for name, make in (("hatesonar", hatesonar_scorer), ("alt-profanity-check", profanity_scorer)):
        scorer = make()
        for title, rows in sets.items():
            scores, detected, flagged = scorer([r.text for r in rows])
            report = evaluate(rows, scores, detected, flagged)
            print(format_report(report, title=f"== {name}: {title} ({len(rows)} rows)"))
            print()


if __name__ == "__main__":
    main()
