"""The one function that turns detector scores into an action and a statement of reasons."""

from collections.abc import Iterable, Mapping

from parley.screening.detectors.base import Finding
from parley.screening.policy import (
    ACTION_RANK,
    APPEAL_INSTRUCTIONS,
    CATEGORY_BY_NAME,
    NEW_ACCOUNT_THRESHOLD_FACTOR,
    SCORE_KEYS,
    UNSCREENED_CATEGORY,
    Action,
    Category,
)
from parley.screening.verdict import ScreeningVerdict

_UNSCREENED_EXPLANATION = (
    "held for human review because automated screening could not finish; a moderator will read it before it is public"
)
_EXPLAIN = {
    "label": "published with a “{label}” label because it looks like {title} ({clause})",
    "hold": "held for human review because it looks like {title} ({clause})",
    "reject": "not published because it looks like {title} ({clause})",
}


def _action(category: Category, finding: Finding, *, new_account: bool) -> Action:
    if finding.action is not None:
        action: Action = finding.action
    else:
        # Stricter thresholds for brand-new accounts: same as a proportionally higher score.
        score = finding.score / NEW_ACCOUNT_THRESHOLD_FACTOR if new_account else finding.score
        action = category.action_for(score)
    if category.label_only and ACTION_RANK[action] > ACTION_RANK["label"]:
        return "label"
    if action == "reject" and not finding.can_reject:
        return "hold"
    return action


def _strongest(category: Category, findings: list[Finding], *, new_account: bool) -> tuple[Finding, Action]:
    """The finding that calls for the most severe action (the higher score among equals)."""
    acted = [(f, _action(category, f, new_account=new_account)) for f in findings]
    return max(acted, key=lambda fa: (ACTION_RANK[fa[1]], fa[0].score))


def _category_reason(
    category: Category, finding: Finding, action: Action, *, label: str, new_account: bool
) -> dict[str, object]:
    explanation = _EXPLAIN[action].format(label=label, title=category.title.lower(), clause=category.clause)
    return _reason(
        category,
        action,
        round(finding.score, 4),
        finding.evidence,
        finding.detector,
        finding.rule_id,
        new_account,
        explanation,
    )


def _unscreened_reason(
    categories: Mapping[str, Category], unscreened_by: tuple[str, ...], *, new_account: bool
) -> dict[str, object]:
    names = ", ".join(unscreened_by)
    reason = _reason(
        categories[UNSCREENED_CATEGORY],
        "hold",
        None,
        f"automated screening could not finish: the {names} detector failed",
        names,
        None,
        new_account,
        _UNSCREENED_EXPLANATION,
    )
    return {**reason, "unscreened": True}


def decide(
    findings: Mapping[str, Iterable[Finding]],
    *,
    categories: Mapping[str, Category] = CATEGORY_BY_NAME,
    disabled: frozenset[str] = frozenset(),
    new_account: bool = False,
    unscreened_by: tuple[str, ...] = (),
) -> ScreeningVerdict:
    """Map every category's findings and the operator's thresholds to one decision.

    The most severe action across categories wins; every category that acted contributes a
    reason with its evidence, the terms clause, and how to appeal. Content that a fail-closed
    detector (`unscreened_by`) could not read is at least held: it was not fully screened.
    """
    scores = dict.fromkeys(SCORE_KEYS, 0.0)
    decision: Action = "publish"
    labels: set[str] = set()
    reasons: list[dict[str, object]] = []
    for name, category_findings in findings.items():
        listed = list(category_findings)
        if not listed:
            continue
        scores[name] = round(max(scores.get(name, 0.0), *(f.score for f in listed)), 4)
        category = categories.get(name)
        if category is None or name in disabled:
            continue
        finding, action = _strongest(category, listed, new_account=new_account)
        if action == "publish":
            continue
        label = "disputed" if name == "disputed" else "sensitive"
        if action == "label":
            labels.add(label)
        if ACTION_RANK[action] > ACTION_RANK[decision]:
            decision = action
        reasons.append(_category_reason(category, finding, action, label=label, new_account=new_account))
    if unscreened_by:
        if ACTION_RANK[decision] < ACTION_RANK["hold"]:
            decision = "hold"
        reasons.append(_unscreened_reason(categories, unscreened_by, new_account=new_account))
    reasons.sort(key=lambda r: -ACTION_RANK[str(r["action"])])
    return ScreeningVerdict(decision=decision, labels=frozenset(labels), scores=scores, reasons=tuple(reasons))


def _reason(
    category: Category,
    action: Action,
    score: float | None,
    evidence: str,
    detector: str,
    rule_id: int | None,
    new_account: bool,
    explanation: str,
) -> dict[str, object]:
    """One entry of the statement of reasons (EU DSA art. 17)."""
    return {
        "category": category.name,
        "action": action,
        "severity": category.severity,
        "score": score,
        "evidence": evidence,
        "detector": detector,
        "rule_id": rule_id,
        "automated": True,
        "new_account": new_account,
        "policy_clause": category.clause,
        "appeal": APPEAL_INSTRUCTIONS,
        "explanation": explanation,
    }
