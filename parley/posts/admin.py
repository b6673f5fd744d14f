"""Posts in the admin: find and inspect. Counters are kept by the actions, so they are read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from parley.posts.models import Hashtag, Media, Post


class MediaInline(admin.TabularInline[Media, Post]):
    model = Media
    fields = ("file", "description", "width", "height", "position")
    readonly_fields = ("file", "width", "height", "position")
    extra = 0
    can_delete = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = (
        "id",
        "author",
        "short_text",
        "visibility",
        "state",
        "sensitive",
        "disputed",
        "limited",
        "created_at",
    )
    list_filter = ("state", "visibility", "sensitive", "disputed", "limited", "created_at")
    search_fields = ("text", "author__username", "=id")
    raw_id_fields = ("author", "in_reply_to", "in_reply_to_account", "echo_of", "quote_of")
    readonly_fields = (
        "id",
        "created_at",
        "edited_at",
        "conversation_id",
        "replies_count",
        "echoes_count",
        "upvotes_count",
        "quotes_count",
    )
    date_hierarchy = "created_at"
    inlines = (MediaInline,)
    show_full_result_count = False  # no count of the whole table on every page

    @admin.display(description=_("text"))
    def short_text(self, post: Post) -> str:
        return post.text[:80]


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin[Hashtag]):
    list_display = ("name", "created_at")
    search_fields = ("name",)
