"""Timelines (home, public, hashtag) and the member's own lists of statuses (favourites,
bookmarks), with the member's keyword filters applied."""

from collections.abc import Callable

from django.http import HttpResponse, JsonResponse

from parley.accounts.models import User
from parley.feeds.queries import HomeFeedPaginator
from parley.filters.queries import PostFilter
from parley.lists.queries import home_posts
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required, viewer
from parley.mastodon_api.pagination import paginated_response
from parley.mastodon_api.presenters import JSON, StatusPresenter
from parley.posts.models import Post
from parley.posts.queries import (
    bookmarked_posts,
    hashtag_timeline,
    public_timeline,
    upvoted_posts,
)


def status_page(reader: User | None, context: str) -> Callable[[list[Post]], list[JSON]]:
    """Present a page of posts: hidden by "hide" filters, flagged by "warn" filters."""
    filters = PostFilter(reader, context)

    def present(posts: list[Post]) -> list[JSON]:
        kept = filters.visible(posts)
        return StatusPresenter(reader, kept, filters=filters).many(kept)

    return present


@scope_required("read:statuses")
def home(request: ApiRequest) -> HttpResponse:
    user = member(request)
    return paginated_response(request, home_posts(user), status_page(user, "home"), paginator=HomeFeedPaginator(user))


@scope_required("read:statuses", optional=True)
def public(request: ApiRequest) -> HttpResponse:
    if request.params.flag("remote"):  # Parley does not federate yet: nothing is remote
        return JsonResponse([], safe=False)
    reader = viewer(request)
    return paginated_response(request, public_timeline(reader), status_page(reader, "public"))


@scope_required("read:statuses", optional=True)
def tag(request: ApiRequest, hashtag: str) -> HttpResponse:
    reader = viewer(request)
    return paginated_response(request, hashtag_timeline(reader, hashtag), status_page(reader, "public"))


@scope_required("read:favourites")
def favourites(request: ApiRequest) -> HttpResponse:
    user = member(request)
    return paginated_response(request, upvoted_posts(user), status_page(user, "account"))


@scope_required("read:bookmarks")
def bookmarks(request: ApiRequest) -> HttpResponse:
    user = member(request)
    return paginated_response(request, bookmarked_posts(user), status_page(user, "account"))
