"""Media uploads: stored (resized, metadata stripped) before the post that will use them."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from parley.core.errors import NotFound, ValidationFailed
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required
from parley.mastodon_api.presenters import present_media
from parley.posts.actions import delete_media, update_media_description, upload_media
from parley.posts.queries import access_media


@scope_required("write:media")
def upload(request: ApiRequest) -> HttpResponse:
    upload_file = request.params.file("file")
    if upload_file is None:
        raise ValidationFailed(_("Validation failed: File can't be blank"))
    media = upload_media(owner=member(request), file=upload_file, description=request.params.text("description"))
    return JsonResponse(present_media(media))


def _media_id(media_id: str) -> int:
    if not media_id.isdecimal():
        raise NotFound(_("Record not found"))
    return int(media_id)


@scope_required("write:media")
def get_media(request: ApiRequest, media_id: str) -> HttpResponse:
    return JsonResponse(present_media(access_media(member(request), _media_id(media_id))))


@scope_required("write:media")
def update_media(request: ApiRequest, media_id: str) -> HttpResponse:
    user = member(request)
    media = access_media(user, _media_id(media_id))
    description = request.params.opt_text("description")
    if description is not None:
        media = update_media_description(owner=user, media_id=media.pk, description=description)
    return JsonResponse(present_media(media))


@scope_required("write:media")
def delete_upload(request: ApiRequest, media_id: str) -> HttpResponse:
    """Mastodon answers an empty object; an upload a post already uses stays (422)."""
    delete_media(owner=member(request), media_id=_media_id(media_id))
    return JsonResponse({})
