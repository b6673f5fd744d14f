"""`parley status`: the components as the status page shows them, and its incidents."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parley.core.errors import ParleyError
from parley.operations.models import Incident, IncidentState
from parley.operations.status import component_states, open_incident, resolve_incident, update_incident

OPEN_STATES = [state for state in IncidentState.values if state != IncidentState.RESOLVED]


class Command(BaseCommand):
    help = "Show the components and incidents of the public status page, or open, update and resolve an incident."

    def add_arguments(self, parser: ArgumentParser) -> None:
        subjects = parser.add_subparsers(dest="subject")
        incident = subjects.add_parser("incident", help="open, update, resolve or list incidents")
        actions = incident.add_subparsers(dest="action", required=True)
        opening = actions.add_parser("open")
        opening.add_argument("--title", required=True)
        opening.add_argument("--message", required=True)
        opening.add_argument("--state", choices=OPEN_STATES, default=IncidentState.INVESTIGATING)
        updating = actions.add_parser("update")
        updating.add_argument("id", type=int)
        updating.add_argument("--message", required=True)
        updating.add_argument("--state", choices=IncidentState.values)
        resolving = actions.add_parser("resolve")
        resolving.add_argument("id", type=int)
        resolving.add_argument("--message", default="Resolved.")
        actions.add_parser("list")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("subject") != "incident":
            for name, ok in component_states().items():
                self.stdout.write(f"{name}: {'operational' if ok else 'down'}")
            self._list()
            return
        action = options["action"]
        try:
            if action == "open":
                incident = open_incident(title=options["title"], message=options["message"], state=options["state"])
            elif action == "update":
                incident = update_incident(
                    incident_id=options["id"], message=options["message"], state=options["state"]
                )
            elif action == "resolve":
                incident = resolve_incident(incident_id=options["id"], message=options["message"])
            else:
                self._list()
                return
        except ParleyError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"incident {incident.pk}: {incident.state} · {incident.title}")

    def _list(self) -> None:
        for incident in Incident.objects.all()[:20]:
            self.stdout.write(f"incident {incident.pk}: {incident.state} · {incident.title}")
