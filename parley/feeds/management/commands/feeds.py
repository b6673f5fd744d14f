"""`parley feeds rebuild [--member NAME]`: home feeds rebuilt from the database (a lost Redis loses nothing)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parley.accounts.models import User
from parley.feeds.actions import rebuild_all_feeds, rebuild_feed


class Command(BaseCommand):
    help = "Rebuild members' home feeds from the database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rebuild = actions.add_parser("rebuild", help="rebuild every kept feed, or one member's")
        rebuild.add_argument("--member", metavar="NAME", help="only this member's feed")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options.get("member")
        if name:
            member = User.objects.filter(username__iexact=name).first()
            if member is None:
                raise CommandError(f"No member named {name}.")
            rebuild_feed(member=member)
            self.stdout.write(f"Rebuilt the home feed of @{member.username}.")
            return
        count = rebuild_all_feeds()
        self.stdout.write(f"Rebuilt {count} home feeds.")
