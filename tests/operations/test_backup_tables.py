"""The dump's value encoding and table order, without a database."""

import io
import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models

from parley.operations.backup.archive import Manifest
from parley.operations.backup.errors import BackupError
from parley.operations.backup.progress import Progress
from parley.operations.backup.tables import backed_up_models, decode, encode


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (models.DateTimeField(), datetime(2026, 12, 3, 14, 5, 6, 789012, tzinfo=UTC)),
        (models.DateField(), date(2026, 2, 28)),
        (models.TimeField(), time(23, 59, 58, 1)),
        (models.DurationField(), timedelta(days=3, seconds=7, microseconds=9)),
        (models.DecimalField(max_digits=10, decimal_places=4), Decimal("12.3400")),
        (models.UUIDField(), uuid.UUID("12345678-1234-5678-1234-567812345678")),
        (models.BinaryField(), b"\x00\xffkey"),
        (models.JSONField(), {"nested": [1, "two", None, {"three": 3.5}]}),
        (models.JSONField(), "2026-12-03"),  # a JSON string stays a string
        (models.BooleanField(), False),
        (models.BigIntegerField(), 2**62),
        (models.TextField(), 'Amélie \u2603 "quoted"\n'),
        (models.IntegerField(null=True), None),
    ],
)
def test_every_value_survives_json(field: models.Field, value: object) -> None:
    through_json = json.loads(json.dumps(encode(field, value)))
    assert decode(field, through_json) == value


def test_tables_come_after_the_tables_they_point_to() -> None:
    order = [model._meta.label for model in backed_up_models(apps)]
    assert order.index("accounts.User") < order.index("posts.Post") < order.index("posts.Media")
    assert order.index("contenttypes.ContentType") < order.index("auth.Permission")
    assert order.index("accounts.User") < order.index("otp_totp.TOTPDevice")
    assert order.index("oauth2_provider.Application") < order.index("oauth2_provider.AccessToken")
    assert "accounts.User_groups" in order  # many-to-many tables are tables too
    assert len(order) == len(set(order))


def test_a_manifest_that_is_not_ours_is_refused() -> None:
    with pytest.raises(BackupError, match="not a Parley backup manifest"):
        Manifest.from_json(b'{"format": "something-else"}')
    with pytest.raises(BackupError, match="cannot be read"):
        Manifest.from_json(b"{not json")
    with pytest.raises(BackupError, match="backup format 99 is not known"):
        Manifest.from_json(b'{"format": "parley-backup", "format_version": 99}')


class FakeTerminal(io.StringIO):
    def __init__(self, *, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_shows_rows_and_bytes_on_a_terminal_only() -> None:
    terminal, cron = FakeTerminal(tty=True), FakeTerminal(tty=False)
    for stream in (terminal, cron):
        progress = Progress(enabled=True, stream=stream)
        progress.update(stage="rows", rows=1500, nbytes=2_500_000)
        progress.done("done")
    assert "rows: 1,500 rows, 2.5 MB" in terminal.getvalue()
    assert terminal.getvalue().endswith("done\x1b[K\n")
    assert cron.getvalue() == ""
    quiet = FakeTerminal(tty=True)
    Progress(enabled=False, stream=quiet).update(stage="rows", rows=1)
    assert quiet.getvalue() == ""
