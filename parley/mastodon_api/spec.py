"""Where the Mastodon OpenAPI description lives: ../shared/specs beside the repository, or
under PARLEY_SHARED. It is reference data for docs and tests, never needed to serve requests."""

import os
from pathlib import Path

from django.conf import settings

SPEC_RELATIVE = Path("specs") / "mastodon-openapi" / "schema.json"


def spec_path() -> Path:
    shared = os.environ.get("PARLEY_SHARED")
    root = Path(shared) if shared else Path(settings.BASE_DIR).parent / "shared"
    return root / SPEC_RELATIVE
