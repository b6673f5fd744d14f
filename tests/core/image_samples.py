"""Images with planted metadata, and oversized ones, as uploads: shared by the media tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

# Text planted in every metadata slot; none of it may come back in a served file.
HOME = b"12 Rue des Lilas, Lyon"
GPS_MAKER = "PlantedCameraMaker"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>PlantedXmpSecret</rdf:Description></x:xmpmeta>'
PLANTED = (HOME, GPS_MAKER.encode(), b"PlantedXmpSecret", b"PlantedPngText", b"PlantedITxt")


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = GPS_MAKER  # Make
    exif[0x8825] = {1: "N", 2: (45.0, 45.0, 36.0)}  # GPSInfo: latitude of the home address
    return exif.tobytes()


def _upload(data: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_secrets(size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG", comment=HOME, exif=_exif(), xmp=XMP)
    return _upload(buffer.getvalue(), "home.jpg", "image/jpeg")


def gif_with_comment() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("P", (32, 32), 1).save(buffer, format="GIF", comment=HOME)
    return _upload(buffer.getvalue(), "home.gif", "image/gif")


def png_with_text() -> SimpleUploadedFile:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "PlantedPngText " + HOME.decode())
    info.add_itxt("Description", "PlantedITxt", lang="fr", tkey="Description")
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 90, 200)).save(buffer, format="PNG", pnginfo=info)
    return _upload(buffer.getvalue(), "home.png", "image/png")


def webp_with_secrets() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 160, 60)).save(buffer, format="WEBP", exif=_exif(), xmp=XMP)
    return _upload(buffer.getvalue(), "home.webp", "image/webp")


def huge_png(side: int = 6300) -> SimpleUploadedFile:
    """A small file that declares side x side pixels: the decompression-cost attack."""
    buffer = io.BytesIO()
    Image.new("1", (side, side), 0).save(buffer, format="PNG", optimize=True)
    return _upload(buffer.getvalue(), "huge.png", "image/png")


def png(size: tuple[int, int] = (40, 30), colour: str = "red") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return _upload(buffer.getvalue(), "photo.png", "image/png")


def leaks(data: bytes) -> list[bytes]:
    """The planted texts found in `data` (empty when stripping worked)."""
    return [text for text in PLANTED if text in data]
