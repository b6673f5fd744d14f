"""Image intake: pixels only reach the encoder, decoding is bounded, failed writes leave nothing."""

import io
import threading
import time
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parley.core import images
from parley.core.errors import RateLimited, ValidationFailed
from parley.core.images import MAX_INPUT_PIXELS, PixelBudget, process_image, removed_on_failure
from tests.core.image_samples import (
    gif_with_comment,
    huge_png,
    jpeg_with_secrets,
    leaks,
    png_with_text,
    webp_with_secrets,
)


def _bytes(processed: images.ProcessedImage) -> bytes:
    processed.content.seek(0)
    return processed.content.read()


@pytest.mark.parametrize("sample", [jpeg_with_secrets, gif_with_comment, png_with_text, webp_with_secrets])
def test_no_planted_metadata_survives_in_the_image_or_its_thumbnail(sample) -> None:
    main, thumb = process_image(sample(), max_side=2048, thumbnail_side=16)
    assert thumb is not None
    for processed in (main, thumb):
        data = _bytes(processed)
        assert leaks(data) == []
        with Image.open(io.BytesIO(data)) as reopened:
            assert not reopened.getexif()
            assert "comment" not in reopened.info and "icc_profile" not in reopened.info


def test_transparency_is_kept_as_png_and_opaque_images_become_jpeg() -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 20), (255, 0, 0, 0)).save(buffer, format="PNG")
    main, _thumb = process_image(SimpleUploadedFile("a.png", buffer.getvalue()), max_side=100)
    assert main.extension == "png"
    with Image.open(io.BytesIO(_bytes(main))) as reopened:
        assert reopened.mode == "RGBA" and reopened.getpixel((0, 0))[3] == 0
    gif = io.BytesIO()
    Image.new("P", (20, 20), 0).save(gif, format="GIF", transparency=0)
    assert process_image(SimpleUploadedFile("t.gif", gif.getvalue()), max_side=100)[0].extension == "png"
    assert process_image(jpeg_with_secrets(), max_side=100)[0].extension == "jpg"


def test_an_animated_gif_keeps_its_first_frame_as_a_still_image() -> None:
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "blue")]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], comment=b"frame comment")
    main, _thumb = process_image(SimpleUploadedFile("anim.gif", buffer.getvalue()), max_side=100)
    with Image.open(io.BytesIO(_bytes(main))) as reopened:
        assert getattr(reopened, "n_frames", 1) == 1
        red, _green, blue = reopened.convert("RGB").getpixel((5, 5))  # type: ignore[misc]
        assert red > 200 and blue < 60
    assert b"frame comment" not in _bytes(main)


def test_an_image_with_too_many_pixels_is_refused_from_its_header_before_decoding() -> None:
    started = time.perf_counter()
    with pytest.raises(ValidationFailed, match="too many pixels"):
        process_image(huge_png(), max_side=2048)
    assert time.perf_counter() - started < 1.0
    just_over = int(MAX_INPUT_PIXELS**0.5) + 1
    with pytest.raises(ValidationFailed, match="too many pixels"):
        process_image(huge_png(just_over), max_side=2048)


def test_a_large_jpeg_is_decoded_at_reduced_size() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 4500), "teal").save(buffer, format="JPEG", quality=50)
    budget = PixelBudget(pixels=10**9)  # what is spent is what was decoded
    main, _thumb = process_image(SimpleUploadedFile("big.jpg", buffer.getvalue()), max_side=2048, budget=budget)
    assert (main.width, main.height) == (2048, 1536)
    # 27 Mpx in the header, above the cap for other formats; decoded at half size (6.75 Mpx).
    assert 10**9 - budget.left == 3000 * 2250


def test_the_pixels_of_one_request_share_a_budget() -> None:
    budget = PixelBudget(pixels=3000)
    small = io.BytesIO()
    Image.new("RGB", (50, 50), "red").save(small, format="PNG")
    process_image(SimpleUploadedFile("a.png", small.getvalue()), max_side=100, budget=budget)
    assert budget.left == 500
    with pytest.raises(ValidationFailed, match="too many pixels together"):
        process_image(SimpleUploadedFile("b.png", small.getvalue()), max_side=100, budget=budget)


def test_decodes_wait_for_a_free_slot_and_give_up_with_429(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PARLEY_IMAGE_DECODE_WAIT = 0.05
    monkeypatch.setattr(images, "_slots", threading.BoundedSemaphore(1))
    with images._decode_slot(), pytest.raises(RateLimited):
        process_image(jpeg_with_secrets(), max_side=100)
    assert process_image(jpeg_with_secrets(), max_side=100)[0].extension == "jpg"


def test_files_written_in_a_failed_block_are_deleted(tmp_path: Path) -> None:
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(RuntimeError), removed_on_failure(storage) as written:
        written.append(storage.save("a.txt", io.BytesIO(b"x")))
        raise RuntimeError("the insert failed")
    assert list(tmp_path.iterdir()) == []
    with removed_on_failure(storage) as written:
        written.append(storage.save("b.txt", io.BytesIO(b"x")))
    assert [p.name for p in tmp_path.iterdir()] == ["b.txt"]
