"""Hashtags: looking one up, following them (their posts in home) and featuring them on a profile."""

from django.http import HttpResponse, JsonResponse

from parley.accounts.queries import access_member_by_id
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required, viewer
from parley.mastodon_api.pagination import paginated_response
from parley.mastodon_api.presenters import JSON, present_featured_tag, present_tag
from parley.posts.hashtags import (
    HashtagState,
    access_hashtag,
    feature_hashtag,
    featured_hashtag_ids,
    featured_hashtag_suggestions,
    featured_hashtags,
    follow_hashtag,
    hashtag_follows,
    hashtag_state,
    unfeature_hashtag,
    unfeature_hashtag_named,
    unfollow_hashtag,
)
from parley.posts.models import Hashtag, HashtagFollow


def _tag(request: ApiRequest, hashtag: Hashtag) -> JSON:
    return present_tag(hashtag.name, state=hashtag_state(viewer(request), hashtag))


@scope_required(None, optional=True)
def get_tag(request: ApiRequest, tag_name: str) -> HttpResponse:
    return JsonResponse(_tag(request, access_hashtag(tag_name)))


@scope_required("write:follows")
def follow(request: ApiRequest, tag_name: str) -> HttpResponse:
    return JsonResponse(_tag(request, follow_hashtag(user=member(request), name=tag_name)))


@scope_required("write:follows")
def unfollow(request: ApiRequest, tag_name: str) -> HttpResponse:
    return JsonResponse(_tag(request, unfollow_hashtag(user=member(request), name=tag_name)))


@scope_required("write:accounts")
def feature(request: ApiRequest, tag_name: str) -> HttpResponse:
    featured = feature_hashtag(user=member(request), name=tag_name)
    return JsonResponse(_tag(request, featured.hashtag))


@scope_required("write:accounts")
def unfeature(request: ApiRequest, tag_name: str) -> HttpResponse:
    return JsonResponse(_tag(request, unfeature_hashtag_named(user=member(request), name=tag_name)))


@scope_required("read:follows")
def followed_tags(request: ApiRequest) -> HttpResponse:
    user = member(request)

    def present(page: list[HashtagFollow]) -> list[JSON]:
        featured = featured_hashtag_ids(user)
        return [
            present_tag(f.hashtag.name, state=HashtagState(following=True, featuring=f.hashtag_id in featured))
            for f in page
        ]

    return paginated_response(request, hashtag_follows(user), present, default_limit=40)


@scope_required("read:accounts")
def my_featured_tags(request: ApiRequest) -> HttpResponse:
    return JsonResponse([present_featured_tag(use) for use in featured_hashtags(member(request))], safe=False)


@scope_required("write:accounts")
def create_featured_tag(request: ApiRequest) -> HttpResponse:
    user = member(request)
    featured = feature_hashtag(user=user, name=request.params.text("name"))
    use = next(use for use in featured_hashtags(user) if use.featured.pk == featured.pk)
    return JsonResponse(present_featured_tag(use))


@scope_required("write:accounts")
def delete_featured_tag(request: ApiRequest, featured_id: str) -> HttpResponse:
    unfeature_hashtag(user=member(request), featured_id=featured_id)
    return JsonResponse({})


@scope_required("read:accounts")
def suggestions(request: ApiRequest) -> HttpResponse:
    user = member(request)
    return JsonResponse([_tag(request, hashtag) for hashtag in featured_hashtag_suggestions(user)], safe=False)


@scope_required(None, optional=True)
def account_featured_tags(request: ApiRequest, account_id: str) -> HttpResponse:
    account = access_member_by_id(viewer(request), account_id)
    return JsonResponse([present_featured_tag(use) for use in featured_hashtags(account)], safe=False)
