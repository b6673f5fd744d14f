import sys
import time
from typing import TextIO


class Progress:
    """Rows and bytes on one refreshed terminal line; silent when asked or not on a terminal (cron)."""

    def __init__(self, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.enabled = enabled and self.stream.isatty()
        self.rows = 0
        self.bytes = 0
        self.stage = ""
        self._shown_at = 0.0

    def update(self, *, stage: str | None = None, rows: int = 0, nbytes: int = 0) -> None:
        self.stage = stage or self.stage
        self.rows += rows
        self.bytes += nbytes
        now = time.monotonic()
        if self.enabled and now - self._shown_at > 0.2:
            self._shown_at = now
            self.stream.write(f"\r{self.stage}: {self.rows:,} rows, {self.bytes / 1e6:,.1f} MB\x1b[K")
            self.stream.flush()

    def done(self, message: str) -> None:
        if self.enabled:
            self.stream.write(f"\r{message}\x1b[K\n")
            self.stream.flush()
