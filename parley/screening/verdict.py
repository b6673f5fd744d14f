"""What screening answers: a decision, labels, scores and the statement of reasons."""

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
