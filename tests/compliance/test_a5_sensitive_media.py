"""A5: sensitive media is hidden by default and shown only when the reader opens it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from parley.posts.models import Post

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def test_a5_sensitive_images_sit_behind_a_closed_warning(make_member, browser) -> None:
    member = browser(make_member("author"))
    member.post(
        reverse("web:compose"),
        {"text": "graphic", "visibility": "public", "sensitive": "on", "image_1": png(), "alt_1": "x"},
    )
    post = Post.objects.get()
    assert post.sensitive and post.media.count() == 1
    page = browser().get(reverse("web:post", args=[post.pk])).content.decode()
    warning = page.index('class="sensitive-media"')
    image = page.index(post.media.get().thumbnail.url if post.media.get().thumbnail else post.media.get().file.url)
    # The image is inside a closed <details>: the reader must choose to show it.
    assert warning < image and "<details open" not in page
