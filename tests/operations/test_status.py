"""The public status page (EN/FR), its JSON, incidents through the command and the admin."""

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from parley.accounts.models import User
from parley.core.errors import NotFound, ValidationFailed
from parley.operations.maintenance import forget_cached_mode, set_mode
from parley.operations.models import Incident, IncidentState, Mode
from parley.operations.status import forget_components, open_incident, resolve_incident, update_incident


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    forget_cached_mode()
    forget_components()
    yield
    forget_cached_mode()
    forget_components()


@pytest.mark.django_db(transaction=True)
def test_status_json_shows_components_and_an_incident_with_its_history() -> None:
    body = Client().get("/status.json").json()
    assert body["status"] == "operational"
    assert body["components"] == {
        "database": "operational",
        "cache": "operational",
        "queue": "operational",
        "screening_model": "operational",
    }
    incident = open_incident(title="Slow timelines", message="Looking into it.")
    update_incident(incident_id=incident.pk, message="Found a slow query.", state=IncidentState.IDENTIFIED)
    body = Client().get("/status.json").json()
    assert body["status"] == "incident"
    [current] = body["incidents"]
    assert current["title"] == "Slow timelines" and current["state"] == "identified"
    assert [u["message"] for u in current["updates"]] == ["Looking into it.", "Found a slow query."]
    resolve_incident(incident_id=incident.pk, message="Fixed.")
    body = Client().get("/status.json").json()
    assert body["status"] == "operational" and body["incidents"] == []
    [done] = body["resolved_incidents"]
    assert done["state"] == "resolved" and done["resolved_at"] and len(done["updates"]) == 3


@pytest.mark.django_db(transaction=True)
def test_status_page_in_french_and_open_in_maintenance() -> None:
    open_incident(title="Panne des images", message="Les images ne s'affichent plus.")
    set_mode(mode=Mode.MAINTENANCE, message="Mise à jour.")
    response = Client().get("/status", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Statut" in page and "Base de données" in page and "opérationnel" in page
    assert "Panne des images" in page and "Les images ne s&#x27;affichent plus." in page
    assert Client().get("/status.json").status_code == 200


@pytest.mark.django_db
def test_incident_actions_refuse_bad_input_and_change_nothing() -> None:
    with pytest.raises(ValidationFailed):
        open_incident(title=" ", message="x")
    with pytest.raises(ValidationFailed):
        open_incident(title="t", message="  ")
    with pytest.raises(ValidationFailed):
        open_incident(title="t", message="m", state=IncidentState.RESOLVED)
    with pytest.raises(NotFound):
        update_incident(incident_id=999, message="m")
    incident = open_incident(title="t", message="m")
    resolve_incident(incident_id=incident.pk, message="done")
    with pytest.raises(ValidationFailed):
        update_incident(incident_id=incident.pk, message="again")
    assert Incident.objects.count() == 1 and incident.updates.count() == 2


@pytest.mark.django_db
def test_status_command_opens_updates_resolves_and_lists() -> None:
    out = StringIO()
    call_command("status", "incident", "open", "--title", "Email delayed", "--message", "Queue backed up.", stdout=out)
    incident = Incident.objects.get()
    assert f"incident {incident.pk}: investigating" in out.getvalue()
    call_command(
        "status", "incident", "update", str(incident.pk), "--message", "Draining.", "--state", "monitoring", stdout=out
    )
    call_command("status", "incident", "resolve", str(incident.pk), stdout=out)
    incident.refresh_from_db()
    assert incident.state == IncidentState.RESOLVED and incident.updates.count() == 3
    with pytest.raises(CommandError, match="resolved"):
        call_command("status", "incident", "update", str(incident.pk), "--message", "x", stdout=StringIO())
    listing = StringIO()
    call_command("status", "incident", "list", stdout=listing)
    assert "Email delayed" in listing.getvalue()


@pytest.mark.django_db
def test_admin_adds_an_update_that_moves_the_incident() -> None:
    incident = open_incident(title="API errors", message="Investigating.")
    staff = User.objects.create_superuser(username="root", email="root@example.org", password="x-long-password-1")
    client = Client()
    client.force_login(staff)
    first = incident.updates.get()
    response = client.post(
        f"/admin/operations/incident/{incident.pk}/change/",
        {
            "title": "API errors",
            "state": "investigating",
            "updates-TOTAL_FORMS": "2",
            "updates-INITIAL_FORMS": "1",
            "updates-0-id": str(first.pk),
            "updates-0-incident": str(incident.pk),
            "updates-0-state": "investigating",
            "updates-0-message": "Investigating.",
            "updates-1-incident": str(incident.pk),
            "updates-1-state": "resolved",
            "updates-1-message": "Fixed by a restart.",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.state == IncidentState.RESOLVED and incident.resolved_at is not None
