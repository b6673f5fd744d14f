"""The one interface every detector implements, built in or plugged in.

`detect(text, context)` returns a score in 0..1 per policy category it has an opinion on, each
with the evidence a statement of reasons can show. A detector never decides: `decide()` does.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from parley.screening.normalise import NormalisedText
from parley.screening.policy import Action


@dataclass(frozen=True)
class Finding:
    score: float
    evidence: str
    # Set only by operator rules: the operator's explicit action beats the score thresholds.
    action: Action | None = None
    detector: str = ""
    rule_id: int | None = None
    # False: this finding can hold content for a moderator but never refuse it on its own (the
    # linear classifier, whose high scores include lookalikes the encoder tells apart).
    can_reject: bool = True


@dataclass(frozen=True)
class ScreeningContext:
    kind: str = "post"
    language: str = ""
    urls: tuple[str, ...] = ()
    # Supplied by the posts layer (None from the CLI): how many posts with one of these texts the
    # author published since a moment; screening itself knows no post model.
    count_recent_posts: Callable[[set[str], datetime], int] | None = None
    account_age: timedelta | None = None
    # Only rules marked for DMs run on direct messages (privacy by default)...
    dm_rules_only: bool = False
    # ...unless a participant reported the message: then every detector reads it.
    reported: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


Findings = dict[str, Finding]


class Detector:
    """Subclass, set `name`, implement `detect`; override `detect_batch` if batching helps."""

    name: str = ""
    # True: content this detector could not read (it raised) is held for review, not published
    # without its opinion. The built-in detectors are; a plug-in (an outside service that may be
    # down) is not unless it says so, so its outage cannot stop posting.
    fail_closed: bool = False
    # Detectors whose findings this one replaces on the texts it read (a better model over
    # an older one that stays as the fallback when this one cannot run).
    supersedes: tuple[str, ...] = ()
    # ...in these categories only, where it reported them (None: every category it reports).
    supersedes_categories: frozenset[str] | None = None
    # True: runs on direct messages even when only the operator's DM rules would (it reads
    # on the instance and reports only threats and doxxing there).
    reads_direct_messages: bool = False

    def detect(self, text: NormalisedText, context: ScreeningContext) -> Findings:
        raise NotImplementedError

    def detect_batch(self, texts: Sequence[NormalisedText], contexts: Sequence[ScreeningContext]) -> list[Findings]:
        return [self.detect(t, c) for t, c in zip(texts, contexts, strict=True)]
