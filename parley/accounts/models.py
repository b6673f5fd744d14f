from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.core.models import SnowflakeField

username_validator = RegexValidator(
    r"^[A-Za-z0-9_]{1,30}$",
    _("Use 1 to 30 letters, digits or underscores."),
)


class MemberManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A member. Profile fields live here: one row per person, no join on every page."""

    id = SnowflakeField()
    username = models.CharField(
        _("username"),
        max_length=30,
        unique=True,
        validators=[username_validator],
        help_text=_("1 to 30 letters, digits or underscores."),
    )
    email = models.EmailField(_("email address"))
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    bio = models.TextField(_("bio"), max_length=500, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    header = models.ImageField(_("header image"), upload_to="headers/", blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    locked = models.BooleanField(
        _("locked account"),
        default=False,
        help_text=_("Approve each follow request yourself."),
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    is_moderator = models.BooleanField(_("moderator"), default=False)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    terms_accepted_version = models.PositiveIntegerField(default=0)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.TextField(blank=True)
    followers_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)
    posts_count = models.PositiveIntegerField(default=0)

    objects: ClassVar[MemberManager] = MemberManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="unique_username_ci"),
            models.UniqueConstraint(Lower("email"), name="unique_email_ci"),
        ]

    def __str__(self) -> str:
        return f"@{self.username}"

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def is_suspended(self) -> bool:
        # The rule of accounts.queries.not_suspended_q, negated, for a member already loaded.
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > timezone.now()


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["follower", "followee"], name="unique_follow")]
        indexes = [models.Index(fields=["followee", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.follower} follows {self.followee}"


class FollowRequest(models.Model):
    """A pending follow of a locked account."""

    id = SnowflakeField()
    requester = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sent_follow_requests")
    target = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follow_requests")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["requester", "target"], name="unique_follow_request")]

    def __str__(self) -> str:
        return f"{self.requester} asks to follow {self.target}"


class Block(models.Model):
    id = SnowflakeField()
    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="unique_block")]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"


class Mute(models.Model):
    id = SnowflakeField()
    muter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mutes_made")
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="muted_by")
    hide_notifications = models.BooleanField(default=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["muter", "muted"], name="unique_mute")]

    def __str__(self) -> str:
        return f"{self.muter} mutes {self.muted}"


# Mastodon's limit on a private note about another account.
ACCOUNT_NOTE_MAX = 2000


class AccountNote(models.Model):
    """A member's private comment about another account, seen by its author only."""

    id = SnowflakeField()
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_notes")
    target = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(max_length=ACCOUNT_NOTE_MAX)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author", "target"], name="unique_account_note")]

    def __str__(self) -> str:
        return f"{self.author}'s note on {self.target}"


class MemberSession(models.Model):
    """A signed-in browser, so a member can see and revoke their sessions."""

    session_key = models.CharField(max_length=40, primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="member_sessions")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "-last_seen_at"])]

    def __str__(self) -> str:
        return f"session of {self.user}"
