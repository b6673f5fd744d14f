"""Explicit URL list of the Mastodon client API. Every path also answers with a trailing slash:
Mastodon.py asks for /api/v1/instance/ and loops forever on a 404."""

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from parley.mastodon_api import (
    accounts,
    admin,
    conversations,
    filters,
    instance,
    lists,
    markers,
    media,
    notification_requests,
    notifications,
    oauth,
    preferences,
    reports,
    search,
    statuses,
    tags,
    timelines,
    trends,
)
from parley.mastodon_api.endpoint import methods

app_name = "mastodon_api"


def route(pattern: str, view: Callable[..., HttpResponse], name: str = "") -> list[URLPattern]:
    first = path(pattern, view, name=name) if name else path(pattern, view)
    return [first, path(f"{pattern}/", view)]


urlpatterns = [
    # OAuth and discovery
    *route("api/v1/apps", methods(POST=oauth.create_app)),
    *route("api/v1/apps/verify_credentials", methods(GET=oauth.verify_app)),
    *route("oauth/authorize", oauth.AuthorizeView.as_view(), name="oauth_authorize"),
    *route("oauth/token", oauth.TokenView.as_view(), name="oauth_token"),
    *route("oauth/revoke", oauth.RevokeView.as_view(), name="oauth_revoke"),
    *route("oauth/userinfo", methods(GET=oauth.userinfo, POST=oauth.userinfo)),
    *route(".well-known/oauth-authorization-server", oauth.authorization_server),
    *route(".well-known/nodeinfo", instance.nodeinfo_discovery),
    *route("nodeinfo/2.0", instance.nodeinfo),
    # Instance
    *route("api/v1/instance", methods(GET=instance.instance_v1)),
    *route("api/v2/instance", methods(GET=instance.instance_v2)),
    *route("api/v1/streaming", instance.streaming_unavailable),
    path("api/v1/streaming/<path:rest>", instance.streaming_unavailable),
    *route("api/v1/instance/rules", methods(GET=instance.rules)),
    *route("api/v1/instance/extended_description", methods(GET=instance.extended_description)),
    *route("api/v1/instance/translation_languages", methods(GET=instance.translation_languages)),
    *route("api/v1/custom_emojis", methods(GET=instance.custom_emojis)),
    *route("api/v1/preferences", methods(GET=preferences.preferences)),
    *route("api/v1/trends", methods(GET=trends.tags)),
    *route("api/v1/trends/tags", methods(GET=trends.tags)),
    # Accounts
    *route("api/v1/accounts/verify_credentials", methods(GET=accounts.verify_credentials)),
    *route("api/v1/accounts/update_credentials", methods(PATCH=accounts.update_credentials)),
    *route("api/v1/accounts/lookup", methods(GET=accounts.lookup)),
    *route("api/v1/accounts/relationships", methods(GET=accounts.relationships)),
    *route("api/v1/accounts/search", methods(GET=accounts.search)),
    *route("api/v1/accounts/familiar_followers", methods(GET=accounts.familiar)),
    *route("api/v1/accounts/<str:account_id>", methods(GET=accounts.get_account)),
    *route("api/v1/accounts/<str:account_id>/statuses", methods(GET=accounts.account_statuses)),
    *route("api/v1/accounts/<str:account_id>/followers", methods(GET=accounts.followers)),
    *route("api/v1/accounts/<str:account_id>/following", methods(GET=accounts.following)),
    *route("api/v1/accounts/<str:account_id>/follow", methods(POST=accounts.follow_account)),
    *route("api/v1/accounts/<str:account_id>/unfollow", methods(POST=accounts.unfollow_account)),
    *route("api/v1/accounts/<str:account_id>/block", methods(POST=accounts.block_account)),
    *route("api/v1/accounts/<str:account_id>/unblock", methods(POST=accounts.unblock_account)),
    *route("api/v1/accounts/<str:account_id>/mute", methods(POST=accounts.mute_account)),
    *route("api/v1/accounts/<str:account_id>/unmute", methods(POST=accounts.unmute_account)),
    *route("api/v1/accounts/<str:account_id>/lists", methods(GET=lists.account_lists)),
    *route("api/v1/accounts/<str:account_id>/note", methods(POST=accounts.note)),
    *route("api/v1/follow_requests", methods(GET=accounts.follow_requests)),
    *route(
        "api/v1/follow_requests/<str:account_id>/authorize",
        methods(POST=accounts.authorize_follow_request),
    ),
    *route(
        "api/v1/follow_requests/<str:account_id>/reject",
        methods(POST=accounts.reject_follow_request_view),
    ),
    *route("api/v1/blocks", methods(GET=accounts.blocks)),
    *route("api/v1/mutes", methods(GET=accounts.mutes)),
    # Statuses
    *route("api/v1/statuses", methods(GET=statuses.get_statuses, POST=statuses.create_status)),
    *route(
        "api/v1/statuses/<str:status_id>",
        methods(GET=statuses.get_status, DELETE=statuses.delete_status, PUT=statuses.edit_status),
    ),
    *route("api/v1/statuses/<str:status_id>/context", methods(GET=statuses.status_context)),
    *route("api/v1/statuses/<str:status_id>/reblog", methods(POST=statuses.reblog)),
    *route("api/v1/statuses/<str:status_id>/unreblog", methods(POST=statuses.unreblog)),
    *route("api/v1/statuses/<str:status_id>/favourite", methods(POST=statuses.favourite)),
    *route("api/v1/statuses/<str:status_id>/unfavourite", methods(POST=statuses.unfavourite)),
    *route("api/v1/statuses/<str:status_id>/bookmark", methods(POST=statuses.bookmark)),
    *route("api/v1/statuses/<str:status_id>/unbookmark", methods(POST=statuses.unbookmark)),
    *route("api/v1/statuses/<str:status_id>/pin", methods(POST=statuses.pin)),
    *route("api/v1/statuses/<str:status_id>/unpin", methods(POST=statuses.unpin)),
    *route("api/v1/statuses/<str:status_id>/history", methods(GET=statuses.status_history)),
    *route("api/v1/statuses/<str:status_id>/source", methods(GET=statuses.status_source)),
    *route("api/v1/statuses/<str:status_id>/reblogged_by", methods(GET=statuses.reblogged_by)),
    *route("api/v1/statuses/<str:status_id>/favourited_by", methods(GET=statuses.favourited_by)),
    # Timelines and lists of statuses
    *route("api/v1/timelines/home", methods(GET=timelines.home)),
    *route("api/v1/timelines/public", methods(GET=timelines.public)),
    *route("api/v1/timelines/tag/<str:hashtag>", methods(GET=timelines.tag)),
    *route("api/v1/favourites", methods(GET=timelines.favourites)),
    *route("api/v1/bookmarks", methods(GET=timelines.bookmarks)),
    *route("api/v1/markers", methods(GET=markers.get_markers, POST=markers.set_markers)),
    # Lists (parley/mastodon_api/lists.py)
    *route("api/v1/lists", methods(GET=lists.all_lists, POST=lists.create)),
    *route(
        "api/v1/lists/<str:list_id>",
        methods(GET=lists.get_list, PUT=lists.update, DELETE=lists.delete),
    ),
    *route(
        "api/v1/lists/<str:list_id>/accounts",
        methods(GET=lists.accounts, POST=lists.add_accounts, DELETE=lists.remove_accounts),
    ),
    *route("api/v1/timelines/list/<str:list_id>", methods(GET=lists.timeline)),
    # Conversations (parley/mastodon_api/conversations.py)
    *route("api/v1/conversations", methods(GET=conversations.list_conversations)),
    *route("api/v1/conversations/<str:conversation_id>", methods(DELETE=conversations.delete)),
    *route("api/v1/conversations/<str:conversation_id>/read", methods(POST=conversations.read)),
    # Hashtags: followed and featured (parley/mastodon_api/tags.py)
    *route("api/v1/tags/<str:tag_name>", methods(GET=tags.get_tag)),
    *route("api/v1/tags/<str:tag_name>/follow", methods(POST=tags.follow)),
    *route("api/v1/tags/<str:tag_name>/unfollow", methods(POST=tags.unfollow)),
    *route("api/v1/tags/<str:tag_name>/feature", methods(POST=tags.feature)),
    *route("api/v1/tags/<str:tag_name>/unfeature", methods(POST=tags.unfeature)),
    *route("api/v1/followed_tags", methods(GET=tags.followed_tags)),
    *route("api/v1/featured_tags", methods(GET=tags.my_featured_tags, POST=tags.create_featured_tag)),
    *route("api/v1/featured_tags/suggestions", methods(GET=tags.suggestions)),
    *route("api/v1/featured_tags/<str:featured_id>", methods(DELETE=tags.delete_featured_tag)),
    *route("api/v1/accounts/<str:account_id>/featured_tags", methods(GET=tags.account_featured_tags)),
    # Notification policy and requests (parley/mastodon_api/notification_requests.py)
    *route(
        "api/v2/notifications/policy",
        methods(GET=notification_requests.get_policy, PATCH=notification_requests.update_policy),
    ),
    *route("api/v1/notifications/requests", methods(GET=notification_requests.list_requests)),
    *route("api/v1/notifications/requests/accept", methods(POST=notification_requests.accept_many)),
    *route("api/v1/notifications/requests/dismiss", methods(POST=notification_requests.dismiss_many)),
    *route("api/v1/notifications/requests/merged", methods(GET=notification_requests.merged)),
    *route("api/v1/notifications/requests/<str:request_id>", methods(GET=notification_requests.get_request)),
    *route("api/v1/notifications/requests/<str:request_id>/accept", methods(POST=notification_requests.accept)),
    *route("api/v1/notifications/requests/<str:request_id>/dismiss", methods(POST=notification_requests.dismiss)),
    # Notifications
    *route("api/v1/notifications", methods(GET=notifications.list_notifications)),
    *route("api/v1/notifications/clear", methods(POST=notifications.clear)),
    *route("api/v1/notifications/unread_count", methods(GET=notifications.unread)),
    *route("api/v1/notifications/<str:notification_id>", methods(GET=notifications.get_notification)),
    *route("api/v1/notifications/<str:notification_id>/dismiss", methods(POST=notifications.dismiss)),
    # Grouped notifications (v2)
    *route("api/v2/notifications", methods(GET=notifications.list_groups)),
    *route("api/v2/notifications/unread_count", methods(GET=notifications.unread_groups)),
    *route("api/v2/notifications/<str:group_key>", methods(GET=notifications.get_group)),
    *route("api/v2/notifications/<str:group_key>/accounts", methods(GET=notifications.group_accounts)),
    *route("api/v2/notifications/<str:group_key>/dismiss", methods(POST=notifications.dismiss_group)),
    # Search, filters, media, reports
    *route("api/v2/search", methods(GET=search.search)),
    *route("api/v2/filters", methods(GET=filters.list_filters, POST=filters.create)),
    *route(
        "api/v2/filters/<str:filter_id>",
        methods(GET=filters.get_filter, PUT=filters.update, DELETE=filters.delete),
    ),
    *route(
        "api/v2/filters/<str:filter_id>/keywords",
        methods(GET=filters.list_keywords, POST=filters.create_keyword),
    ),
    *route(
        "api/v2/filters/keywords/<str:keyword_id>",
        methods(GET=filters.get_keyword, PUT=filters.change_keyword, DELETE=filters.remove_keyword),
    ),
    *route("api/v2/media", methods(POST=media.upload)),
    *route("api/v1/media", methods(POST=media.upload)),
    *route(
        "api/v1/media/<str:media_id>", methods(GET=media.get_media, PUT=media.update_media, DELETE=media.delete_upload)
    ),
    *route("api/v1/reports", methods(POST=reports.create)),
    # Admin: moderation tools (parley/mastodon_api/admin.py)
    *route("api/v1/admin/reports", methods(GET=admin.list_reports)),
    *route("api/v1/admin/reports/<str:report_id>", methods(GET=admin.get_report)),
    *route("api/v1/admin/reports/<str:report_id>/resolve", methods(POST=admin.resolve_report)),
    *route("api/v1/admin/reports/<str:report_id>/reopen", methods(POST=admin.reopen_report)),
    *route("api/v1/admin/reports/<str:report_id>/assign_to_self", methods(POST=admin.assign_report)),
    *route("api/v1/admin/reports/<str:report_id>/unassign", methods(POST=admin.unassign_report)),
    *route("api/v1/admin/accounts/<str:account_id>/action", methods(POST=admin.account_action)),
]
