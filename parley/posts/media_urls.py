"""Media URLs: the one place a media file's URL is made for a viewer, and checked when fetched.

Images of posts anyone may see, avatars and headers have plain, cacheable URLs. Any other image
(a followers-only or direct post's, a held or removed post's, an upload not yet attached) gets a
signed URL that expires: it is only handed out with a post the viewer may see, and apps load
images without their token, so the signature in the URL is what lets them in. The signature also
covers the post's state, so a removal (or any change of state) ends every link handed out before.
"""

import time
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils.crypto import constant_time_compare
from django.utils.http import urlencode

from parley.accounts.models import User
from parley.posts.models import Media, Post
from parley.posts.queries import is_open_to_anyone

_SIGNER = signing.Signer(salt="parley.posts.media_urls")
# Expiry times are rounded up to this step, so a page renders the same URL for a while and
# browsers and apps can cache the image.
_EXPIRY_STEP = 600

Access = Literal["public", "private"]


@dataclass(frozen=True)
class MediaFile:
    """A file a media request may be answered with, and how it may be cached."""

    name: str  # the storage name, as recorded in the database
    access: Access
    max_age: int


def media_url(media: Media, *, thumbnail: bool = False) -> str:
    """The URL of a media file (or its thumbnail, when there is one) for a viewer who may see it."""
    field = media.thumbnail if thumbnail and media.thumbnail else media.file
    if is_open_to_anyone(media.post):
        return field.url
    expires = (int(time.time()) + settings.PARLEY_MEDIA_URL_MAX_AGE) // _EXPIRY_STEP * _EXPIRY_STEP + _EXPIRY_STEP
    signature = _SIGNER.signature(_payload(field.name, _state(media.post), expires))
    return f"{field.url}?{urlencode({'expires': expires, 'sig': signature})}"


def profile_image_url(field: FieldFile) -> str:
    """Avatars and headers are public, like the profile they belong to."""
    return field.url


def resolve_media_request(name: str, *, expires: str | None, signature: str | None) -> MediaFile | None:
    """The file a request for `name` may be answered with, or None (answered 404).

    Only names recorded on a media row, avatar or header are ever served, so a request cannot
    reach any other file under MEDIA_ROOT (evidence copies, path traversal).
    """
    if not name or name.startswith("/") or "\\" in name or "\x00" in name or ".." in name.split("/"):
        return None
    folder, stem = name.partition("/")[0], _id_in_name(name)
    if stem is None:
        return None
    if folder in ("avatars", "headers"):
        field = "avatar" if folder == "avatars" else "header"
        if User.objects.filter(pk=stem, **{field: name}).exists():
            return MediaFile(name=name, access="public", max_age=settings.PARLEY_MEDIA_PUBLIC_MAX_AGE)
        return None
    media = _media_named(name, stem) if folder == "media" else None
    if media is None:
        return None
    if is_open_to_anyone(media.post):
        return MediaFile(name=name, access="public", max_age=settings.PARLEY_MEDIA_PUBLIC_MAX_AGE)
    left = _signature_time_left(name, media.post, expires=expires, signature=signature)
    if left is None:
        return None
    return MediaFile(name=name, access="private", max_age=min(left, settings.PARLEY_MEDIA_URL_MAX_AGE))


def _id_in_name(name: str) -> int | None:
    """Files are named after their row's id ("media/2026/05/<id>.jpg", "avatars/<id>_x1y2.png")."""
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0].split("_", 1)[0]
    return int(stem) if stem.isdecimal() and len(stem) <= 20 else None


def _media_named(name: str, media_id: int) -> Media | None:
    return (
        Media.objects.select_related("post", "post__author")
        .filter(Q(file=name) | Q(thumbnail=name), pk=media_id)
        .first()
    )


def _signature_time_left(name: str, post: Post | None, *, expires: str | None, signature: str | None) -> int | None:
    if not expires or not signature or not expires.isdecimal() or len(expires) > 12:
        return None
    left = int(expires) - int(time.time())
    if left <= 0:
        return None
    expected = _SIGNER.signature(_payload(name, _state(post), int(expires)))
    return left if constant_time_compare(expected, signature) else None


def _state(post: Post | None) -> str:
    return "unattached" if post is None else post.state


def _payload(name: str, state: str, expires: int) -> str:
    return f"{name}|{state}|{expires}"
