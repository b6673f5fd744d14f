"""The notification policy and the requests it files (filtered notifications from strangers)."""

from django.http import HttpResponse, JsonResponse

from parley.filters.queries import PostFilter
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required
from parley.mastodon_api.pagination import paginated_response
from parley.mastodon_api.presenters import (
    JSON,
    StatusPresenter,
    present_notification_policy,
    present_notification_request,
)
from parley.posts.models import NotificationRequest
from parley.posts.notification_policy import (
    POLICY_FIELDS,
    accept_notification_requests,
    access_notification_request,
    dismiss_notification_requests,
    filtered_counts,
    named_notification_requests,
    notification_requests,
    policy_of,
    policy_summary,
    request_last_post,
    update_notification_policy,
)


@scope_required("read:notifications")
def get_policy(request: ApiRequest) -> HttpResponse:
    user = member(request)
    return JsonResponse(present_notification_policy(policy_of(user), policy_summary(user)))


@scope_required("write:notifications")
def update_policy(request: ApiRequest) -> HttpResponse:
    user = member(request)
    params = request.params
    changes = {name: value for name in POLICY_FIELDS if (value := params.opt_text(name)) is not None}
    policy = update_notification_policy(user=user, changes=changes)
    return JsonResponse(present_notification_policy(policy, policy_summary(user)))


def _present(request: ApiRequest, page: list[NotificationRequest]) -> list[JSON]:
    user = member(request)
    counts = filtered_counts(user, [r.actor_id for r in page])
    posts = {r.pk: request_last_post(r) for r in page}
    presenter = StatusPresenter(
        user, [p for p in posts.values() if p is not None], filters=PostFilter(user, "notifications")
    )
    return [present_notification_request(r, counts.get(r.actor_id, 0), posts[r.pk], presenter) for r in page]


@scope_required("read:notifications")
def list_requests(request: ApiRequest) -> HttpResponse:
    return paginated_response(
        request, notification_requests(member(request)), lambda page: _present(request, page), default_limit=40
    )


@scope_required("read:notifications")
def get_request(request: ApiRequest, request_id: str) -> HttpResponse:
    found = access_notification_request(member(request), request_id)
    return JsonResponse(_present(request, [found])[0])


@scope_required("write:notifications")
def accept(request: ApiRequest, request_id: str) -> HttpResponse:
    user = member(request)
    accept_notification_requests(user=user, requests=[access_notification_request(user, request_id)])
    return JsonResponse({})


@scope_required("write:notifications")
def dismiss(request: ApiRequest, request_id: str) -> HttpResponse:
    user = member(request)
    dismiss_notification_requests(user=user, requests=[access_notification_request(user, request_id)])
    return JsonResponse({})


def _named(request: ApiRequest) -> list[NotificationRequest]:
    """The requests named by `id[]` (Mastodon.py sends `id[][]`, so that is read too)."""
    params = request.params
    return named_notification_requests(member(request), params.values("id") or params.values("id[]"))


@scope_required("write:notifications")
def accept_many(request: ApiRequest) -> HttpResponse:
    accept_notification_requests(user=member(request), requests=_named(request))
    return JsonResponse({})


@scope_required("write:notifications")
def dismiss_many(request: ApiRequest) -> HttpResponse:
    dismiss_notification_requests(user=member(request), requests=_named(request))
    return JsonResponse({})


@scope_required("read:notifications")
def merged(request: ApiRequest) -> HttpResponse:
    """Accepting moves notifications back in the same transaction, so they are always merged."""
    member(request)
    return JsonResponse({"merged": True})
