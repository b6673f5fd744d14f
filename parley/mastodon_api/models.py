"""What the Mastodon API stores beside the domain: app registrations, markers, idempotency keys."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import Application


class AppRegistration(models.Model):
    """The Mastodon view of an OAuth application: the scopes it registered and its website."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="registration")
    scopes = models.CharField(max_length=2000, default="read")
    website = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.application.name} ({self.scopes})"


class MarkerTimeline(models.TextChoices):
    HOME = "home", _("Home")
    NOTIFICATIONS = "notifications", _("Notifications")


class Marker(models.Model):
    """Where a member stopped reading a timeline, shared between their apps."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="markers")
    timeline = models.CharField(max_length=20, choices=MarkerTimeline.choices)
    last_read_id = models.BigIntegerField()
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "timeline"], name="unique_marker")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.timeline} at {self.last_read_id}"


class IdempotencyKey(models.Model):
    """A client's Idempotency-Key for a status it created: a retry gets the same status back.

    The row is inserted before the post, in the transaction that writes it, so `post` is empty
    only inside that transaction: a concurrent request with the same key waits on the unique
    constraint, and a crash rolls back both."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
