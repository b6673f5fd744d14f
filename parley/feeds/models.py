"""Home feeds: who reads theirs (fan-out skips the others), and the SQL store's rows."""

from django.conf import settings
from django.db import models

from parley.posts.models import Post


class HomeFeed(models.Model):
    """A member who reads their home feed, whatever the store: fan-out skips members away longer
    than PARLEY_FEED_INACTIVE_DAYS, and their feed is rebuilt from the database when they return."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="home_feed"
    )
    last_read_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"home feed of {self.member_id}"


class SqlFeed(models.Model):
    """A feed the SQL store holds. Its entries are complete from `floor_id` up (older posts were
    trimmed or never loaded); `added` counts pushes since the last trim, so trimming is amortised."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+")
    floor_id = models.BigIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"stored feed of {self.owner_id}"


class FeedEntry(models.Model):
    """One post in one member's home feed (SQL store). Deleting the post deletes its entries."""

    # No single-column index: the unique (owner, post) index serves every read, trim and delete by owner.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    # A plain column, not a key: only read to remove an unfollowed author's entries from one feed.
    author_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "post"], name="feed_entry_owner_post")]

    def __str__(self) -> str:
        return f"{self.post_id} in the feed of {self.owner_id}"
