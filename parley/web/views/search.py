"""Search: members, hashtags and posts for one query, with trending hashtags beside."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parley.accounts.queries import search_members
from parley.posts.queries import search_hashtags
from parley.posts.search import search_posts
from parley.web.views.common import domain_errors, timeline_context, trending_context, viewer_of

MAX_QUERY_CHARS = 200


@domain_errors
def search(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    query = request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]
    context = trending_context()
    context["query"] = query
    if query:
        context.update(timeline_context(request, search_posts(query, viewer=viewer)))
        context.update(
            members=search_members(query, viewer=viewer, limit=10),
            hashtags=search_hashtags(query, limit=10),
        )
    return render(request, "web/search/search.html", context)
