from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parley.core.models import SnowflakeField


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    UNLISTED = "unlisted", _("Unlisted")
    FOLLOWERS = "followers", _("Followers only")
    DIRECT = "direct", _("Mentioned people only")


class PostState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Pending review")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed by moderation")


class Post(models.Model):
    """A post, reply, echo (`echo_of` set, no text) or quote (`quote_of` set, with text)."""

    id = SnowflakeField()
    # No single-column index: (author, -id) below serves every lookup by author, in id order.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts", db_index=False)
    text = models.TextField(blank=True)
    content_warning = models.CharField(max_length=200, blank=True)
    sensitive = models.BooleanField(default=False)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    language = models.CharField(max_length=8, blank=True)
    in_reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies")
    in_reply_to_account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Id of the thread's first post; a plain column so threads survive deletions.
    conversation_id = models.BigIntegerField(db_index=True)
    echo_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="echoes")
    quote_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    state = models.CharField(max_length=10, choices=PostState.choices, default=PostState.PUBLISHED)
    disputed = models.BooleanField(default=False)
    # Limited reach: still visible to followers and by link, never in public timelines or search.
    limited = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    replies_count = models.PositiveIntegerField(default=0)
    echoes_count = models.PositiveIntegerField(default=0)
    upvotes_count = models.PositiveIntegerField(default=0)
    quotes_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["author", "-id"], name="post_author_timeline"),
            models.Index(fields=["visibility", "state", "-id"], name="post_public_timeline"),
            models.Index(fields=["in_reply_to", "id"], name="post_replies"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "echo_of"],
                condition=models.Q(echo_of__isnull=False),
                name="unique_echo_per_author",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"

    @property
    def is_echo(self) -> bool:
        return self.echo_of_id is not None

    @property
    def is_public_state(self) -> bool:
        return self.state == PostState.PUBLISHED


class PostEdit(models.Model):
    """A previous version of an edited post, shown as its edit history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    text = models.TextField(blank=True)
    content_warning = models.CharField(max_length=200, blank=True)
    sensitive = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"version of {self.post_id} at {self.created_at}"


class Media(models.Model):
    """An uploaded image; attached to a post when the post is published."""

    id = SnowflakeField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="media")
    file = models.ImageField(upload_to="media/%Y/%m/")
    thumbnail = models.ImageField(upload_to="media/%Y/%m/thumbs/", blank=True)
    description = models.CharField(max_length=1500, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"media {self.pk}"


class Upvote(models.Model):
    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upvotes")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="upvotes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="unique_upvote")]
        indexes = [models.Index(fields=["user", "-id"])]

    def __str__(self) -> str:
        return f"{self.user} upvotes {self.post_id}"


class Bookmark(models.Model):
    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="unique_bookmark")]
        indexes = [models.Index(fields=["user", "-id"])]

    def __str__(self) -> str:
        return f"{self.user} bookmarks {self.post_id}"


class Pin(models.Model):
    """One of the author's own posts featured at the top of their profile (Mastodon's pinned statuses)."""

    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pins")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="pins")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="unique_pin")]
        indexes = [models.Index(fields=["user", "-id"])]

    def __str__(self) -> str:
        return f"{self.user} pins {self.post_id}"


class Hashtag(models.Model):
    name = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"#{self.name}"


class HashtagFollow(models.Model):
    """A member follows a hashtag: its public posts join their home timeline (Mastodon's followed tags)."""

    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hashtag_follows")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "hashtag"], name="unique_hashtag_follow")]
        indexes = [models.Index(fields=["user", "-id"], name="hashtag_follows_of")]

    def __str__(self) -> str:
        return f"{self.user_id} follows #{self.hashtag_id}"


class FeaturedHashtag(models.Model):
    """A hashtag a member shows on their profile, with their own posts that use it (featured tags)."""

    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="featured_hashtags")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="features")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "hashtag"], name="unique_featured_hashtag")]

    def __str__(self) -> str:
        return f"{self.user_id} features #{self.hashtag_id}"


class PostHashtag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="hashtag_links")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="post_links")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "hashtag"], name="unique_post_hashtag")]
        indexes = [models.Index(fields=["hashtag", "-post"], name="hashtag_timeline")]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.hashtag_id}"


class Mention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentioned_in")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="unique_mention")]
        indexes = [models.Index(fields=["user", "-post"], name="mention_user")]

    def __str__(self) -> str:
        return f"{self.post_id} mentions {self.user_id}"


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("mentioned you")
    REPLY = "reply", _("replied to you")
    FOLLOW = "follow", _("followed you")
    FOLLOW_REQUEST = "follow_request", _("asked to follow you")
    ECHO = "echo", _("echoed your post")
    QUOTE = "quote", _("quoted your post")
    UPVOTE = "upvote", _("upvoted your post")
    MODERATION = "moderation", _("moderation notice")


class Notification(models.Model):
    id = SnowflakeField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Upvotes and echoes of one post, and follows, within hours of each other share a key and
    # are shown as one group (notification_groups.py); empty for kinds never grouped.
    group_key = models.CharField(max_length=64, blank=True, default="")
    # Held back by the recipient's notification policy: listed only under its request until accepted.
    filtered = models.BooleanField(default=False)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_inbox"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "group_key", "-id"], name="notification_group"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class PolicyChoice(models.TextChoices):
    ACCEPT = "accept", _("Show")
    FILTER = "filter", _("Filter")
    DROP = "drop", _("Ignore")


class NotificationPolicy(models.Model):
    """Which notifications from strangers a member sees, filters into requests, or drops."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notification_policy"
    )
    for_not_following = models.CharField(max_length=6, choices=PolicyChoice.choices, default=PolicyChoice.ACCEPT)
    for_not_followers = models.CharField(max_length=6, choices=PolicyChoice.choices, default=PolicyChoice.ACCEPT)
    for_new_accounts = models.CharField(max_length=6, choices=PolicyChoice.choices, default=PolicyChoice.ACCEPT)
    for_private_mentions = models.CharField(max_length=6, choices=PolicyChoice.choices, default=PolicyChoice.FILTER)
    for_limited_accounts = models.CharField(max_length=6, choices=PolicyChoice.choices, default=PolicyChoice.FILTER)

    def __str__(self) -> str:
        return f"notification policy of {self.user_id}"


class NotificationRequest(models.Model):
    """Filtered notifications from one account, waiting for the recipient to accept or dismiss them."""

    id = SnowflakeField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "actor"], name="unique_notification_request"),
        ]

    def __str__(self) -> str:
        return f"request from {self.actor_id} to {self.recipient_id}"


class NotificationPermission(models.Model):
    """An accepted request: this account's notifications reach the recipient whatever the policy."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "actor"], name="unique_notification_permission"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} may notify {self.recipient_id}"
