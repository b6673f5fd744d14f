"""Image intake: the one place uploads are decoded, resized and stripped of metadata."""

import io
from dataclasses import dataclass
from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from parley.core.errors import ValidationFailed

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_INPUT_PIXELS = 40_000_000


@dataclass(frozen=True)
class ProcessedImage:
    content: ContentFile[bytes]
    width: int
    height: int
    extension: str  # "jpg", or "png" where transparency had to be kept

    def file_name(self, stem: object) -> str:
        return f"{stem}.{self.extension}"


def process_image(
    upload: File[bytes] | IO[bytes],
    *,
    max_side: int,
    crop_to: tuple[int, int] | None = None,
    max_bytes: int = 10 * 1024 * 1024,
) -> ProcessedImage:
    """Decode, orient, resize and re-encode an image, dropping EXIF, GPS and other metadata.

    Re-encoding from pixels is what guarantees no metadata survives: nothing from the original
    container is copied.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationFailed(_("The image is too large (at most %(mb)d MB).") % {"mb": max_bytes // (1024 * 1024)})
    try:
        with Image.open(upload) as original:
            if original.format not in ACCEPTED_FORMATS:
                raise ValidationFailed(_("Unsupported image format. Use JPEG, PNG, GIF or WebP."))
            if original.width * original.height > MAX_INPUT_PIXELS:
                raise ValidationFailed(_("The image has too many pixels."))
            image = ImageOps.exif_transpose(original)
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationFailed(_("This file is not an image Parley can read.")) from exc

    has_alpha = (image.mode in ("RGBA", "LA", "P") and "transparency" in image.info) or image.mode in ("RGBA", "LA")
    image = image.convert("RGBA" if has_alpha else "RGB")
    if crop_to is not None:
        image = ImageOps.fit(image, crop_to, Image.Resampling.LANCZOS)
    else:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)

    buffer = io.BytesIO()
    if has_alpha:
        image.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    return ProcessedImage(
        content=ContentFile(buffer.getvalue(), name=f"image.{extension}"),
        width=image.width,
        height=image.height,
        extension=extension,
    )
