"""`parley moderation train|prepare|screen|eval|load-rules|purge-evidence`: moderation on the CLI."""

import json
import random
import sys
import time
from argparse import ArgumentParser
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parley.safety.actions.evidence import purge_expired_evidence
from parley.screening.classifier import MODEL_PATH, forget_loaded
from parley.screening.detectors.base import ScreeningContext
from parley.screening.models import Rule
from parley.screening.pipeline import screen_many
from parley.screening.policy import EVAL_LABELS, OFFENSIVE_FLAG_AT, OFFENSIVE_SIGNAL
from parley.screening.shipped_rules import load_shipped_rules
from parley.screening.tooling.datasets import BENIGN_SET, Row, load_shared, read_labelled_csv, shared_data_dir
from parley.screening.tooling.evaluation import (
    OBFUSCATIONS,
    LanguageReport,
    evaluate,
    format_report,
    obfuscate,
)
from parley.screening.verdict import ScreeningVerdict

BATCH = 256


class Command(BaseCommand):
    help = "Screening pipeline: train the classifier, screen JSON lines, evaluate on a CSV."
    # Batch tools for operators and CI: an unrelated app's model warning must not stop them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Rebuild the classifier from ../shared/data.")
        train.add_argument("--data-dir", type=Path, help="default: ../shared/data or PARLEY_SHARED_DATA")
        train.add_argument("--out", type=Path, help="default: the shipped artefact path (a directory with --encoder)")
        train.add_argument(
            "--encoder",
            action="store_true",
            help="fine-tune the multilingual encoder instead (needs the train extra: pip install -e '.[train]')",
        )
        train.add_argument("--epochs", type=int, default=None, help="with --encoder: passes over the data")
        train.add_argument(
            "--threads", type=int, default=1, help="with --encoder: torch threads (1 is fastest on a busy machine)"
        )
        train.add_argument(
            "--limit",
            type=int,
            default=None,
            help="with --encoder: train on a random sample of this many texts (a trial run)",
        )
        sub.add_parser("prepare", help="Build the encoder's int8 model now rather than on the first post.")
        sub.add_parser(
            "screen",
            help='Read {"id","text","lang"?} JSON lines on stdin, write one decision per line.',
        )
        ev = sub.add_parser("eval", help="Precision, recall, F1, ROC-AUC and FP rate on labelled data.")
        source = ev.add_mutually_exclusive_group(required=True)
        source.add_argument("--data", type=Path, help="CSV with text, lang, violence, hate, offensive")
        source.add_argument("--shared-dev", action="store_true", help="the dev split of ../shared/data")
        source.add_argument("--benign", action="store_true", help="the shipped benign set")
        source.add_argument(
            "--obfuscated",
            action="store_true",
            help="recall on dev positives before and after evasion tricks (leetspeak, spacing...)",
        )
        ev.add_argument("--data-dir", type=Path)
        ev.add_argument("--by-source", action="store_true", help="with --shared-dev: one table per dataset")
        sub.add_parser("load-rules", help="Add shipped rules missing from the database.")
        sub.add_parser(
            "purge-evidence",
            help="Delete evidence packages past PARLEY_EVIDENCE_RETENTION_DAYS (DSA 18).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "train":
            self._train(options)
            return
        if action == "prepare":
            self._prepare()
            return
        # Everything else reads the operator's rules and settings from the database.
        _require_migrated_database()
        if action == "screen":
            self._screen(sys.stdin, self.stdout)
        elif action == "eval":
            self._eval(options)
        elif action == "purge-evidence":
            self._purge_evidence()
        else:
            self._load_rules()

    def _purge_evidence(self) -> None:
        removed = purge_expired_evidence()
        self.stdout.write(f"Removed {removed} expired evidence package(s).")

    def _train(self, options: dict[str, Any]) -> None:
        # Imported here, not at the top: training pulls in scikit-learn's fitting code, which the
        # other subcommands (and cron's purge-evidence) should not pay for.
        from parley.screening.tooling.training import train

        data_dir = options["data_dir"] or shared_data_dir(Path(settings.BASE_DIR))
        if not data_dir.is_dir():
            raise CommandError(f"no training data at {data_dir} (set PARLEY_SHARED_DATA)")
        if options["encoder"]:
            self._train_encoder(data_dir, options)
            return
        train(data_dir, options["out"] or MODEL_PATH, log=lambda line: self.stdout.write(line))
        forget_loaded()

    def _train_encoder(self, data_dir: Path, options: dict[str, Any]) -> None:
        try:
            from parley.screening.tooling import encoder_training
        except ImportError as error:
            raise CommandError(f"{error}: install the training extra, pip install -e '.[train]'") from error
        from parley.screening.encoder.delta import DELTA_DIR
        from parley.screening.tooling.encoder_corpus import corpus

        examples = corpus(data_dir)
        if options["limit"]:
            if options["limit"] < 50:
                raise CommandError("--limit must be at least 50 texts")
            examples = random.Random(0).sample(examples, min(options["limit"], len(examples)))
        epochs = options["epochs"] or encoder_training.EPOCHS
        delta = encoder_training.train(
            examples,
            lambda line: self.stdout.write(line),
            epochs=epochs,
            threads=options["threads"],
            cache_dir=Path(settings.PARLEY_SCREENING_CACHE_DIR) / "training",
        )
        out = options["out"] or DELTA_DIR
        delta.save(out)
        self.stdout.write(f"Wrote the encoder delta to {out}; thresholds: {json.dumps(delta.meta['thresholds'])}")

    def _prepare(self) -> None:
        from parley.screening.encoder import runtime

        started = time.monotonic()
        encoder = runtime.prepare()
        self.stdout.write(
            f"Screening encoder ready ({len(encoder.labels)} labels) in {time.monotonic() - started:.1f} s."
        )

    def _screen(self, stdin: TextIO, stdout: Any) -> None:
        for chunk in _chunks(stdin, BATCH):
            parsed = [_parse(line) for line in chunk]
            good = [p for p in parsed if not p.error]
            verdicts = iter(screen_many([p.text for p in good], [ScreeningContext(language=p.lang) for p in good]))
            for item in parsed:
                if item.error:
                    stdout.write(json.dumps({"id": item.id, "error": item.error}))
                    continue
                verdict = next(verdicts)
                answer = {
                    "id": item.id,
                    "decision": verdict.decision,
                    "labels": sorted(verdict.labels),
                    "scores": verdict.scores,
                    "reasons": list(verdict.reasons),
                }
                stdout.write(json.dumps(answer, ensure_ascii=False))

    def _eval(self, options: dict[str, Any]) -> None:
        if options["obfuscated"]:
            data_dir = options["data_dir"] or shared_data_dir(Path(settings.BASE_DIR))
            self._eval_obfuscated([row for row, _ in load_shared(data_dir) if row.is_dev])
            return
        if options["data"]:
            if not options["data"].is_file():
                raise CommandError(f"no such file: {options['data']}")
            sets = {options["data"].name: list(read_labelled_csv(options["data"]))}
        elif options["benign"]:
            sets = {"benign": list(read_labelled_csv(BENIGN_SET, source="benign"))}
        else:
            data_dir = options["data_dir"] or shared_data_dir(Path(settings.BASE_DIR))
            dev = [row for row, _ in load_shared(data_dir) if row.is_dev]
            sets = {"shared dev (all)": dev}
            if options["by_source"]:
                for source in sorted({r.source for r in dev}):
                    sets[source] = [r for r in dev if r.source == source]
        for title, rows in sets.items():
            self.stdout.write(format_report(score_rows(rows), title=f"== {title} ({len(rows)} rows)"))
            self.stdout.write("")

    def _eval_obfuscated(self, dev: list[Row]) -> None:
        labels = ("violence", "hate")
        positives = [r for r in dev if any(r.labels[label] == 1 for label in labels)]

        def recalls(texts: list[str]) -> dict[str, float]:
            verdicts = screen_many(texts, [ScreeningContext(language=r.lang) for r in positives])
            out = {}
            for label in labels:
                idx = [i for i, r in enumerate(positives) if r.labels[label] == 1]
                cats = set(EVAL_LABELS[label])
                hits = sum(1 for i in idx if cats & {str(x["category"]) for x in verdicts[i].reasons})
                out[label] = hits / len(idx) if idx else 0.0
            return out

        base = recalls([r.text for r in positives])
        self.stdout.write(f"{len(positives)} dev positives; recall kept after each evasion trick")
        self.stdout.write(f"{'variant':22} {'violence':>9} {'kept':>6} {'hate':>9} {'kept':>6}")
        self.stdout.write(f"{'original':22} {base['violence']:9.3f} {'':>6} {base['hate']:9.3f} {'':>6}")
        for how in OBFUSCATIONS:
            got = recalls([obfuscate(r.text, how, seed=i) for i, r in enumerate(positives)])
            self.stdout.write(
                f"{how:22} {got['violence']:9.3f} {got['violence'] / base['violence']:6.1%} "
                f"{got['hate']:9.3f} {got['hate'] / base['hate']:6.1%}"
            )

    def _load_rules(self) -> None:
        self.stdout.write(f"{load_shipped_rules(Rule)} rules added")


def _require_migrated_database() -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError("the database is not set up yet: run `parley migrate` first")


def score_rows(rows: Sequence[Row]) -> dict[str, LanguageReport]:
    """Screen labelled rows as posts and compare decisions with their labels."""
    verdicts: list[ScreeningVerdict] = []
    for start in range(0, len(rows), 1024):
        batch = rows[start : start + 1024]
        verdicts += screen_many([r.text for r in batch], [ScreeningContext(language=r.lang) for r in batch])
    scores, detected = [], []
    for verdict in verdicts:
        acted = {str(r["category"]) for r in verdict.reasons}
        scores.append({label: max(verdict.scores[c] for c in cats) for label, cats in EVAL_LABELS.items()})
        hits = {label: bool(acted & set(cats)) for label, cats in EVAL_LABELS.items()}
        hits["offensive"] = bool(acted) or verdict.scores[OFFENSIVE_SIGNAL] >= OFFENSIVE_FLAG_AT
        detected.append(hits)
    return evaluate(rows, scores, detected, [v.decision != "publish" for v in verdicts])


def _chunks(stream: TextIO, size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in stream:
        if line.strip():
            chunk.append(line)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


@dataclass(frozen=True)
class _Line:
    id: Any
    text: str = ""
    lang: str = ""
    error: str = ""


def _parse(line: str) -> _Line:
    try:
        item = json.loads(line)
    except ValueError as exc:
        return _Line(id=None, error=f"invalid JSON: {exc}")
    if not isinstance(item, dict):
        return _Line(id=None, error="each line must be a JSON object")
    text, lang = item.get("text"), item.get("lang")
    if not isinstance(text, str):
        return _Line(id=item.get("id"), error="text must be a string")
    return _Line(id=item.get("id"), text=text, lang=lang if isinstance(lang, str) else "")
