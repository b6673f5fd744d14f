"""Image intake cost: time and peak memory of decoding uploads, before-like and as Parley does now.

Each case runs in its own forked process, so its peak resident memory (getrusage's ru_maxrss,
minus the process's size before the case) is its own. Cases:

- the audit's 6300x6300 PNG (about 115 KB) decoded the way intake did before (full decode, RGB
  conversion, resize), and refused by `process_image` now (header check, nothing decoded);
- four of those PNGs at once, before-like (four threads) and now;
- a 4096x4096 PNG (the largest accepted) and a 48 Mpx JPEG, full decode vs draft-mode decode;
- four 4096x4096 PNGs at once through `process_image` (the decode semaphore lets 2 run at once).

    .venv/bin/python bench/image_intake.py
"""

import io
import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PARLEY_DATA_DIR", tempfile.mkdtemp(prefix="parley-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")

import django

django.setup()

from PIL import Image  # noqa: E402

from parley.core.errors import ParleyError  # noqa: E402
from parley.core.images import process_image  # noqa: E402

Image.MAX_IMAGE_PIXELS = None  # the before-like cases decode what Pillow would warn about


def _png(side: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (120, 130, 140)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def before_like(data: bytes) -> str:
    """What intake did before: decode everything, convert, resize (no draft mode, no cap below 40 Mpx)."""
    with Image.open(io.BytesIO(data)) as original:
        original.load()
        image = original.convert("RGB")
    image.thumbnail((2048, 2048), Image.Resampling.LANCZOS)
    return f"decoded, resized to {image.width}x{image.height}"


def now(data: bytes) -> str:
    try:
        main, _thumb = process_image(io.BytesIO(data), max_side=2048, thumbnail_side=600)
    except ParleyError as refused:
        return f"refused: {refused.message}"
    return f"accepted, {main.width}x{main.height}"


def at_once(step: Callable[[bytes], str], data: bytes, count: int = 4) -> str:
    outcomes: list[str] = []
    threads = [threading.Thread(target=lambda: outcomes.append(step(data))) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return f"{count} at once: {outcomes[0]}"


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(case: Callable[[], str], results: "multiprocessing.Queue[tuple[float, float, str]]") -> None:
    base = _peak_kib()
    started = time.perf_counter()
    outcome = case()
    results.put((time.perf_counter() - started, (_peak_kib() - base) / 1024, outcome))


def measure(name: str, case: Callable[[], str]) -> None:
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue[tuple[float, float, str]] = context.Queue()
    process = context.Process(target=_child, args=(case, results))
    process.start()
    seconds, peak_mib, outcome = results.get()
    process.join()
    print(f"{name:<44} {seconds * 1000:>9.0f} ms {peak_mib:>9.0f} MiB  {outcome}")


def main() -> None:
    huge = _png(6300)
    largest = _png(4096)
    phone = _jpeg(8000, 6000)
    print(
        f"inputs: 6300x6300 PNG {len(huge) // 1024} KB, 4096x4096 PNG {len(largest) // 1024} KB, "
        f"8000x6000 JPEG {len(phone) // 1024} KB\n"
    )
    print(f"{'case':<44} {'time':>12} {'peak RSS':>13}  outcome")
    measure("6300x6300 PNG, before-like", lambda: before_like(huge))
    measure("6300x6300 PNG, now", lambda: now(huge))
    measure("4 x 6300x6300 PNG, before-like", lambda: at_once(before_like, huge))
    measure("4 x 6300x6300 PNG, now", lambda: at_once(now, huge))
    measure("4096x4096 PNG, now", lambda: now(largest))
    measure("4 x 4096x4096 PNG, now (2 decode slots)", lambda: at_once(now, largest))
    measure("8000x6000 JPEG, before-like (full decode)", lambda: before_like(phone))
    measure("8000x6000 JPEG, now (draft mode)", lambda: now(phone))


if __name__ == "__main__":
    main()
