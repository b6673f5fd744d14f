from django.contrib import admin
from django.http import HttpRequest

from parley.operations.maintenance import set_mode
from parley.operations.models import SiteMode


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
