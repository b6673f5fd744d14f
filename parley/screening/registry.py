"""The one place detectors are registered: settings.PARLEY_SCREENING_DETECTORS, dotted paths.

An operator adds a heavier detector (a GPU transformer, an external service) by appending its
class path to the setting; the pipeline and `decide()` do not change. Each detector can be
switched off or down-weighted in the admin (DetectorSetting, keyed by the detector's `name`).
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from parley.screening import config
from parley.screening.detectors.base import Detector


@cache
def _instantiate(paths: tuple[str, ...]) -> tuple[Detector, ...]:
    detectors = []
    for path in paths:
        detector = import_string(path)()
        if not isinstance(detector, Detector) or not detector.name:
            raise TypeError(f"{path} must subclass parley.screening.detectors.base.Detector and set name")
        detectors.append(detector)
    return tuple(detectors)


def registered() -> tuple[Detector, ...]:
    paths = tuple(settings.PARLEY_SCREENING_DETECTORS)
    return _instantiate(paths)


def active() -> list[tuple[Detector, float]]:
    """Enabled detectors with the operator's weight for each."""
    overrides = config.current().detector_settings
    result = []
    for detector in registered():
        enabled, weight = overrides.get(detector.name, (True, 1.0))
        if enabled:
            result.append((detector, weight))
    return result
