"""What members and the public can report, how fast it is reviewed, and what redress exists.

Report categories are the screening policy's categories (parley.screening.policy) plus two that
screening never detects on its own: other illegal content and "something else".
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext

from parley.screening.policy import APPEAL_WINDOW_MONTHS, CATEGORIES, Severity

SEVERITY_RANK: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}
# Credible threats to life come first among critical items (D18).
THREAT_CATEGORIES = frozenset({"violent_threat", "incitement"})
CSAM_CATEGORY = "sexual_minors"
APPEAL_WINDOW = timedelta(days=round(APPEAL_WINDOW_MONTHS * 30.5))  # 183 days (D20)
CLAIM_TTL = timedelta(minutes=30)  # an abandoned claim stops blocking others after this
REPORT_COMMENT_MAX = 1000
NOTICE_EXPLANATION_MAX = 5000
APPEAL_TEXT_MAX = 2000


@dataclass(frozen=True)
class ReportCategory:
    name: str
    title: str
    severity: Severity
    clause: str
    review_within: timedelta
    # Whether a removal here rests on the law (DSA "illegal content") or only on the terms.
    illegal: bool
    # The DSA Transparency Database category for statements of reasons.
    tdb_category: str


_TDB = {
    "violent_threat": "STATEMENT_CATEGORY_VIOLENCE",
    "incitement": "STATEMENT_CATEGORY_VIOLENCE",
    "hate": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "harassment": "STATEMENT_CATEGORY_CYBER_VIOLENCE",
    "sexual_minors": "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "spam": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    "sensitive": "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
    "disputed": "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
}
_ILLEGAL = frozenset({"violent_threat", "incitement", "hate", "sexual_minors"})

REPORT_CATEGORIES: tuple[ReportCategory, ...] = (
    *(
        ReportCategory(
            name=c.name,
            title=c.title,
            severity=c.severity,
            clause=c.clause,
            review_within=c.review_within,
            illegal=c.name in _ILLEGAL,
            tdb_category=_TDB[c.name],
        )
        for c in CATEGORIES
    ),
    ReportCategory(
        name="illegal",
        title="Other illegal content",
        severity="high",
        clause="Terms §4.7 (illegal content)",
        review_within=timedelta(hours=24),
        illegal=True,
        tdb_category="STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    ),
    ReportCategory(
        name="other",
        title="Something else against the rules",
        severity="low",
        clause="Terms §4 (content rules)",
        review_within=timedelta(hours=72),
        illegal=False,
        tdb_category="STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    ),
)
REPORT_CATEGORY_BY_NAME: dict[str, ReportCategory] = {c.name: c for c in REPORT_CATEGORIES}
REPORT_CATEGORY_CHOICES: list[tuple[str, str]] = [(c.name, c.title) for c in REPORT_CATEGORIES]


def report_category(name: str) -> ReportCategory:
    """The category called `name`, or "other" for a name that is no longer in the policy."""
    return REPORT_CATEGORY_BY_NAME.get(name, REPORT_CATEGORY_BY_NAME["other"])


def review_deadline(category: str) -> timedelta:
    """How long an item of this category may wait: the operator's setting, else the policy's."""
    hours = (getattr(settings, "PARLEY_REVIEW_DEADLINES", {}) or {}).get(category)
    if hours is not None:
        return timedelta(hours=float(hours))
    return report_category(category).review_within


def dispute_bodies() -> list[str]:
    return list(settings.PARLEY_DISPUTE_BODIES)


def _redress_text() -> str:
    return gettext(
        "You can appeal this decision for free within %(months)s months from your moderation decisions page; "
        "a moderator other than the one who decided will review it. You can also turn to a certified "
        "out-of-court dispute settlement body or to the courts."
    ) % {"months": APPEAL_WINDOW_MONTHS}


# Lazy, like gettext_lazy: translated into the language active where it is used, not at import.
REDRESS_TEXT = lazy(_redress_text, str)()
