"""Uploaded files, each request checked by `resolve_media_request` before a byte is sent.

Django sends the file itself, or hands it to the reverse proxy (X-Accel-Redirect for nginx,
X-Sendfile for Apache or lighttpd) when PARLEY_MEDIA_SENDFILE says so; the proxy must then
serve MEDIA_ROOT only from an internal location, never directly.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from parley.posts.media_urls import MediaFile, resolve_media_request


@require_safe
def media_file(request: HttpRequest, name: str) -> HttpResponseBase:
    found = resolve_media_request(name, expires=request.GET.get("expires"), signature=request.GET.get("sig"))
    if found is None or not default_storage.exists(found.name):
        raise Http404("No such file.")
    response = _send(found)
    if found.access == "public":
        patch_cache_control(response, public=True, max_age=found.max_age)
    else:
        # A shared cache must not keep a private image for others; the viewer's browser may.
        patch_cache_control(response, private=True, max_age=found.max_age)
        response["Referrer-Policy"] = "no-referrer"
    return response


def _send(found: MediaFile) -> HttpResponseBase:
    content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    mode = settings.PARLEY_MEDIA_SENDFILE.lower()
    if mode == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PARLEY_MEDIA_ACCEL_LOCATION + quote(found.name)
        return response
    if mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = default_storage.path(found.name)
        return response
    return FileResponse(default_storage.open(found.name, "rb"), content_type=content_type)
