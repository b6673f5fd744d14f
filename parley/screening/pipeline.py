"""Screening as data flowing one way: text -> normalise -> detectors -> decide() -> verdict."""

import logging
from collections.abc import Sequence
from dataclasses import replace

from django.conf import settings

from parley.screening import config, registry
from parley.screening.decide import decide
from parley.screening.detectors.base import Detector, Finding, Findings, ScreeningContext
from parley.screening.detectors.rules import RulesDetector, apply_allow_rules
from parley.screening.langid import guess_language
from parley.screening.normalise import NormalisedText, normalise
from parley.screening.policy import NEW_ACCOUNT_AGE
from parley.screening.verdict import ScreeningVerdict

logger = logging.getLogger(__name__)

# Posts are at most 1,000 characters; anything longer (CLI input, federated text) is screened
# on its first part rather than refused, so a huge input still gets a decision quickly.
MAX_SCREENED_CHARS = 20_000


class ScreeningInputError(ValueError):
    """The input is not text that can be screened (for example, not a string)."""


def _prepare(text: object, context: ScreeningContext) -> tuple[NormalisedText, ScreeningContext]:
    if not isinstance(text, str):
        raise ScreeningInputError(f"text must be a string, not {type(text).__name__}")
    # Lone surrogates (from broken JSON) cannot be encoded; replace them instead of crashing.
    clean = text[:MAX_SCREENED_CHARS].encode("utf-8", "replace").decode("utf-8")
    normalised = normalise(clean)
    language = context.language[:2].lower() if context.language else guess_language(normalised.text)
    dm_rules_only = context.kind == "dm" and not settings.PARLEY_SCREENING_DMS and not context.reported
    context = replace(context, language=language, dm_rules_only=dm_rules_only)
    return apply_allow_rules(normalised, context), context


def _detect(detector: Detector, batch: Sequence[tuple[NormalisedText, ScreeningContext]]) -> list[Findings | None]:
    """The detector's findings per text, or None where it raised.

    A batch that fails is read again one text at a time, so one text the detector cannot read
    does not cost the rest of the batch its opinion.
    """
    try:
        return list(detector.detect_batch([t for t, _ in batch], [c for _, c in batch]))
    except Exception:
        logger.exception("screening detector %s failed on a batch of %d", detector.name, len(batch))
    results: list[Findings | None] = []
    for text, context in batch:
        try:
            results.append(detector.detect(text, context))
        except Exception:
            logger.exception("screening detector %s failed on one text", detector.name)
            results.append(None)
    return results


def screen_many(texts: Sequence[object], contexts: Sequence[ScreeningContext]) -> list[ScreeningVerdict]:
    """Screen a batch; detectors that can vectorise (the classifier) see the whole batch at once."""
    prepared = [_prepare(t, c) for t, c in zip(texts, contexts, strict=True)]
    findings: list[dict[str, list[Finding]]] = [{} for _ in prepared]
    unscreened: list[list[str]] = [[] for _ in prepared]
    superseded: list[dict[str, set[str]]] = [{} for _ in prepared]
    for detector, weight in registry.active():
        # Only rules the operator marked for DMs, and detectors made for DMs, read direct messages.
        indices = [
            i
            for i, (text, ctx) in enumerate(prepared)
            if text.text
            and (not ctx.dm_rules_only or isinstance(detector, RulesDetector) or detector.reads_direct_messages)
        ]
        if not indices:
            continue
        results = _detect(detector, [prepared[i] for i in indices])
        for i, result in zip(indices, results, strict=True):
            if result is None:
                # A fail-closed detector's silence is not a pass; a plug-in's is skipped.
                if detector.fail_closed:
                    unscreened[i].append(detector.name)
                continue
            for category in result:
                if detector.supersedes_categories is None or category in detector.supersedes_categories:
                    superseded[i].setdefault(category, set()).update(detector.supersedes)
            for category, finding in result.items():
                if weight != 1.0:
                    finding = replace(finding, score=min(1.0, finding.score * weight))
                findings[i].setdefault(category, []).append(finding)
    for found, replaced in zip(findings, superseded, strict=True):
        for category, detectors in replaced.items():
            if category in found:
                found[category] = [f for f in found[category] if f.detector not in detectors]
    snapshot = config.current()
    verdicts = []
    for (_, ctx), found, failed in zip(prepared, findings, unscreened, strict=True):
        new_account = ctx.account_age is not None and ctx.account_age < NEW_ACCOUNT_AGE
        verdicts.append(
            decide(
                found,
                categories=snapshot.categories,
                disabled=snapshot.disabled_categories,
                new_account=new_account,
                unscreened_by=tuple(failed),
            )
        )
    return verdicts


def screen_text(text: object, context: ScreeningContext | None = None) -> ScreeningVerdict:
    return screen_many([text], [context or ScreeningContext()])[0]
