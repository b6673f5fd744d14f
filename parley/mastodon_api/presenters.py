"""Domain objects in, Mastodon JSON out. Wire formats live here, never on the models.

A page of statuses is presented with a fixed number of queries, whatever its length: the
presenter prefetches media, mentions and hashtags and the viewer's interactions for the page.
"""

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.db.models.fields.files import FieldFile
from oauth2_provider.models import Application

from parley.accounts.models import User
from parley.accounts.queries import Relationship
from parley.core.text import LinkTargets, render_text
from parley.filters.models import FilterKeyword, KeywordFilter
from parley.filters.queries import FilterMatch, PostFilter
from parley.lists.models import List
from parley.mastodon_api.models import AppRegistration, Marker
from parley.posts.hashtags import FeaturedHashtagUse, HashtagState
from parley.posts.media_urls import media_url, profile_image_url
from parley.posts.models import (
    Media,
    Notification,
    NotificationKind,
    NotificationPolicy,
    NotificationRequest,
    Post,
    PostEdit,
    Visibility,
)
from parley.posts.notification_groups import NotificationGroup
from parley.posts.notification_policy import PolicySummary
from parley.posts.queries import viewer_interactions, visible_posts
from parley.safety.models import ActionType, AppealStatus, Report, ReportStatus, StatementOfReasons
from parley.screening.policy import CATEGORIES

JSON = dict[str, Any]

VISIBILITY_TO_MASTODON = {
    Visibility.PUBLIC: "public",
    Visibility.UNLISTED: "unlisted",
    Visibility.FOLLOWERS: "private",
    Visibility.DIRECT: "direct",
}
VISIBILITY_FROM_MASTODON = {value: key for key, value in VISIBILITY_TO_MASTODON.items()}
NOTIFICATION_TYPES = {
    NotificationKind.MENTION: "mention",
    NotificationKind.REPLY: "mention",
    NotificationKind.FOLLOW: "follow",
    NotificationKind.FOLLOW_REQUEST: "follow_request",
    NotificationKind.ECHO: "reblog",
    NotificationKind.QUOTE: "quote",
    NotificationKind.UPVOTE: "favourite",
    NotificationKind.MODERATION: "moderation_warning",
}


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds and Z, as Mastodon writes datetimes."""
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def absolute(path: str) -> str:
    return f"{settings.PARLEY_SCHEME}://{settings.PARLEY_DOMAIN}{path}"


def file_url(field: FieldFile | None) -> str | None:
    return absolute(profile_image_url(field)) if field else None


def profile_url(username: str) -> str:
    return absolute(f"/@{username}")


def hashtag_url(name: str) -> str:
    return absolute(f"/tags/{name}")


def present_account(user: User) -> JSON:
    avatar = file_url(user.avatar) or absolute(f"{settings.STATIC_URL}mastodon_api/avatar.png")
    header = file_url(user.header) or absolute(f"{settings.STATIC_URL}mastodon_api/header.png")
    return {
        "id": str(user.pk),
        "username": user.username,
        "acct": user.username,
        "display_name": user.display_name,
        "locked": user.locked,
        "bot": False,
        "discoverable": True,
        "indexable": True,
        "group": False,
        "noindex": False,
        "created_at": iso(user.date_joined),
        "note": render_text(user.bio, LinkTargets(profile_url=lambda _name: None, hashtag_url=hashtag_url)),
        "url": profile_url(user.username),
        "uri": profile_url(user.username),
        "avatar": avatar,
        "avatar_static": avatar,
        "header": header,
        "header_static": header,
        "followers_count": user.followers_count,
        "following_count": user.following_count,
        "statuses_count": user.posts_count,
        "last_status_at": None,
        "emojis": [],
        "fields": [
            {
                "name": link.get("name", ""),
                "value": render_text(link.get("url", ""), _NO_LINKS),
                "verified_at": None,
            }
            for link in user.links
        ],
        "roles": [],
    }


_NO_LINKS = LinkTargets(profile_url=lambda _name: None, hashtag_url=hashtag_url)


def present_credential_account(user: User, *, follow_requests: int) -> JSON:
    data = present_account(user)
    data["source"] = {
        "privacy": "public",
        "sensitive": False,
        "language": user.language or None,
        "note": user.bio,
        "fields": [
            {"name": link.get("name", ""), "value": link.get("url", ""), "verified_at": None} for link in user.links
        ],
        "follow_requests_count": follow_requests,
        "indexable": True,
        "discoverable": True,
        "hide_collections": False,
        "attribution_domains": [],
        "quote_policy": "public",
    }
    data["role"] = {
        "id": "0",
        "name": "moderator" if user.is_moderator else "",
        "color": "",
        "permissions": "0",
        "highlighted": False,
    }
    return data


def present_relationship(other: User, relation: Relationship, *, requested_by: bool) -> JSON:
    return {
        "id": str(other.pk),
        "following": relation.following,
        "followed_by": relation.followed_by,
        "requested": relation.requested,
        "requested_by": requested_by,
        "blocking": relation.blocking,
        "blocked_by": relation.blocked_by,
        "muting": relation.muting,
        "muting_notifications": relation.muting_notifications,
        "showing_reblogs": True,
        "notifying": False,
        "languages": None,
        "domain_blocking": False,
        "endorsed": False,
        "note": relation.note,
    }


def present_media(media: Media) -> JSON:
    """Non-public images get signed URLs: apps load images without their token."""
    url = absolute(media_url(media))
    preview = absolute(media_url(media, thumbnail=True))
    size = {
        "width": media.width,
        "height": media.height,
        "size": f"{media.width}x{media.height}",
        "aspect": media.width / media.height if media.height else 1.0,
    }
    return {
        "id": str(media.pk),
        "type": "image",
        "url": url,
        "preview_url": preview,
        "remote_url": None,
        "description": media.description or None,
        "blurhash": None,
        "meta": {"original": size},
    }


def present_tag(name: str, *, history: list[JSON] | None = None, state: HashtagState | None = None) -> JSON:
    """A hashtag; `state` (the reader's follow and feature) when the reader is known."""
    data: JSON = {
        "id": name,
        "name": name,
        "url": hashtag_url(name),
        "history": history or [],
        "following": state.following if state is not None else False,
    }
    if state is not None:
        data["featuring"] = state.featuring
    return data


def present_featured_tag(use: FeaturedHashtagUse) -> JSON:
    name = use.featured.hashtag.name
    return {
        "id": str(use.featured.pk),
        "name": name,
        "url": hashtag_url(name),  # Parley has no per-member tag page; the hashtag's own page
        "statuses_count": str(use.posts_count),
        "last_status_at": use.last_post_on.isoformat() if use.last_post_on is not None else None,
    }


def present_filter(keyword_filter: KeywordFilter) -> JSON:
    return {
        "id": str(keyword_filter.pk),
        "title": keyword_filter.title,
        "context": list(keyword_filter.contexts),
        "filter_action": keyword_filter.action,
        "expires_at": iso(keyword_filter.expires_at),
        "keywords": [present_filter_keyword(k) for k in keyword_filter.keywords.all()],
        "statuses": [],
    }


def present_filter_keyword(keyword: FilterKeyword) -> JSON:
    return {"id": str(keyword.pk), "keyword": keyword.keyword, "whole_word": keyword.whole_word}


def _filter_result(match: FilterMatch) -> JSON:
    return {
        "filter": present_filter(match.filter),
        "keyword_matches": list(match.keywords),
        "status_matches": None,
    }


def present_list(found: List) -> JSON:
    return {
        "id": str(found.pk),
        "title": found.title,
        "replies_policy": found.replies_policy,
        "exclusive": found.exclusive,
    }


def present_application(application: Application, *, secret: str | None = None) -> JSON:
    registration = AppRegistration.objects.filter(application=application).first()
    uris = application.redirect_uris.split()
    data: JSON = {
        "id": str(application.pk),
        "name": application.name,
        "website": (registration.website or None) if registration else None,
        "scopes": registration.scopes.split() if registration else ["read"],
        "redirect_uri": "\n".join(uris),
        "redirect_uris": uris,
        "vapid_key": "",
    }
    if secret is not None:
        data.update(client_id=application.client_id, client_secret=secret, client_secret_expires_at=0)
    return data


def present_marker(marker: Marker) -> JSON:
    return {
        "last_read_id": str(marker.last_read_id),
        "version": marker.version,
        "updated_at": iso(marker.updated_at),
    }


# Parley's decisions as the `action` of Mastodon's AccountWarning.
WARNING_ACTIONS = {
    ActionType.REMOVE: "delete_statuses",
    ActionType.LABEL_SENSITIVE: "mark_statuses_as_sensitive",
    ActionType.LABEL_DISPUTED: "none",
    ActionType.LIMIT_REACH: "silence",
    ActionType.WARN: "none",
    ActionType.SUSPEND: "disable",
    ActionType.BAN: "suspend",
}
APPEAL_STATES = {AppealStatus.OPEN: "pending", AppealStatus.FOUNDED: "approved", AppealStatus.REJECTED: "rejected"}


def present_account_warning(statement: StatementOfReasons, target_account: JSON) -> JSON:
    """A statement of reasons as Mastodon's AccountWarning, with the member's appeal if any."""
    action = statement.action
    appeal = statement.appeals.order_by("-id").first()
    return {
        "id": str(statement.pk),
        "action": WARNING_ACTIONS.get(ActionType(action.action), "none"),
        "text": f"{statement.restriction} {statement.facts} ({statement.terms_clause})",
        "status_ids": [str(action.post_ref)] if action.post_ref else None,
        "target_account": target_account,
        "appeal": {"text": appeal.text, "state": APPEAL_STATES[AppealStatus(appeal.status)]}
        if appeal is not None
        else None,
        "created_at": iso(statement.created_at),
    }


# Parley report category -> Mastodon's; every other Parley category is a "violation" of an instance rule.
REPORT_CATEGORIES = {"spam": "spam", "illegal": "legal", "other": "other"}


def present_report(report: Report) -> JSON:
    rule_ids = [str(i) for i, c in enumerate(CATEGORIES, start=1) if c.name == report.category]
    return {
        "id": str(report.pk),
        "action_taken": report.status == ReportStatus.RESOLVED,
        "action_taken_at": iso(report.resolved_at),
        "category": REPORT_CATEGORIES.get(report.category, "violation"),
        "comment": report.comment,
        "forwarded": report.forwarded,
        "created_at": iso(report.created_at),
        "status_ids": [str(pk) for pk in report.posts.values_list("pk", flat=True)],
        "rule_ids": rule_ids or None,
        "target_account": present_account(report.account),
    }


class StatusPresenter:
    """Presents posts for one viewer; build it once per page."""

    def __init__(self, viewer: User | None, posts: Iterable[Post], *, filters: PostFilter | None = None) -> None:
        self.viewer = viewer
        self.filters = filters
        self._accounts: dict[int, JSON] = {}
        shown = _unique(p for post in posts for p in (post, post.echo_of) if p is not None)
        quoted = _unique(p.quote_of for p in shown if p.quote_of_id is not None and p.quote_of is not None)
        everything = _unique([*shown, *quoted])
        prefetch_related_objects(everything, "media", "mentions__user", "hashtag_links__hashtag")
        ids = [p.pk for p in everything]
        self.interactions = viewer_interactions(viewer, ids)
        quoted_ids = [p.pk for p in quoted]
        self.visible_quotes = (
            set(visible_posts(viewer).filter(pk__in=quoted_ids).values_list("pk", flat=True)) if quoted_ids else set()
        )

    def account(self, user: User) -> JSON:
        if user.pk not in self._accounts:
            self._accounts[user.pk] = present_account(user)
        return self._accounts[user.pk]

    def many(self, posts: Iterable[Post]) -> list[JSON]:
        return [self.status(post) for post in posts]

    def status(self, post: Post, *, nested: bool = False) -> JSON:
        if post.echo_of is not None:
            data = self._base(post, text="", media=[], mentions=[])
            data["reblog"] = self.status(post.echo_of)
            data["filtered"] = data["reblog"]["filtered"]
            return data
        mentions = [m.user for m in post.mentions.all()]
        data = self._base(post, text=post.text, media=list(post.media.all()), mentions=mentions)
        data["tags"] = [
            {"name": link.hashtag.name, "url": hashtag_url(link.hashtag.name)} for link in post.hashtag_links.all()
        ]
        data["quote"] = self._quote(post, nested=nested)
        return data

    # Long on purpose: one line per field of Mastodon's Status entity, read against its docs in one place.
    def _base(self, post: Post, *, text: str, media: Sequence[Media], mentions: Sequence[User]) -> JSON:
        by_name = {m.username.casefold(): m for m in mentions}
        links = LinkTargets(
            profile_url=lambda name: (
                profile_url(by_name[name.casefold()].username) if name.casefold() in by_name else None
            ),
            hashtag_url=hashtag_url,
        )
        url = absolute(f"/@{post.author.username}/{post.pk}")
        public_quotes = post.visibility in (Visibility.PUBLIC, Visibility.UNLISTED)
        matches = self.filters.matches(post) if self.filters is not None else []
        return {
            "id": str(post.pk),
            "uri": url,
            "url": url,
            "created_at": iso(post.created_at),
            "edited_at": iso(post.edited_at),
            "account": self.account(post.author),
            "content": render_text(text, links) if text else "",
            "visibility": VISIBILITY_TO_MASTODON.get(Visibility(post.visibility), "public"),
            "sensitive": post.sensitive,
            "spoiler_text": post.content_warning,
            "language": post.language or None,
            "media_attachments": [present_media(m) for m in media],
            "mentions": [
                {
                    "id": str(m.pk),
                    "username": m.username,
                    "acct": m.username,
                    "url": profile_url(m.username),
                }
                for m in mentions
            ],
            "tags": [],
            "emojis": [],
            "application": None,
            "in_reply_to_id": str(post.in_reply_to_id) if post.in_reply_to_id else None,
            "in_reply_to_account_id": str(post.in_reply_to_account_id) if post.in_reply_to_account_id else None,
            "reblog": None,
            "poll": None,
            "card": None,
            "replies_count": post.replies_count,
            "reblogs_count": post.echoes_count,
            "favourites_count": post.upvotes_count,
            "quotes_count": post.quotes_count,
            "favourited": post.pk in self.interactions.upvoted,
            "reblogged": post.pk in self.interactions.echoed,
            "bookmarked": post.pk in self.interactions.bookmarked,
            "muted": False,
            "pinned": post.pk in self.interactions.pinned,
            "filtered": [_filter_result(m) for m in matches],
            "quote": None,
            "quote_approval": {
                "automatic": ["public"] if public_quotes else [],
                "manual": [],
                "current_user": "automatic" if public_quotes else "denied",
            },
            # Parley's screening state: "pending" while held for review (only the author sees it).
            "parley_state": post.state,
        }

    def _quote(self, post: Post, *, nested: bool) -> JSON | None:
        if post.quote_of_id is None:
            return None
        quoted = post.quote_of
        if quoted is None or quoted.pk not in self.visible_quotes:
            return {"state": "unauthorized", "quoted_status": None}
        if nested:  # Mastodon shows one level of quotes in full, deeper ones by id
            return {"state": "accepted", "quoted_status_id": str(quoted.pk)}
        return {"state": "accepted", "quoted_status": self.status(quoted, nested=True)}

    def edit(self, post: Post, version: PostEdit | Post) -> JSON:
        """One version of a post for its edit history (the post itself is the latest)."""
        mentions = [m.user for m in post.mentions.all()]
        data = self._base(post, text=version.text, media=list(post.media.all()), mentions=mentions)
        created = version.created_at if isinstance(version, PostEdit) else (post.edited_at or post.created_at)
        return {
            "content": data["content"],
            "spoiler_text": version.content_warning,
            "sensitive": version.sensitive,
            "created_at": iso(created),
            "account": data["account"],
            "media_attachments": data["media_attachments"],
            "emojis": [],
            "poll": None,
        }


def _unique(posts: Iterable[Post]) -> list[Post]:
    seen: dict[int, Post] = {}
    for post in posts:
        seen.setdefault(post.pk, post)
    return list(seen.values())


def present_notification(notification: Notification, statuses: StatusPresenter) -> JSON:
    recipient = notification.recipient
    actor = notification.actor if notification.actor is not None else recipient
    kind = NOTIFICATION_TYPES.get(NotificationKind(notification.kind), "mention")
    data: JSON = {
        "id": str(notification.pk),
        "type": kind,
        # The same key v2 groups it under (kinds never grouped read alone).
        "group_key": notification.group_key or f"ungrouped-{notification.pk}",
        "created_at": iso(notification.created_at),
        "account": statuses.account(actor),
        "status": statuses.status(notification.post) if notification.post is not None else None,
    }
    statement = getattr(notification, "statement", None) if kind == "moderation_warning" else None
    if statement is not None:
        data["moderation_warning"] = present_account_warning(statement, statuses.account(recipient))
    elif kind == "moderation_warning":
        data["moderation_warning"] = {
            "id": str(notification.pk),
            "action": "none",
            "text": notification.message,
            "status_ids": [str(notification.post_id)] if notification.post_id else None,
            "target_account": statuses.account(recipient),
            "appeal": None,
            "created_at": iso(notification.created_at),
        }
    return data


def present_partial_account(user: User) -> JSON:
    """Mastodon's PartialAccountWithAvatar: enough to draw a group's small avatars."""
    full = present_account(user)
    return {key: full[key] for key in ("id", "acct", "url", "avatar", "avatar_static", "locked", "bot")}


def present_notification_group(group: NotificationGroup, statuses: StatusPresenter) -> JSON:
    """A group of notifications (Mastodon's NotificationGroup); accounts and statuses are sent
    once beside the groups, so a group names them by id."""
    single = present_notification(group.latest, statuses)
    data: JSON = {
        "group_key": group.key,
        "notifications_count": group.count,
        "type": single["type"],
        "most_recent_notification_id": group.latest.pk,
        "page_min_id": str(group.page_min_id),
        "page_max_id": str(group.page_max_id),
        "latest_page_notification_at": iso(group.latest_at),
        "sample_account_ids": [str(actor.pk) for actor in group.sample_actors] or [single["account"]["id"]],
        "status_id": str(group.post.pk) if group.post is not None else None,
    }
    if "moderation_warning" in single:
        data["moderation_warning"] = single["moderation_warning"]
    return data


def present_notification_policy(policy: NotificationPolicy, summary: PolicySummary) -> JSON:
    return {
        "for_not_following": policy.for_not_following,
        "for_not_followers": policy.for_not_followers,
        "for_new_accounts": policy.for_new_accounts,
        "for_private_mentions": policy.for_private_mentions,
        "for_limited_accounts": policy.for_limited_accounts,
        "summary": {
            "pending_requests_count": summary.pending_requests,
            "pending_notifications_count": summary.pending_notifications,
        },
    }


def present_notification_request(
    request: NotificationRequest, count: int, last_post: Post | None, statuses: StatusPresenter
) -> JSON:
    data: JSON = {
        "id": str(request.pk),
        "created_at": iso(request.created_at),
        "updated_at": iso(request.updated_at),
        "account": statuses.account(request.actor),
        "notifications_count": str(count),
    }
    if last_post is not None:
        data["last_status"] = statuses.status(last_post)
    return data
