from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from parley.demo.data import DEMO_PASSWORD, demo_loaded, load_demo


class Command(BaseCommand):
    help = "Load demo members and posts (English and French). Does nothing if already loaded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--posts", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_loaded():
            self.stdout.write("Demo data is already loaded.")
            return
        summary = load_demo(seed=options["seed"], posts=options["posts"])
        self.stdout.write(
            f"Loaded {summary.members} members and {summary.posts} posts. "
            f"Sign in as alice, amelie, moderator or admin with the password {DEMO_PASSWORD!r}."
        )
