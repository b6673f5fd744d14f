"""Accounts: the member's own profile, other members, and relationships between them."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from parley.accounts.actions import (
    approve_follow_request,
    block,
    follow,
    mute,
    reject_follow_request,
    unblock,
    unfollow,
    unmute,
    update_profile,
)
from parley.accounts.models import Block, Follow, FollowRequest, Mute, User
from parley.accounts.notes import set_account_note
from parley.accounts.queries import (
    access_member,
    access_member_by_id,
    active_mutes,
    blocks_made,
    familiar_followers,
    follower_links,
    following_links,
    pending_follow_requests,
    relationship,
    search_members,
)
from parley.core.errors import NotFound, ParleyError, ValidationFailed
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required, viewer
from parley.mastodon_api.pagination import paginated_response
from parley.mastodon_api.presenters import (
    JSON,
    iso,
    present_account,
    present_credential_account,
    present_relationship,
)
from parley.mastodon_api.timelines import status_page
from parley.posts.queries import pinned_posts, profile_timeline


def _relationship(user: User, other: User) -> JsonResponse:
    return JsonResponse(_relationship_data(user, other))


def _relationship_data(user: User, other: User) -> JSON:
    requested_by = pending_follow_requests(user).filter(requester=other).exists()
    return present_relationship(other, relationship(user, other), requested_by=requested_by)


@scope_required(("read:accounts", "profile"))
def verify_credentials(request: ApiRequest) -> HttpResponse:
    user = member(request)
    return JsonResponse(present_credential_account(user, follow_requests=pending_follow_requests(user).count()))


@scope_required("write:accounts")
def update_credentials(request: ApiRequest) -> HttpResponse:
    user = member(request)
    params = request.params
    fields = params.nested("fields_attributes")
    source = params.raw("source")
    language = params.opt_text("source[language]")
    if isinstance(source, dict) and isinstance(source.get("language"), str):
        language = source["language"]
    update_profile(
        user=user,
        display_name=params.opt_text("display_name"),
        bio=params.opt_text("note"),
        locked=params.opt_flag("locked"),
        language=language,
        links=[{"name": str(f.get("name") or ""), "url": str(f.get("value") or "")} for f in fields]
        if params.mentions("fields_attributes")
        else None,
        avatar=params.file("avatar"),
        header=params.file("header"),
    )
    user.refresh_from_db()
    return JsonResponse(present_credential_account(user, follow_requests=pending_follow_requests(user).count()))


@scope_required("read:accounts", optional=True)
def get_account(request: ApiRequest, account_id: str) -> HttpResponse:
    return JsonResponse(present_account(access_member_by_id(viewer(request), account_id)))


@scope_required("read:accounts", optional=True)
def lookup(request: ApiRequest) -> HttpResponse:
    acct = request.params.text("acct").strip().lstrip("@")
    username, _sep, domain = acct.partition("@")
    # The local domain is matched on its host name: clients reach us as 127.0.0.1:PORT too.
    if domain and domain.split(":")[0].casefold() not in _local_hosts():
        raise NotFound(_("Record not found"))
    if not username:
        raise NotFound(_("Record not found"))
    return JsonResponse(present_account(access_member(viewer(request), username)))


def _local_hosts() -> set[str]:
    return {settings.PARLEY_DOMAIN.split(":")[0].casefold(), "localhost", "127.0.0.1"}


@scope_required("read:statuses", optional=True)
def account_statuses(request: ApiRequest, account_id: str) -> HttpResponse:
    reader = viewer(request)
    account = access_member_by_id(reader, account_id)
    params = request.params
    if params.flag("pinned"):
        return paginated_response(request, pinned_posts(reader, account), status_page(reader, "account"))
    posts = profile_timeline(
        reader,
        account,
        with_replies=not params.flag("exclude_replies"),
        only_media=params.flag("only_media"),
    )
    if params.flag("exclude_reblogs"):
        posts = posts.filter(echo_of__isnull=True)
    return paginated_response(request, posts, status_page(reader, "account"))


def _followers(links: list[Follow]) -> list[JSON]:
    return [present_account(link.follower) for link in links]


def _followees(links: list[Follow]) -> list[JSON]:
    return [present_account(link.followee) for link in links]


@scope_required("read:accounts", optional=True)
def followers(request: ApiRequest, account_id: str) -> HttpResponse:
    account = access_member_by_id(viewer(request), account_id)
    return paginated_response(request, follower_links(account), _followers, default_limit=40)


@scope_required("read:accounts", optional=True)
def following(request: ApiRequest, account_id: str) -> HttpResponse:
    account = access_member_by_id(viewer(request), account_id)
    return paginated_response(request, following_links(account), _followees, default_limit=40)


@scope_required("write:follows")
def follow_account(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    target = access_member_by_id(user, account_id)
    follow(follower=user, target=target)
    return _relationship(user, target)


@scope_required("write:follows")
def unfollow_account(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    target = access_member_by_id(user, account_id)
    unfollow(follower=user, target=target)
    return _relationship(user, target)


@scope_required("write:blocks")
def block_account(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    target = access_member_by_id(user, account_id)
    block(blocker=user, target=target)
    return _relationship(user, target)


@scope_required("write:blocks")
def unblock_account(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    target = access_member_by_id(user, account_id)
    unblock(blocker=user, target=target)
    return _relationship(user, target)


@scope_required("write:mutes")
def mute_account(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    target = access_member_by_id(user, account_id)
    seconds = request.params.number("duration", 0) or 0
    if seconds < 0:
        raise ValidationFailed(_("Validation failed: Duration must be positive"))
    mute(
        muter=user,
        target=target,
        duration=timedelta(seconds=seconds) if seconds else None,
        hide_notifications=request.params.flag("notifications", True),
    )
    return _relationship(user, target)


@scope_required("write:mutes")
def unmute_account(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    target = access_member_by_id(user, account_id)
    unmute(muter=user, target=target)
    return _relationship(user, target)


@scope_required("write:accounts")
def note(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    target = access_member_by_id(user, account_id)
    set_account_note(author=user, target=target, comment=request.params.text("comment"))
    return _relationship(user, target)


@scope_required("read:follows")
def relationships(request: ApiRequest) -> HttpResponse:
    user = member(request)
    found = []
    for account_id in request.params.values("id")[:40]:
        try:
            other = access_member_by_id(user, account_id)
        except ParleyError:
            continue
        found.append(_relationship_data(user, other))
    return JsonResponse(found, safe=False)


@scope_required("read:follows")
def familiar(request: ApiRequest) -> HttpResponse:
    """For each account asked about, who among those the member follows follows it too;
    unknown or hidden accounts are skipped, as in `relationships`."""
    user = member(request)
    found = []
    for account_id in request.params.values("id")[:40]:
        try:
            other = access_member_by_id(user, account_id)
        except ParleyError:
            continue
        accounts = [present_account(follower) for follower in familiar_followers(user, other)]
        found.append({"id": str(other.pk), "accounts": accounts})
    return JsonResponse(found, safe=False)


@scope_required("read:accounts", optional=True)
def search(request: ApiRequest) -> HttpResponse:
    limit = max(1, min(request.params.number("limit", 40) or 40, 80))
    members = search_members(request.params.text("q"), viewer=viewer(request), limit=limit)
    return JsonResponse([present_account(m) for m in members], safe=False)


def _requesters(requests: list[FollowRequest]) -> list[JSON]:
    return [present_account(r.requester) for r in requests]


@scope_required("read:follows")
def follow_requests(request: ApiRequest) -> HttpResponse:
    return paginated_response(request, pending_follow_requests(member(request)), _requesters, default_limit=40)


@scope_required("write:follows")
def authorize_follow_request(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    requester = access_member_by_id(user, account_id)
    approve_follow_request(target=user, requester=requester)
    return _relationship(user, requester)


@scope_required("write:follows")
def reject_follow_request_view(request: ApiRequest, account_id: str) -> HttpResponse:
    user = member(request)
    requester = access_member_by_id(user, account_id)
    reject_follow_request(target=user, requester=requester)
    return _relationship(user, requester)


def _blocked(blocks: list[Block]) -> list[JSON]:
    return [present_account(b.blocked) for b in blocks]


def _muted(mutes: list[Mute]) -> list[JSON]:
    return [{**present_account(m.muted), "mute_expires_at": iso(m.expires_at)} for m in mutes]


@scope_required("read:blocks")
def blocks(request: ApiRequest) -> HttpResponse:
    return paginated_response(request, blocks_made(member(request)), _blocked, default_limit=40)


@scope_required("read:mutes")
def mutes(request: ApiRequest) -> HttpResponse:
    return paginated_response(request, active_mutes(member(request)), _muted, default_limit=40)
