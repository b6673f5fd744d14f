"""Notifications, in Mastodon's types: echo is `reblog`, upvote `favourite`, reply `mention`."""

from django.http import HttpResponse, JsonResponse

from parley.filters.queries import PostFilter
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required
from parley.mastodon_api.pagination import paginated_response
from parley.mastodon_api.presenters import (
    JSON,
    NOTIFICATION_TYPES,
    StatusPresenter,
    present_notification,
)
from parley.posts.models import Notification
from parley.posts.notifications import (
    access_notification,
    clear_notifications,
    dismiss_notification,
    notifications_for,
    unread_count,
)


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


@scope_required("read:notifications")
def list_notifications(request: ApiRequest) -> HttpResponse:
    user = member(request)
    kinds = _kinds(request)
    rows = notifications_for(user, kinds=kinds).select_related("recipient")
    if kinds == []:  # every type excluded
        rows = rows.none()
    if account_id := request.params.opt_text("account_id"):
        rows = rows.filter(actor_id=int(account_id)) if account_id.isdecimal() else rows.none()
    return paginated_response(request, rows, lambda page: _present(request, page))


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


@scope_required("read:notifications")
def unread(request: ApiRequest) -> HttpResponse:
    return JsonResponse({"count": unread_count(member(request))})
