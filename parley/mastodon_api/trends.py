"""Trends: hashtags most used by distinct members in the last day."""

import time

from django.http import HttpResponse, JsonResponse

from parley.mastodon_api.endpoint import ApiRequest, scope_required
from parley.mastodon_api.presenters import present_tag
from parley.posts.queries import trending_hashtags


@scope_required(None, optional=True)
def tags(request: ApiRequest) -> HttpResponse:
    limit = max(1, min(request.params.number("limit", 10) or 10, 20))
    today = str(int(time.time()) // 86400 * 86400)
    return JsonResponse(
        [
            present_tag(t.name, history=[{"day": today, "uses": str(t.posts), "accounts": str(t.accounts)}])
            for t in trending_hashtags(limit=limit)
        ],
        safe=False,
    )
