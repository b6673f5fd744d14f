"""The review queue in the Django admin (moderators work in /moderation; this is the raw view)."""

from django.contrib import admin

from parley.safety.models import ReviewItem


@admin.register(ReviewItem)
class ReviewItemAdmin(admin.ModelAdmin[ReviewItem]):
    list_display = ["due_at", "source", "category", "severity", "status", "object_id"]
    list_filter = ["status", "source", "category", "severity"]
