"""Whole-pipeline cross-evaluation of screening on the training split of ../shared/data.

The development split is one draw of HateCheck templates and message pairs; a held-out split is
another. This shows how much the figures move from draw to draw: the training split is cut
into 5 parts by group (never the dev rows), and for each part the classifier is trained from
scratch on the other four (operating points by its own inner cross-validation, as
`parley moderation train` does), then the whole pipeline (rules, classifier, context, decide)
screens the held part. About 1-2 minutes per draw on 2 cores.

    .venv/bin/python scripts/screening_cross_eval.py [--draws 5]
"""

import argparse
import hashlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
_tmp = tempfile.mkdtemp(prefix="parley-cross-eval-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/db.sqlite3"
os.environ.setdefault("PARLEY_DATA_DIR", _tmp)
os.environ["PARLEY_WARM_UP"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402

from parley.safety.management.commands.moderation import score_rows  # noqa: E402
from parley.screening.tooling.datasets import Row, load_shared, shared_data_dir  # noqa: E402
from parley.screening.tooling.training import train  # noqa: E402

TARGET_PRECISION, TARGET_RECALL = 0.80, 0.85


def part_of(row: Row, parts: int) -> int:
    digest = hashlib.sha256(f"cross-eval:{row.source}:{row.group}".encode()).hexdigest()
    return int(digest[:8], 16) % parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("moderation", "load-rules", stdout=open(os.devnull, "w"))  # noqa: SIM115
    data_dir = shared_data_dir(ROOT)
    training_rows = [row for row, _ in load_shared(data_dir) if not row.is_dev]
    print("draw  lang  threats  precision  recall  targets met")
    met = {"en": 0, "fr": 0}
    for draw in range(args.draws):
        model = Path(_tmp) / f"model-{draw}.npz"
        train(data_dir, model, log=lambda _line: None, exclude=lambda r, d=draw: part_of(r, args.draws) == d)
        held = [r for r in training_rows if part_of(r, args.draws) == draw]
        with override_settings(PARLEY_SCREENING_MODEL=str(model)):
            report = score_rows(held)
        for lang in ("en", "fr"):
            m = report[lang].labels["violence"]
            ok = m.precision >= TARGET_PRECISION and m.recall >= TARGET_RECALL
            met[lang] += ok
            print(
                f"{draw:>4}  {lang:>4}  {m.positives:>7}  {m.precision:>9.3f}  {m.recall:>6.3f}  {'yes' if ok else 'no'}",
                flush=True,
            )
    for lang, count in met.items():
        print(f"{lang}: violence targets met in {count} of {args.draws} draws")


if __name__ == "__main__":
    main()
