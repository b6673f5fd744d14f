"""Timelines: home, local, hashtag, bookmarks and direct messages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from parley.core.text import normalize_hashtag
from parley.feeds.queries import HomeFeedPaginator
from parley.posts.models import Visibility
from parley.posts.queries import (
    bookmarked_posts,
    direct_timeline,
    hashtag_timeline,
    home_timeline,
    public_timeline,
)
from parley.web.forms.posts import PostForm
from parley.web.views.common import (
    domain_errors,
    signed_in_member,
    timeline_context,
    trending_context,
    viewer_of,
)


@domain_errors
def home(request: HttpRequest) -> HttpResponse:
    member = viewer_of(request)
    if member is None:
        return redirect("web:local")
    context = timeline_context(request, home_timeline(member), paginator=HomeFeedPaginator(member))
    context.update(trending_context(), form=PostForm())
    return render(request, "web/timelines/home.html", context)


@domain_errors
def local(request: HttpRequest) -> HttpResponse:
    context = timeline_context(request, public_timeline(viewer_of(request)))
    context.update(trending_context())
    return render(request, "web/timelines/local.html", context)


@domain_errors
def hashtag(request: HttpRequest, name: str) -> HttpResponse:
    tag = normalize_hashtag(name)
    context = timeline_context(request, hashtag_timeline(viewer_of(request), tag))
    context.update(trending_context(), tag=tag)
    return render(request, "web/timelines/hashtag.html", context)


@login_required
@domain_errors
def bookmarks(request: HttpRequest) -> HttpResponse:
    context = timeline_context(request, bookmarked_posts(signed_in_member(request)))
    return render(request, "web/timelines/bookmarks.html", context)


@login_required
@domain_errors
def direct_messages(request: HttpRequest) -> HttpResponse:
    context = timeline_context(request, direct_timeline(signed_in_member(request)))
    context["form"] = PostForm(initial={"visibility": Visibility.DIRECT})
    return render(request, "web/timelines/messages.html", context)
