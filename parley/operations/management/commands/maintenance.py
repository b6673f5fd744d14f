"""`parley maintenance on|off|read-only|status`: switch the whole instance, every host at once."""

import getpass
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parley.operations.maintenance import CACHE_SECONDS, current_mode, forget_cached_mode, set_mode
from parley.operations.models import Mode

ACTIONS = {"on": Mode.MAINTENANCE, "read-only": Mode.READ_ONLY, "off": Mode.NORMAL}


class Command(BaseCommand):
    help = (
        "Turn maintenance mode on (only /health, /status, static files and the admin for staff answer), "
        "read-only (reads work, writes answer 503), off, or show the current mode."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=[*ACTIONS, "status"])
        parser.add_argument("--message", default="", help="shown in the banner and in every refusal")
        parser.add_argument(
            "--retry-after", type=int, default=300, help="seconds clients are told to wait (Retry-After)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action: str = options["action"]
        if action == "status":
            forget_cached_mode()
            self._show()
            return
        if options["retry_after"] < 0:
            raise CommandError("--retry-after must be 0 or more seconds.")
        if action == "off" and options["message"]:
            raise CommandError("--message is only shown while the mode is on or read-only.")
        set_mode(
            mode=ACTIONS[action],
            message=options["message"].strip(),
            retry_after=options["retry_after"],
            by=f"parley maintenance ({_operator()})",
        )
        self._show()
        self.stdout.write(f"Every worker follows within {CACHE_SECONDS:g} seconds.")

    def _show(self) -> None:
        state = current_mode()
        self.stdout.write(f"mode: {state.mode}")
        if state.restricted:
            self.stdout.write(f"message: {state.message or '(none)'}")
            self.stdout.write(f"retry-after: {state.retry_after} s")


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
