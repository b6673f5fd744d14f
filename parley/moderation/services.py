"""The seam between publishing and screening (owned by the screening pipeline).

Core actions call `screen_content` before anything becomes visible, then
`record_screening` once the content row exists. Keep these two signatures stable.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

Decision = Literal["publish", "label", "hold", "reject"]
ContentKind = Literal["post", "reply", "quote", "edit", "bio", "display_name", "dm"]


@dataclass(frozen=True)
class ScreeningVerdict:
    decision: Decision
    labels: frozenset[str] = frozenset()  # "sensitive", "disputed"
    scores: dict[str, float] = field(default_factory=dict)
    reasons: tuple[dict[str, Any], ...] = ()

    @property
    def summary(self) -> str:
        """One sentence for the author: why the content is held or rejected."""
        return "; ".join(str(r.get("explanation", r.get("category", ""))) for r in self.reasons)


def screen_content(
    *, text: str, kind: ContentKind, author: Any, language: str = "", urls: tuple[str, ...] = ()
) -> ScreeningVerdict:
    """Placeholder until the screening pipeline lands: publish everything."""
    return ScreeningVerdict(decision="publish")


def record_screening(*, content: Any, kind: ContentKind, verdict: ScreeningVerdict) -> None:
    """Store the decision (and a review-queue item for holds). Placeholder: nothing to store."""
