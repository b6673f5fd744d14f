"""The public status page: each component's state from the readiness checks, and incidents.

Operators open, update and resolve incidents (`parley status incident ...` or the admin); each
step is kept as an `IncidentUpdate`, so the page shows the whole history. The components come
from the same checks as `/health/ready`, run at most once every `COMPONENTS_SECONDS` per process
so a busy public page cannot turn into a load on the database.
"""

import threading
import time

from asgiref.sync import async_to_sync
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from parley.core.audit import record_audit
from parley.core.errors import NotFound, ValidationFailed
from parley.operations.health import report, run_checks
from parley.operations.models import Incident, IncidentState, IncidentUpdate

COMPONENTS_SECONDS = 15.0
RECENT_RESOLVED = 10
COMPONENT_NAMES = {
    "database": gettext_lazy("Database"),
    "cache": gettext_lazy("Cache and rate limits"),
    "queue": gettext_lazy("Background work"),
    "screening_model": gettext_lazy("Content screening"),
}

_lock = threading.Lock()
_components: tuple[float, dict[str, bool]] | None = None


def component_states() -> dict[str, bool]:
    """Whether each component answers, at most COMPONENTS_SECONDS old."""
    global _components
    now = time.monotonic()
    cached = _components
    if cached is not None and cached[0] > now:
        return cached[1]
    checks = report(async_to_sync(run_checks)())["checks"]
    assert isinstance(checks, dict)
    states = {name: bool(result["ok"]) for name, result in checks.items()}
    with _lock:
        _components = (now + COMPONENTS_SECONDS, states)
    return states


def forget_components() -> None:
    global _components
    with _lock:
        _components = None


def _checked_message(message: str) -> str:
    message = message.strip()
    if not message:
        raise ValidationFailed(_("Say what is happening: the message is empty."))
    return message


def open_incident(
    *, title: str, message: str, state: str = IncidentState.INVESTIGATING, actor: object = None
) -> Incident:
    title = title.strip()
    if not title:
        raise ValidationFailed(_("An incident needs a title."))
    if state not in IncidentState.values or state == IncidentState.RESOLVED:
        raise ValidationFailed(_("An incident opens as investigating, identified or monitoring."))
    message = _checked_message(message)
    with transaction.atomic():
        incident = Incident.objects.create(title=title[:200], state=state)
        IncidentUpdate.objects.create(incident=incident, state=state, message=message)
        record_audit(actor=actor, action="operations.open_incident", target=incident, after={"state": state})
    return incident


def update_incident(*, incident_id: int, message: str, state: str | None = None, actor: object = None) -> Incident:
    message = _checked_message(message)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().filter(pk=incident_id).first()
        if incident is None:
            raise NotFound(_("No such incident."))
        if incident.state == IncidentState.RESOLVED:
            raise ValidationFailed(_("This incident is resolved; open a new one."))
        new_state = state or incident.state
        if new_state not in IncidentState.values:
            raise ValidationFailed(_("Unknown incident state."))
        before = {"state": incident.state}
        incident.state = new_state
        fields = ["state"]
        if new_state == IncidentState.RESOLVED:
            incident.resolved_at = timezone.now()
            fields.append("resolved_at")
        incident.save(update_fields=fields)
        IncidentUpdate.objects.create(incident=incident, state=new_state, message=message)
        record_audit(
            actor=actor, action="operations.update_incident", target=incident, before=before, after={"state": new_state}
        )
    return incident


def resolve_incident(*, incident_id: int, message: str, actor: object = None) -> Incident:
    return update_incident(incident_id=incident_id, message=message, state=IncidentState.RESOLVED, actor=actor)


def _incidents() -> tuple[list[Incident], list[Incident]]:
    current = list(Incident.objects.exclude(state=IncidentState.RESOLVED).prefetch_related("updates"))
    resolved = list(Incident.objects.filter(state=IncidentState.RESOLVED).prefetch_related("updates")[:RECENT_RESOLVED])
    return current, resolved


def _incident_json(incident: Incident) -> dict[str, object]:
    return {
        "id": incident.pk,
        "title": incident.title,
        "state": incident.state,
        "started_at": incident.started_at.isoformat(),
        "resolved_at": incident.resolved_at.isoformat() if incident.resolved_at else None,
        "updates": [
            {"state": update.state, "message": update.message, "posted_at": update.posted_at.isoformat()}
            for update in incident.updates.all()
        ],
    }


def _overall(components: dict[str, bool], current: list[Incident]) -> str:
    if not all(components.values()):
        return "degraded"
    return "incident" if current else "operational"


@require_safe
def status_json(request: HttpRequest) -> JsonResponse:
    components = component_states()
    try:
        current, resolved = _incidents()
    except DatabaseError:  # the database is the component that is down: say so, still answer
        current, resolved = [], []
    response = JsonResponse(
        {
            "status": _overall(components, current),
            "components": {name: "operational" if ok else "down" for name, ok in components.items()},
            "incidents": [_incident_json(incident) for incident in current],
            "resolved_incidents": [_incident_json(incident) for incident in resolved],
        }
    )
    response["Cache-Control"] = "public, max-age=15"
    return response


@require_safe
def status_page(request: HttpRequest) -> HttpResponse:
    components = component_states()
    current, resolved = _incidents()
    context = {
        "overall": _overall(components, current),
        "components": [(COMPONENT_NAMES.get(name, name), ok) for name, ok in components.items()],
        "current_incidents": current,
        "resolved_incidents": resolved,
    }
    return render(request, "operations/status.html", context)
