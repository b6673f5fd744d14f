"""The content policy as data: docs/policy.md and `decide()` both read this module.

Each category has a severity, default score thresholds and the terms-of-service clause it maps
to. Thresholds are on the detectors' 0..1 scores; an operator overrides them in the admin
(CategorySetting) or with the PARLEY_SCREENING_THRESHOLDS setting.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

Action = Literal["publish", "label", "hold", "reject"]
Severity = Literal["critical", "high", "medium", "low"]

# Order matters: a more severe action wins when categories disagree.
ACTION_RANK: dict[str, int] = {"publish": 0, "label": 1, "hold": 2, "reject": 3}

# How long a member may appeal a moderation decision (DSA 20: at least six months). Defined here,
# at the bottom layer, because screening's own statements already tell authors about it.
APPEAL_WINDOW_MONTHS = 6

# Stored verbatim in each screening reason and never translated at display: plain English.
APPEAL_INSTRUCTIONS = (
    f"You can appeal this automated decision for free within {APPEAL_WINDOW_MONTHS} months from the post's page or "
    "from Settings > Moderation decisions; a human moderator decides the appeal."
)


@dataclass(frozen=True)
class Category:
    name: str
    title: str
    severity: Severity
    # Score at or above which the action applies; None means "never from a score alone".
    label_at: float | None
    hold_at: float | None
    reject_at: float | None
    clause: str
    description: str
    # How long a held item may wait in the review queue before it is overdue.
    review_within: timedelta = timedelta(hours=24)
    # Labelled-not-removed categories publish with a label instead of holding.
    label_only: bool = False

    def action_for(self, score: float) -> Action:
        if self.reject_at is not None and score >= self.reject_at:
            return "reject"
        if self.hold_at is not None and score >= self.hold_at:
            return "hold"
        if self.label_at is not None and score >= self.label_at:
            return "label"
        return "publish"

    @property
    def flag_at(self) -> float:
        """The lowest score that leads to any action: what evaluation counts as a detection."""
        present = [t for t in (self.label_at, self.hold_at, self.reject_at) if t is not None]
        return min(present) if present else 1.01


CATEGORIES: tuple[Category, ...] = (
    Category(
        name="violent_threat",
        title="Threat of violence",
        severity="critical",
        label_at=None,
        hold_at=0.5,
        reject_at=0.9,
        clause="Terms §4.1 (threats of violence)",
        description=(
            "A statement of intent to kill, injure or sexually assault a person or group. "
            "News, quotes and condemnation of threats are allowed."
        ),
        review_within=timedelta(hours=1),
    ),
    Category(
        name="incitement",
        title="Incitement to violence",
        severity="critical",
        label_at=None,
        hold_at=0.5,
        reject_at=0.9,
        clause="Terms §4.2 (incitement and glorification of violence)",
        description=(
            "Calling on others to commit violence, or glorifying a violent attack or its "
            "perpetrators. Reporting and analysis of attacks are allowed."
        ),
        review_within=timedelta(hours=1),
    ),
    Category(
        name="hate",
        title="Hate on protected characteristics",
        severity="high",
        label_at=None,
        hold_at=0.6,
        reject_at=None,
        clause="Terms §4.3 (hateful conduct)",
        description=(
            "Attacking people for their race, ethnicity, national origin, religion, sex, gender "
            "identity, sexual orientation, disability or serious disease. Counter-speech and "
            "reclaimed use are allowed."
        ),
    ),
    Category(
        name="harassment",
        title="Targeted harassment",
        severity="high",
        label_at=None,
        hold_at=0.75,
        reject_at=None,
        clause="Terms §4.4 (harassment and doxxing)",
        description=(
            "Abuse aimed at a specific person, telling someone to harm themselves, or "
            "publishing private information such as a home address (doxxing)."
        ),
    ),
    Category(
        name="sexual_minors",
        title="Sexual content involving minors",
        severity="critical",
        label_at=None,
        hold_at=0.5,
        reject_at=0.9,
        clause="Terms §4.5 (child safety)",
        description=(
            "Any sexualisation of minors, or offering, requesting or linking to child sexual "
            "abuse material. Always reported to the authorities."
        ),
        review_within=timedelta(hours=1),
    ),
    Category(
        name="spam",
        title="Spam and platform manipulation",
        severity="medium",
        label_at=None,
        hold_at=0.7,
        reject_at=0.95,
        clause="Terms §4.6 (spam and manipulation)",
        description=(
            "Bulk or repetitive posting, scams, links to domains the operator has blocked, "
            "selling followers or engagement."
        ),
        review_within=timedelta(hours=72),
    ),
    Category(
        name="sensitive",
        title="Sensitive media",
        severity="low",
        label_at=0.7,
        hold_at=None,
        reject_at=None,
        clause="Terms §5.1 (sensitive content is labelled, not removed)",
        description=(
            "Adult or graphic content: published behind a warning, shown only to members who choose to see it."
        ),
        label_only=True,
    ),
    Category(
        name="disputed",
        title="Disputed claim",
        severity="low",
        label_at=0.7,
        hold_at=None,
        reject_at=None,
        clause="Terms §5.2 (disputed claims get context, not removal)",
        description="A claim that independent fact-checks dispute: published with a context label.",
        label_only=True,
    ),
)

CATEGORY_BY_NAME: dict[str, Category] = {c.name: c for c in CATEGORIES}
# Content a fail-closed detector could not read may be the worst there is: it waits for review
# in this category's queue, with its deadline.
UNSCREENED_CATEGORY = "violent_threat"
CATEGORY_NAMES: tuple[str, ...] = tuple(CATEGORY_BY_NAME)

# Not a policy category: the classifier's broad "offensive or toxic" score. It feeds harassment
# (when aimed at someone) and evaluation, but never acts alone: rudeness is allowed.
OFFENSIVE_SIGNAL = "offensive"
OFFENSIVE_FLAG_AT = 0.5
SCORE_KEYS: tuple[str, ...] = (*CATEGORY_NAMES, OFFENSIVE_SIGNAL)

# Brand-new accounts get stricter thresholds: most throwaway abuse comes from them.
NEW_ACCOUNT_AGE = timedelta(hours=24)
NEW_ACCOUNT_THRESHOLD_FACTOR = 0.85

# Maps the evaluation label columns of the shared datasets to the scores that detect them.
EVAL_LABELS: dict[str, tuple[str, ...]] = {
    "violence": ("violent_threat", "incitement"),
    "hate": ("hate",),
    "offensive": (*CATEGORY_NAMES[:6], OFFENSIVE_SIGNAL),
}


def _fmt(threshold: float | None) -> str:
    return "-" if threshold is None else f"{threshold:.2f}"


def policy_table() -> str:
    """The category table of docs/policy.md, generated from here (a test keeps them equal)."""
    lines = [
        "| category | severity | label at | hold at | reject at | default action | review within | terms clause |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in CATEGORIES:
        action = "label" if c.label_only else "reject" if c.reject_at is not None else "hold"
        review = "-" if c.label_only else f"{int(c.review_within.total_seconds() // 3600)} h"
        lines.append(
            f"| `{c.name}` | {c.severity} | {_fmt(c.label_at)} | {_fmt(c.hold_at)} | "
            f"{_fmt(c.reject_at)} | {action} | {review} | {c.clause} |"
        )
    return "\n".join(lines)
