"""A database made before screening and safety were split out of `moderation` upgrades in place.

Run on a SQLite file of its own, in a subprocess: the schema is taken back to the last migration
before the split, rows are written as the old code wrote them, then `migrate` runs to the end.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
BEFORE_SPLIT = "0006_load_new_shipped_rules"


def _manage(data_dir: Path, *args: str) -> str:
    env = {
        **os.environ,
        "PARLEY_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir}/parley.sqlite3",
        "PARLEY_WARM_UP": "0",
    }
    env.pop("CACHE_URL", None)
    done = subprocess.run(
        [sys.executable, str(MANAGE), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_rows_and_content_types_survive_the_hand_over(tmp_path: Path) -> None:
    _manage(tmp_path, "migrate", "moderation", BEFORE_SPLIT, "--verbosity", "0")
    db = sqlite3.connect(tmp_path / "parley.sqlite3")
    with db:
        db.executemany(
            "INSERT INTO django_content_type (app_label, model) VALUES (?, ?)",
            [("moderation", "rule"), ("moderation", "reviewitem"), ("moderation", "appeal")],
        )
        rule_type = db.execute("SELECT id FROM django_content_type WHERE model = 'rule'").fetchone()[0]
        item_type = db.execute("SELECT id FROM django_content_type WHERE model = 'reviewitem'").fetchone()[0]
        db.execute(
            "INSERT INTO moderation_reviewitem (content_type_id, object_id, source, category, severity, reasons,"
            " status, created_at, due_at, resolution) VALUES (?, '1', 'screening', 'spam', 'low', '[]', 'open',"
            " '2026-01-01 00:00:00', '2026-01-02 00:00:00', '')",
            (rule_type,),
        )
    rules = db.execute("SELECT count(*) FROM moderation_rule").fetchone()[0]
    assert rules > 100  # the shipped rules, loaded by the old data migrations

    _manage(tmp_path, "migrate", "--verbosity", "0")

    assert db.execute("SELECT count(*) FROM moderation_rule").fetchone()[0] == rules
    assert db.execute("SELECT category, object_id FROM moderation_reviewitem").fetchall() == [("spam", "1")]
    types = dict(
        db.execute("SELECT model, app_label FROM django_content_type WHERE id IN (?, ?)", (rule_type, item_type))
    )
    assert types == {"rule": "screening", "reviewitem": "safety"}
    assert db.execute("SELECT count(*) FROM django_content_type WHERE app_label = 'moderation'").fetchone()[0] == 0
    # The ORM reads the old rows through the new apps, and no model change is left unmigrated.
    shown = _manage(
        tmp_path,
        "shell",
        "-c",
        "from parley.safety.models import ReviewItem; item = ReviewItem.objects.get();"
        " print(type(item.content).__name__, item.category)",
    )
    assert shown.split()[-2:] == ["Rule", "spam"]
    _manage(tmp_path, "makemigrations", "--check", "--dry-run")
    db.close()
