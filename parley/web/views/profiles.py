"""Profiles, their follower lists, and the buttons on them: follow, block, mute."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parley.accounts import actions
from parley.accounts.models import User
from parley.accounts.queries import access_member, followed_by, followers_of, relationship
from parley.core.errors import ValidationFailed
from parley.posts.queries import profile_timeline
from parley.web.forms.posts import MuteForm
from parley.web.views.common import (
    cursor,
    domain_errors,
    redirect_back,
    signed_in_member,
    timeline_context,
    url_if_exists,
    viewer_of,
)

PROFILE_TABS = ("posts", "with_replies", "media")
PEOPLE_PAGE_SIZE = 40


@domain_errors
def profile(request: HttpRequest, username: str, tab: str = "posts") -> HttpResponse:
    viewer = viewer_of(request)
    member = access_member(viewer, username)
    posts = profile_timeline(viewer, member, with_replies=tab != "posts", only_media=tab == "media")
    context = timeline_context(request, posts)
    context.update(profile_context(viewer, member), tab=tab)
    return render(request, "web/profiles/profile.html", context)


def profile_context(viewer: User | None, member: User) -> dict[str, object]:
    is_self = viewer is not None and viewer.pk == member.pk
    return {
        "member": member,
        "is_self": is_self,
        "relationship": relationship(viewer, member) if viewer is not None and not is_self else None,
        "mute_form": MuteForm(),
        "follow_requests_url": url_if_exists("web:follow_requests") if is_self and member.locked else None,
    }


def _people(kind: str, members_of: Callable[[User], QuerySet[User]]) -> Callable[[HttpRequest, str], HttpResponse]:
    @domain_errors
    def view(request: HttpRequest, username: str) -> HttpResponse:
        viewer = viewer_of(request)
        member = access_member(viewer, username)
        # Offset pages over an indexed relation; no count of the whole list is ever taken.
        offset = cursor(request, "offset") or 0
        rows = list(members_of(member)[offset : offset + PEOPLE_PAGE_SIZE + 1])
        context = profile_context(viewer, member)
        context.update(
            kind=kind,
            people=rows[:PEOPLE_PAGE_SIZE],
            next_offset=offset + PEOPLE_PAGE_SIZE if len(rows) > PEOPLE_PAGE_SIZE else None,
        )
        return render(request, "web/profiles/people.html", context)

    return view


followers = _people("followers", followers_of)
following = _people("following", followed_by)


def _member_action(
    act: Callable[[HttpRequest, User, User], str],
) -> Callable[[HttpRequest, str], HttpResponse]:
    """A button on a profile: act, say what happened, and go back to where the member was."""

    @login_required
    @require_POST
    @domain_errors
    def view(request: HttpRequest, username: str) -> HttpResponse:
        member = signed_in_member(request)
        target = access_member(member, username)
        messages.success(request, act(request, member, target))
        return redirect_back(request, reverse("web:profile", args=[target.username]))

    return view


def _follow(request: HttpRequest, member: User, target: User) -> str:
    if actions.follow(follower=member, target=target) == "requested":
        return _("Follow request sent to @%(name)s. They will see it and can approve it.") % {"name": target.username}
    return _("You now follow @%(name)s.") % {"name": target.username}


def _unfollow(request: HttpRequest, member: User, target: User) -> str:
    actions.unfollow(follower=member, target=target)
    return _("You no longer follow @%(name)s.") % {"name": target.username}


def _block(request: HttpRequest, member: User, target: User) -> str:
    actions.block(blocker=member, target=target)
    return _("You blocked @%(name)s. Neither of you will see the other's posts.") % {"name": target.username}


def _unblock(request: HttpRequest, member: User, target: User) -> str:
    actions.unblock(blocker=member, target=target)
    return _("You unblocked @%(name)s.") % {"name": target.username}


def _mute(request: HttpRequest, member: User, target: User) -> str:
    form = MuteForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Choose how long to mute for."))
    actions.mute(
        muter=member,
        target=target,
        duration=form.duration_delta(),
        hide_notifications=form.cleaned_data["hide_notifications"],
    )
    return _("You muted @%(name)s. Their posts no longer appear in your timelines.") % {"name": target.username}


def _unmute(request: HttpRequest, member: User, target: User) -> str:
    actions.unmute(muter=member, target=target)
    return _("You unmuted @%(name)s.") % {"name": target.username}


follow = _member_action(_follow)
unfollow = _member_action(_unfollow)
block = _member_action(_block)
unblock = _member_action(_unblock)
mute = _member_action(_mute)
unmute = _member_action(_unmute)
