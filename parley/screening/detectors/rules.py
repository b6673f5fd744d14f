"""Operator word, phrase and regex lists, per language and category (edited in the admin)."""

from dataclasses import replace

from parley.screening import config
from parley.screening.detectors.base import Detector, Finding, Findings, ScreeningContext
from parley.screening.normalise import NormalisedText, quoted_spans

# The score a rule match reports, by the operator's action for it.
_RULE_SCORES = {"block": 1.0, "hold": 0.95, "label": 0.8}
# A match inside quotation marks is usually reporting or counter-speech ("he wrote 'I will kill
# you' and was arrested"): it is shown as evidence but no longer acts on its own.
_QUOTED_SCORE = 0.3


class RulesDetector(Detector):
    name = "rules"
    fail_closed = True

    def detect(self, text: NormalisedText, context: ScreeningContext) -> Findings:
        snapshot = config.current()
        findings: Findings = {}
        quoted = quoted_spans(text.text)
        for rule in snapshot.rules:
            if context.dm_rules_only and not rule.applies_to_dms:
                continue
            if rule.language and context.language and rule.language != context.language:
                continue
            match = rule.regex.search(text.text)
            if match is None:
                continue
            inside_quotes = any(a <= match.start() and match.end() <= b for a, b in quoted)
            if inside_quotes:
                finding = Finding(
                    score=_QUOTED_SCORE,
                    evidence=f"quoted phrase matched rule “{rule.pattern}”",
                    detector=self.name,
                    rule_id=rule.id,
                )
            else:
                finding = Finding(
                    score=_RULE_SCORES.get(rule.action, 0.95),
                    evidence=f"matched rule “{rule.pattern}” ({match.group(0)[:60]!r})",
                    action="reject" if rule.action == "block" else rule.action,  # type: ignore[arg-type]  # rule actions are validated choices
                    detector=self.name,
                    rule_id=rule.id,
                )
            best = findings.get(rule.category)
            if best is None or finding.score > best.score:
                findings[rule.category] = finding
        return findings


def apply_allow_rules(text: NormalisedText, context: ScreeningContext) -> NormalisedText:
    """Blank out spans the operator exempted ("kill time", "tuer le temps") before detection."""
    allow = config.current().allow_rules
    if not allow:
        return text
    canonical = text.text
    for rule in allow:
        if rule.language and context.language and rule.language != context.language:
            continue
        canonical = rule.regex.sub(" ", canonical)
    if canonical == text.text:
        return text
    return replace(text, text=canonical, exempted=True)
