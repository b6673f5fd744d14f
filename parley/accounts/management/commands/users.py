from datetime import timedelta
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from parley.accounts import actions
from parley.accounts.models import User


class Command(BaseCommand):
    help = "Create, suspend and unsuspend members."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a member")
        create.add_argument("--username", required=True)
        create.add_argument("--email", required=True)
        create.add_argument("--password", required=True)
        create.add_argument("--moderator", action="store_true")
        create.add_argument("--admin", action="store_true")
        suspend = sub.add_parser(
            "suspend", help="suspend a member at once: sign-in refused, sessions revoked, content hidden"
        )
        suspend.add_argument("username")
        suspend.add_argument("--reason", default="Suspended by the operator.")
        suspend.add_argument("--days", type=int, help="suspend for this many days (default: until lifted)")
        unsuspend = sub.add_parser("unsuspend", help="lift a suspension")
        unsuspend.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
            return
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"No member named {options['username']!r}.")
        if action == "suspend":
            until = timezone.now() + timedelta(days=options["days"]) if options.get("days") else None
            actions.suspend_member(user=user, actor=None, reason=options["reason"], until=until)
            self.stdout.write(
                f"Suspended @{user.username}" + (f" until {until:%Y-%m-%d %H:%M} UTC" if until else "") + "."
            )
        else:
            actions.unsuspend_member(user=user, actor=None)
            self.stdout.write(f"Lifted the suspension of @{user.username}.")

    def _create(self, options: dict[str, Any]) -> None:
        username, email, password = options["username"], options["email"], options["password"]
        try:
            User._meta.get_field("username").run_validators(username)
            password_validation.validate_password(password, User(username=username, email=email))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"The username {username!r} is taken.")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account already uses {email!r}.")
        user = actions.create_member(
            username=username,
            email=email,
            password=password,
            moderator=options["moderator"],
            admin=options["admin"],
        )
        role = "admin" if options["admin"] else "moderator" if options["moderator"] else "member"
        self.stdout.write(f"Created {role} @{user.username}.")
