"""Signals from around the text: links to blocked domains and bursts of identical posts.

A brand-new account is not a score of its own (a new member is not spam); `decide()` applies
stricter thresholds to it instead.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone

from parley.screening import config
from parley.screening.detectors.base import Detector, Finding, Findings, ScreeningContext
from parley.screening.normalise import NormalisedText

BURST_MINUTES = 10
BURST_WINDOW = timedelta(minutes=BURST_MINUTES)
BURST_HOLD_COUNT = 3  # the same text this many times in the window: held as spam
BURST_REJECT_COUNT = 6
_LINKS_FOR_SPAM = 4


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def blocked_domain(url: str, blocked: dict[str, tuple[str, str]]) -> tuple[str, str, str] | None:
    """(domain, category, action) when the URL's host is a blocked domain or a subdomain of one."""
    host = _host(url)
    while host:
        if host in blocked:
            category, action = blocked[host]
            return host, category, action
        _, _, host = host.partition(".")
    return None


class ContextDetector(Detector):
    name = "context"
    fail_closed = True

    def detect(self, text: NormalisedText, context: ScreeningContext) -> Findings:
        findings: Findings = {}
        blocked = config.current().blocked_domains
        for url in context.urls:
            hit = blocked_domain(url, blocked) if blocked else None
            if hit is not None:
                domain, category, action = hit
                findings[category] = Finding(
                    score=1.0,
                    evidence=f"link to blocked domain {domain}",
                    action="reject" if action == "block" else "hold",
                    detector=self.name,
                )
                break
        if len(context.urls) >= _LINKS_FOR_SPAM and "spam" not in findings:
            findings["spam"] = Finding(score=0.6, evidence=f"{len(context.urls)} links in one post", detector=self.name)
        repeats = self._recent_identical(text, context)
        if repeats >= BURST_HOLD_COUNT:
            score = 0.96 if repeats >= BURST_REJECT_COUNT else 0.8
            finding = Finding(
                score=score,
                evidence=f"the same text posted {repeats} times in {BURST_MINUTES} minutes",
                detector=self.name,
            )
            existing = findings.get("spam")
            if existing is None or finding.score > existing.score:
                findings["spam"] = finding
        return findings

    def _recent_identical(self, text: NormalisedText, context: ScreeningContext) -> int:
        if context.count_recent_posts is None or context.kind not in ("post", "reply", "quote"):
            return 0
        body = text.original.strip()
        # Posts are screened as "content warning + newline + text"; stored rows hold the text.
        candidates = {body, body.split("\n", 1)[-1]}
        return context.count_recent_posts(candidates, timezone.now() - BURST_WINDOW)
