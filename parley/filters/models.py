"""A member's keyword filters: posts matching a keyword are hidden or shown behind a warning."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parley.core.models import SnowflakeField


class FilterContext(models.TextChoices):
    HOME = "home", _("Home timeline")
    NOTIFICATIONS = "notifications", _("Notifications")
    PUBLIC = "public", _("Public timelines")
    THREAD = "thread", _("Conversations")
    ACCOUNT = "account", _("Profiles")


class FilterAction(models.TextChoices):
    WARN = "warn", _("Show behind a warning")
    HIDE = "hide", _("Hide completely")


class KeywordFilter(models.Model):
    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="keyword_filters")
    title = models.CharField(_("title"), max_length=100)
    # A list of FilterContext values: where the filter applies.
    contexts = models.JSONField(_("contexts"), default=list)
    action = models.CharField(_("action"), max_length=10, choices=FilterAction.choices, default=FilterAction.WARN)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "-id"], name="keyword_filter_user")]

    def __str__(self) -> str:
        return f"{self.title} ({self.user_id})"


class FilterKeyword(models.Model):
    id = SnowflakeField()
    filter = models.ForeignKey(KeywordFilter, on_delete=models.CASCADE, related_name="keywords")
    keyword = models.CharField(_("keyword"), max_length=100)
    whole_word = models.BooleanField(_("whole word"), default=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.keyword
