"""Image intake: the one place uploads are decoded, resized and stripped of metadata.

Decoding is what costs memory and time (a 115 KB PNG can declare 6300x6300 pixels), so it is
bounded three ways: the pixel count is read from the header and checked before any decoding,
a request's images share one pixel budget, and only a few decodes run at once per process.
"""

import io
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from parley.core.errors import RateLimited, ValidationFailed

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
# The most pixels one image may have once decoded: 4096x4096, 64 MiB as RGBA. Mastodon keeps
# originals of at most 3840x2160 (MediaAttachment::MAX_IMAGE_PIXELS, 8.3 Mpx); twice that
# still takes a 4K screenshot, and a 48 Mpx phone JPEG decodes at half size (12 Mpx).
MAX_INPUT_PIXELS = 4096 * 4096
# JPEG decodes at 1/2, 1/4 or 1/8 of its size (draft mode), so a larger JPEG is read at most at 1/8.
MAX_JPEG_HEADER_PIXELS = MAX_INPUT_PIXELS * 64
# All the images of one request together (a post's 4 images, or an avatar and a header).
MAX_REQUEST_PIXELS = 2 * MAX_INPUT_PIXELS


@dataclass(frozen=True)
class ProcessedImage:
    content: ContentFile[bytes]
    width: int
    height: int
    extension: str  # "jpg", or "png" where transparency had to be kept

    def file_name(self, stem: object) -> str:
        return f"{stem}.{self.extension}"


class PixelBudget:
    """The decoded pixels one request may still spend; share one across a request's images."""

    def __init__(self, pixels: int | None = None) -> None:
        self.left = MAX_REQUEST_PIXELS if pixels is None else pixels

    def spend(self, pixels: int) -> None:
        if pixels > self.left:
            raise ValidationFailed(_("These images have too many pixels together. Send smaller images."))
        self.left -= pixels


_slots_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None


def _decode_slots() -> threading.BoundedSemaphore:
    global _slots  # one semaphore per process, sized from settings on first use
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(settings.PARLEY_IMAGE_DECODE_SLOTS)
        return _slots


@contextmanager
def _decode_slot() -> Iterator[None]:
    """Wait for one of the process's decode slots, so a burst of uploads cannot exhaust memory."""
    slots = _decode_slots()
    if not slots.acquire(timeout=settings.PARLEY_IMAGE_DECODE_WAIT):
        raise RateLimited(_("The server is busy processing images. Try again in a moment."))
    try:
        yield
    finally:
        slots.release()


def process_image(
    upload: File[bytes] | IO[bytes],
    *,
    max_side: int,
    crop_to: tuple[int, int] | None = None,
    max_bytes: int = 10 * 1024 * 1024,
    budget: PixelBudget | None = None,
    thumbnail_side: int | None = None,
) -> tuple[ProcessedImage, ProcessedImage | None]:
    """Decode, orient, resize and re-encode an image, dropping EXIF, GPS, comments and profiles.

    Returns the image and, when `thumbnail_side` is given, a smaller copy made from the same
    decode. Only pixels reach the encoder: a new image is built from the resized pixel data, so
    nothing from the original container (EXIF, XMP, ICC, comments, text chunks) can be copied.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationFailed(_("The image is too large (at most %(mb)d MB).") % {"mb": max_bytes // (1024 * 1024)})
    with _decode_slot():
        image, has_alpha = _decode(upload, max_side=max_side, crop_to=crop_to, budget=budget)
        if crop_to is not None:
            image = ImageOps.fit(image, crop_to, Image.Resampling.LANCZOS)
        else:
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        main = _encode(image, has_alpha=has_alpha)
        if thumbnail_side is None:
            return main, None
        image.thumbnail((thumbnail_side, thumbnail_side), Image.Resampling.LANCZOS)
        return main, _encode(image, has_alpha=has_alpha)


def _decode(
    upload: File[bytes] | IO[bytes], *, max_side: int, crop_to: tuple[int, int] | None, budget: PixelBudget | None
) -> tuple[Image.Image, bool]:
    """The upload's first frame as RGB or RGBA pixels, refused from its header when too large."""
    try:
        with Image.open(upload) as original:
            if original.format not in ACCEPTED_FORMATS:
                raise ValidationFailed(_("Unsupported image format. Use JPEG, PNG, GIF or WebP."))
            header_limit = MAX_JPEG_HEADER_PIXELS if original.format == "JPEG" else MAX_INPUT_PIXELS
            if original.width * original.height > header_limit:
                raise _too_many_pixels()
            if original.format == "JPEG":
                # Decode at the smallest of 1/2, 1/4, 1/8 that still covers the size kept.
                original.draft(None, _size_needed(original.size, max_side=max_side, crop_to=crop_to))
            if original.width * original.height > MAX_INPUT_PIXELS:
                raise _too_many_pixels()
            if budget is not None:
                budget.spend(original.width * original.height)
            has_alpha = (original.mode in ("RGBA", "LA", "P") and "transparency" in original.info) or (
                original.mode in ("RGBA", "LA")
            )
            original.load()
            # In place and without a needless convert: each copy at full size costs memory.
            ImageOps.exif_transpose(original, in_place=True)
            mode = "RGBA" if has_alpha else "RGB"
            pixels = original if original.mode == mode else original.convert(mode)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationFailed(_("This file is not an image Parley can read.")) from exc
    return pixels, has_alpha


def _size_needed(size: tuple[int, int], *, max_side: int, crop_to: tuple[int, int] | None) -> tuple[int, int]:
    """The smallest decoded size that still covers what is kept, whatever the EXIF orientation."""
    width, height = size
    # A crop keeps the short side; a fit keeps the long one.
    scale = max(crop_to) / max(1, min(width, height)) if crop_to is not None else max_side / max(1, width, height)
    scale = min(1.0, scale)
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _too_many_pixels() -> ValidationFailed:
    return ValidationFailed(
        _("The image has too many pixels (at most %(megapixels)d megapixels once decoded).")
        % {"megapixels": MAX_INPUT_PIXELS // 1_000_000}
    )


def _encode(image: Image.Image, *, has_alpha: bool) -> ProcessedImage:
    # A new image holding the pixels alone: `info` (comments, EXIF, ICC, XMP, text chunks) stays
    # behind, and the encoder is given no metadata of its own.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    if has_alpha:
        clean.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        clean.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    return ProcessedImage(
        content=ContentFile(buffer.getvalue(), name=f"image.{extension}"),
        width=clean.width,
        height=clean.height,
        extension=extension,
    )


@contextmanager
def removed_on_failure(storage: Storage) -> Iterator[list[str]]:
    """Collect the names of files written in the block; if the block fails, delete them.

    A write that fails after its files are on disk (the database insert, the next image's
    validation) must leave nothing behind.
    """
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            storage.delete(name)
        raise


def delete_files_on_commit(storage: Storage, names: list[str]) -> None:
    """Delete files once the current transaction commits (at once outside one)."""
    if names:
        transaction.on_commit(partial(_delete_files, storage, list(names)))


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
