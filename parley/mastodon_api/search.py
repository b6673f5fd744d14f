"""Search (v2): members, hashtags and posts, each through its domain query."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from parley.accounts.queries import search_members
from parley.core.errors import ValidationFailed
from parley.mastodon_api.endpoint import ApiRequest, scope_required, viewer
from parley.mastodon_api.presenters import present_account, present_tag
from parley.mastodon_api.timelines import status_page
from parley.posts.queries import search_hashtags
from parley.posts.search import search_posts

TYPES = ("accounts", "hashtags", "statuses")


@scope_required("read:search", optional=True)
def search(request: ApiRequest) -> HttpResponse:
    params = request.params
    query = params.text("q").strip()
    kind = params.opt_text("type")
    if kind is not None and kind not in TYPES:
        raise ValidationFailed(_("Validation failed: Unknown search type"))
    limit = max(1, min(params.number("limit", 20) or 20, 40))
    offset = max(0, params.number("offset", 0) or 0)
    reader = viewer(request)
    result: dict[str, list[object]] = {"accounts": [], "statuses": [], "hashtags": []}
    if not query:
        return JsonResponse(result)
    if kind in (None, "accounts"):
        members = search_members(query, viewer=reader, limit=offset + limit)[offset:]
        result["accounts"] = [present_account(m) for m in members]
    if kind in (None, "hashtags"):
        tags = search_hashtags(query, limit=offset + limit)[offset:]
        result["hashtags"] = [present_tag(t.name) for t in tags]
    if kind in (None, "statuses") and reader is not None:  # Mastodon: post search needs a login
        posts = list(search_posts(query, viewer=reader).order_by("-id")[offset : offset + limit])
        result["statuses"] = list(status_page(reader, "public")(posts))
    return JsonResponse(result)
