"""Preferences: the member's posting and reading defaults, as Mastodon names them."""

from django.http import HttpResponse, JsonResponse

from parley.mastodon_api.endpoint import ApiRequest, member, scope_required


@scope_required("read:accounts")
def preferences(request: ApiRequest) -> HttpResponse:
    user = member(request)
    return JsonResponse(
        {
            "posting:default:visibility": "public",
            "posting:default:sensitive": False,
            "posting:default:language": user.language or None,
            "reading:expand:media": "default",
            "reading:expand:spoilers": False,
        }
    )
