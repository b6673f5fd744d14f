"""Notifications, in Mastodon's types: echo is `reblog`, upvote `favourite`, reply `mention`.

v1 lists them one by one; v2 lists groups (posts.notification_groups) with the accounts and
statuses they name sent once beside them.
"""

from django.db.models import QuerySet
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from parley.core.errors import ValidationFailed
from parley.filters.queries import PostFilter
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required
from parley.mastodon_api.pagination import link_header, paginated_response
from parley.mastodon_api.presenters import (
    JSON,
    NOTIFICATION_TYPES,
    StatusPresenter,
    present_account,
    present_notification,
    present_notification_group,
    present_partial_account,
)
from parley.posts.models import Notification
from parley.posts.notification_groups import (
    NotificationGroup,
    access_notification_group,
    dismiss_notification_group,
    group_actors,
    notification_groups,
    unread_group_count,
)
from parley.posts.notifications import (
    GROUPED_KINDS,
    access_notification,
    clear_notifications,
    dismiss_notification,
    notifications_for,
)
from parley.posts.queries import Page

# Mastodon's bounds: v2 pages hold 40 groups by default and 80 at most; counts stop at 100/1000.
DEFAULT_GROUP_PAGE = 40
MAX_GROUP_PAGE = 80
UNREAD_LIMIT = 100
MAX_UNREAD_LIMIT = 1000


def _kinds(request: ApiRequest) -> list[str] | None:
    """Parley kinds for the `types[]` / `exclude_types[]` parameters (None: all)."""
    wanted = set(request.params.values("types"))
    excluded = set(request.params.values("exclude_types"))
    if not wanted and not excluded:
        return None
    kinds = [
        kind
        for kind, mastodon_type in NOTIFICATION_TYPES.items()
        if (not wanted or mastodon_type in wanted) and mastodon_type not in excluded
    ]
    return [str(k) for k in kinds]


def _present(request: ApiRequest, notifications: list[Notification]) -> list[JSON]:
    user = member(request)
    filters = PostFilter(user, "notifications")
    kept = [n for n in notifications if n.post is None or not any(m.hides for m in filters.matches(n.post))]
    presenter = StatusPresenter(user, [n.post for n in kept if n.post is not None], filters=filters)
    return [present_notification(n, presenter) for n in kept]


def _rows(request: ApiRequest) -> QuerySet[Notification]:
    """The member's notifications narrowed by `types[]`, `exclude_types[]`, `account_id` and
    widened by `include_filtered` (those the notification policy holds back)."""
    kinds = _kinds(request)
    include_filtered = request.params.flag("include_filtered")
    rows = notifications_for(member(request), kinds=kinds, include_filtered=include_filtered)
    rows = rows.select_related("recipient")
    if kinds == []:  # every type excluded
        rows = rows.none()
    if account_id := request.params.opt_text("account_id"):
        rows = rows.filter(actor_id=int(account_id)) if account_id.isdecimal() else rows.none()
    return rows


@scope_required("read:notifications")
def list_notifications(request: ApiRequest) -> HttpResponse:
    return paginated_response(request, _rows(request), lambda page: _present(request, page))


@scope_required("read:notifications")
def get_notification(request: ApiRequest, notification_id: str) -> HttpResponse:
    notification = access_notification(member(request), notification_id)
    return JsonResponse(_present(request, [notification])[0])


@scope_required("write:notifications")
def clear(request: ApiRequest) -> HttpResponse:
    clear_notifications(user=member(request))
    return JsonResponse({})


@scope_required("write:notifications")
def dismiss(request: ApiRequest, notification_id: str) -> HttpResponse:
    user = member(request)
    dismiss_notification(user=user, notification_id=access_notification(user, notification_id).pk)
    return JsonResponse({})


def _count_limit(request: ApiRequest) -> int:
    """Mastodon caps unread counts: `limit` defaults to 100, at most 1000."""
    limit = request.params.number("limit", UNREAD_LIMIT) or UNREAD_LIMIT
    return max(1, min(limit, MAX_UNREAD_LIMIT))


@scope_required("read:notifications")
def unread(request: ApiRequest) -> HttpResponse:
    limit = _count_limit(request)
    return JsonResponse({"count": len(_rows(request).filter(read_at__isnull=True).values("pk")[:limit])})


# Grouped notifications (Mastodon's v2).


def _grouped_kinds(request: ApiRequest) -> list[str]:
    """Parley kinds the client lets the server group (`grouped_types[]`; none named: all)."""
    names = set(request.params.values("grouped_types"))
    return [str(kind) for kind in GROUPED_KINDS if not names or NOTIFICATION_TYPES[kind] in names]


def _expand_accounts(request: ApiRequest) -> str:
    expand = request.params.text("expand_accounts", "full")
    if expand not in ("full", "partial_avatars"):
        raise ValidationFailed(_("expand_accounts must be full or partial_avatars."))
    return expand


def _grouped_results(request: ApiRequest, groups: list[NotificationGroup], *, expand: str = "full") -> JSON:
    """Mastodon's GroupedNotificationsResults: the groups, and each account and status once."""
    user = member(request)
    filters = PostFilter(user, "notifications")
    kept = [g for g in groups if g.post is None or not any(m.hides for m in filters.matches(g.post))]
    presenter = StatusPresenter(user, [g.post for g in kept if g.post is not None], filters=filters)
    accounts: dict[int, JSON] = {}
    partial: dict[int, JSON] = {}
    statuses: dict[int, JSON] = {}
    for group in kept:
        actors = group.sample_actors or [group.latest.actor or group.latest.recipient]
        for position, actor in enumerate(actors):
            if expand == "full" or position == 0:
                accounts.setdefault(actor.pk, presenter.account(actor))
            else:
                partial.setdefault(actor.pk, present_partial_account(actor))
        if group.post is not None:
            statuses.setdefault(group.post.pk, presenter.status(group.post))
    results: JSON = {
        "accounts": list(accounts.values()),
        "statuses": list(statuses.values()),
        "notification_groups": [present_notification_group(g, presenter) for g in kept],
    }
    if expand == "partial_avatars":
        results["partial_accounts"] = [data for pk, data in partial.items() if pk not in accounts]
    return results


@scope_required("read:notifications")
def list_groups(request: ApiRequest) -> HttpResponse:
    params = request.params
    expand = _expand_accounts(request)
    limit = params.number("limit", DEFAULT_GROUP_PAGE) or DEFAULT_GROUP_PAGE
    page = notification_groups(
        member(request),
        rows=_rows(request),
        grouped_kinds=_grouped_kinds(request),
        max_id=params.number("max_id"),
        since_id=params.number("since_id"),
        min_id=params.number("min_id"),
        limit=max(1, min(limit, MAX_GROUP_PAGE)),
    )
    response = JsonResponse(_grouped_results(request, page.groups, expand=expand))
    link = link_header(request, Page([], page.next_max_id, page.prev_min_id))
    if link:
        response["Link"] = link
    return response


@scope_required("read:notifications")
def get_group(request: ApiRequest, group_key: str) -> HttpResponse:
    group = access_notification_group(member(request), group_key)
    return JsonResponse(_grouped_results(request, [group]))


@scope_required("read:notifications")
def group_accounts(request: ApiRequest, group_key: str) -> HttpResponse:
    return JsonResponse([present_account(actor) for actor in group_actors(member(request), group_key)], safe=False)


@scope_required("write:notifications")
def dismiss_group(request: ApiRequest, group_key: str) -> HttpResponse:
    dismiss_notification_group(user=member(request), group_key=group_key)
    return JsonResponse({})


@scope_required("read:notifications")
def unread_groups(request: ApiRequest) -> HttpResponse:
    count = unread_group_count(
        member(request), rows=_rows(request), grouped_kinds=_grouped_kinds(request), limit=_count_limit(request)
    )
    return JsonResponse({"count": count})
