from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parley.core.models import SnowflakeField


class Mode(models.TextChoices):
    NORMAL = "normal", _("Normal")
    READ_ONLY = "read_only", _("Read-only")
    MAINTENANCE = "maintenance", _("Maintenance")


class SiteMode(models.Model):
    """The one row every worker on every host reads (through a short per-process cache) to know
    whether writes, or everything but health and status, are refused for now."""

    SINGLETON = 1

    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.NORMAL)
    message = models.TextField(_("message"), blank=True, help_text=_("Shown in the banner and the refusal."))
    retry_after = models.PositiveIntegerField(
        _("retry after (seconds)"), default=300, help_text=_("Sent to clients in the Retry-After header.")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.CharField(_("changed by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("site mode")
        verbose_name_plural = _("site mode")

    def __str__(self) -> str:
        return str(self.get_mode_display())


class ExportState(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class Export(models.Model):
    """A member's request for an archive of their data, kept so a failure is seen and retried.

    The archive lives under PARLEY_EXPORTS_DIR (never under MEDIA_ROOT, which the media view
    serves) and is deleted when the export expires.
    """

    id = SnowflakeField()
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports")
    state = models.CharField(max_length=10, choices=ExportState.choices, default=ExportState.PENDING)
    # The archive's name inside PARLEY_EXPORTS_DIR; empty until it is built and once it expires.
    file = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["member", "-id"], name="export_member")]

    def __str__(self) -> str:
        return f"export {self.pk} of {self.member_id} ({self.state})"


class IncidentState(models.TextChoices):
    INVESTIGATING = "investigating", _("Investigating")
    IDENTIFIED = "identified", _("Identified")
    MONITORING = "monitoring", _("Monitoring")
    RESOLVED = "resolved", _("Resolved")


class Incident(models.Model):
    """An outage or disruption the operators tell members about on the public status page."""

    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"), max_length=16, choices=IncidentState.choices, default=IncidentState.INVESTIGATING
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.title


class IncidentUpdate(models.Model):
    """One step of an incident's history, newest last: what was known and in which state."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    state = models.CharField(_("state"), max_length=16, choices=IncidentState.choices)
    message = models.TextField(_("message"))
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        ordering = ["posted_at", "id"]
        verbose_name = _("incident update")
        verbose_name_plural = _("incident updates")

    def __str__(self) -> str:
        return f"{self.incident_id} {self.state}"
