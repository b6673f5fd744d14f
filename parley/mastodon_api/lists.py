"""Lists: the member's lists of followed accounts, their members and their timelines."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.accounts.queries import access_member_by_id
from parley.core.errors import ValidationFailed
from parley.lists.actions import add_list_members, create_list, delete_list, remove_list_members, update_list
from parley.lists.models import ListMember, RepliesPolicy
from parley.lists.queries import access_list, list_members, list_timeline, lists_containing, lists_of
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required
from parley.mastodon_api.pagination import paginated_response
from parley.mastodon_api.presenters import JSON, present_account, present_list
from parley.mastodon_api.timelines import status_page


@scope_required("read:lists")
def all_lists(request: ApiRequest) -> HttpResponse:
    return JsonResponse([present_list(found) for found in lists_of(member(request))], safe=False)


@scope_required("write:lists")
def create(request: ApiRequest) -> HttpResponse:
    params = request.params
    created = create_list(
        owner=member(request),
        title=params.text("title"),
        replies_policy=params.text("replies_policy", RepliesPolicy.LIST),
        exclusive=params.flag("exclusive"),
    )
    return JsonResponse(present_list(created))


@scope_required("read:lists")
def get_list(request: ApiRequest, list_id: str) -> HttpResponse:
    return JsonResponse(present_list(access_list(member(request), list_id)))


@scope_required("write:lists")
def update(request: ApiRequest, list_id: str) -> HttpResponse:
    params = request.params
    changed = update_list(
        owned_list=access_list(member(request), list_id),
        title=params.opt_text("title"),
        replies_policy=params.opt_text("replies_policy"),
        exclusive=params.opt_flag("exclusive"),
    )
    return JsonResponse(present_list(changed))


@scope_required("write:lists")
def delete(request: ApiRequest, list_id: str) -> HttpResponse:
    delete_list(owned_list=access_list(member(request), list_id))
    return JsonResponse({})


def _accounts(memberships: list[ListMember]) -> list[JSON]:
    return [present_account(entry.member) for entry in memberships]


@scope_required("read:lists")
def accounts(request: ApiRequest, list_id: str) -> HttpResponse:
    found = access_list(member(request), list_id)
    if request.params.number("limit") == 0:  # Mastodon: every account at once, without pages
        return JsonResponse(_accounts(list(list_members(found))), safe=False)
    return paginated_response(request, list_members(found), _accounts, default_limit=40)


def _named_accounts(request: ApiRequest, user: User) -> list[User]:
    """The accounts named by `account_ids[]`; an unknown or hidden one answers 404."""
    ids = request.params.values("account_ids")
    if not ids:
        raise ValidationFailed(_("Name at least one account in account_ids."))
    return [access_member_by_id(user, account_id) for account_id in ids]


@scope_required("write:lists")
def add_accounts(request: ApiRequest, list_id: str) -> HttpResponse:
    user = member(request)
    found = access_list(user, list_id)
    add_list_members(owned_list=found, accounts=_named_accounts(request, user))
    return JsonResponse({})


@scope_required("write:lists")
def remove_accounts(request: ApiRequest, list_id: str) -> HttpResponse:
    user = member(request)
    found = access_list(user, list_id)
    remove_list_members(owned_list=found, accounts=_named_accounts(request, user))
    return JsonResponse({})


@scope_required("read:lists")
def account_lists(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    account = access_member_by_id(user, account_id)
    return JsonResponse([present_list(found) for found in lists_containing(user, account)], safe=False)


@scope_required("read:lists")
def timeline(request: ApiRequest, list_id: str) -> HttpResponse:
    user = member(request)
    found = access_list(user, list_id)
    # Mastodon's "home" filter context covers the home timeline and lists.
    return paginated_response(request, list_timeline(found), status_page(user, "home"))
