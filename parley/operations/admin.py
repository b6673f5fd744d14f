from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from parley.operations.maintenance import set_mode
from parley.operations.models import Incident, IncidentState, IncidentUpdate, SiteMode


@admin.register(SiteMode)
class SiteModeAdmin(admin.ModelAdmin[SiteMode]):
    """The switch `parley maintenance` also turns; saving here goes through the same action."""

    list_display = ("mode", "message", "retry_after", "changed_at", "changed_by")
    fields = ("mode", "message", "retry_after", "changed_at", "changed_by")
    readonly_fields = ("changed_at", "changed_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteMode.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: SiteMode | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: SiteMode, form: object, change: bool) -> None:
        saved = set_mode(
            mode=obj.mode,
            message=obj.message,
            retry_after=obj.retry_after,
            by=f"admin ({request.user.get_username()})",
            actor=request.user,
        )
        obj.pk = saved.pk


class IncidentUpdateInline(admin.TabularInline[IncidentUpdate, Incident]):
    model = IncidentUpdate
    extra = 1
    fields = ("state", "message", "posted_at")
    readonly_fields = ("posted_at",)


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin[Incident]):
    """Incidents of the public status page; each saved update is one step of its history."""

    list_display = ("title", "state", "started_at", "resolved_at")
    list_filter = ("state",)
    readonly_fields = ("started_at", "resolved_at")
    inlines = [IncidentUpdateInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        incident = form.instance
        latest = incident.updates.order_by("-posted_at", "-id").first()
        if latest is not None and latest.state != incident.state:
            # The newest update says where the incident stands.
            incident.state = latest.state
            incident.resolved_at = timezone.now() if latest.state == IncidentState.RESOLVED else None
            incident.save(update_fields=["state", "resolved_at"])
