"""`parley token create --username U --scopes "read write follow"`: a bearer token for scripts."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parley.core.errors import ParleyError
from parley.mastodon_api.actions import create_token
from parley.mastodon_api.scopes import parse


class Command(BaseCommand):
    help = "Create a Mastodon API bearer token for a member (for scripts and bots)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it")
        create.add_argument("--username", required=True)
        create.add_argument("--scopes", default="read", help='space-separated, e.g. "read write follow"')

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            token = create_token(username=options["username"], scopes=parse(options["scopes"]))
        except ParleyError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(token)
