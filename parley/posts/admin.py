"""Posts in the admin: find and inspect. Counters are kept by the actions, so they are read-only."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parley.posts.models import Hashtag, Media, Post, Visibility


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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Post]:
        # Direct messages are not browsable or searchable here: staff read one only through a
        # report or review item about it, or the audited break-glass page of the moderation area.
        return super().get_queryset(request).exclude(visibility=Visibility.DIRECT)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Post | None:
        post = super().get_object(request, object_id, from_field)
        if post is None and Post.objects.filter(pk=object_id, visibility=Visibility.DIRECT).exists():
            raise PermissionDenied(
                _("Direct messages are read only through a report or a recorded break-glass access.")
            )
        return post

    @admin.display(description=_("text"))
    def short_text(self, post: Post) -> str:
        return post.text[:80]


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin[Hashtag]):
    list_display = ("name", "created_at")
    search_fields = ("name",)
