"""A member's lists of followed accounts, each with its own timeline (Mastodon's lists)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parley.core.models import SnowflakeField

MAX_TITLE_LENGTH = 255


class RepliesPolicy(models.TextChoices):
    """Which replies a list's timeline shows (besides replies to oneself and to the owner)."""

    FOLLOWED = "followed", _("Replies to any followed account")
    LIST = "list", _("Replies to members of the list")
    NONE = "none", _("No replies")


class List(models.Model):
    id = SnowflakeField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lists")
    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    replies_policy = models.CharField(
        _("replies shown"), max_length=10, choices=RepliesPolicy.choices, default=RepliesPolicy.LIST
    )
    # Members' posts leave the owner's home timeline: they are read in this list instead.
    exclusive = models.BooleanField(_("exclusive"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["owner", "title"], name="list_owner")]

    def __str__(self) -> str:
        return f"{self.title} ({self.owner_id})"


class ListMember(models.Model):
    """An account in a list. Only followed accounts may be added; unfollowing removes them."""

    id = SnowflakeField()
    list = models.ForeignKey(List, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="list_memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["list", "member"], name="unique_list_member")]
        indexes = [models.Index(fields=["member", "list"], name="list_member_account")]

    def __str__(self) -> str:
        return f"{self.member_id} in list {self.list_id}"
