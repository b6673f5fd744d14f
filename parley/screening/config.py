"""The operator's screening configuration, read from the database once and cached per process.

Screening runs on every post, so it must not query five tables each time. The snapshot is
rebuilt when an admin edit in this process invalidates it (signals), and otherwise at most
every few seconds so that other worker processes pick up edits quickly too.
"""

import re
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from parley.screening.models import BlockedDomain, CategorySetting, DetectorSetting, Rule
from parley.screening.normalise import normalise_term
from parley.screening.policy import CATEGORIES, Category

_TTL_SECONDS = 5.0


@dataclass(frozen=True)
class CompiledRule:
    id: int
    language: str
    category: str
    action: str
    applies_to_dms: bool
    pattern: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Snapshot:
    rules: tuple[CompiledRule, ...] = ()
    allow_rules: tuple[CompiledRule, ...] = ()
    detector_settings: dict[str, tuple[bool, float]] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    disabled_categories: frozenset[str] = frozenset()
    blocked_domains: dict[str, tuple[str, str]] = field(default_factory=dict)


def term_regex(term: str) -> str:
    """A word or phrase as a regex on normalised text, tolerant of repeated letters.

    The term is squeezed ("kill" -> "kil") and each letter may then repeat, so "kiill" and
    "killll" match; words are separated by any run of non-word characters.
    """
    parts = []
    for word in normalise_term(term).split():
        parts.append("".join(re.escape(ch) + "+" if ch.isalnum() else re.escape(ch) for ch in word))
    return r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)"


def compile_rule(rule: Rule) -> CompiledRule | None:
    source = rule.pattern if rule.kind == "regex" else term_regex(rule.pattern)
    try:
        regex = re.compile(source)
    except re.error:
        # The admin form validates regexes; a bad one in the table must not break screening.
        return None
    return CompiledRule(
        id=rule.pk,
        language=rule.language,
        category=rule.category,
        action=rule.action,
        applies_to_dms=rule.applies_to_dms,
        pattern=rule.pattern,
        regex=regex,
    )


def _threshold_overrides() -> dict[str, dict[str, float | None]]:
    value = getattr(settings, "PARLEY_SCREENING_THRESHOLDS", {}) or {}
    return {str(k): dict(v) for k, v in value.items()}


def _load() -> Snapshot:
    compiled = [c for c in (compile_rule(r) for r in Rule.objects.filter(enabled=True)) if c]
    categories: dict[str, Category] = {}
    overrides = _threshold_overrides()
    db_settings = {s.category: s for s in CategorySetting.objects.all()}
    disabled = frozenset(name for name, s in db_settings.items() if not s.enabled)
    for cat in CATEGORIES:
        values = {"label_at": cat.label_at, "hold_at": cat.hold_at, "reject_at": cat.reject_at}
        values.update({k: v for k, v in overrides.get(cat.name, {}).items() if k in values})
        db = db_settings.get(cat.name)
        if db is not None:
            for key in values:
                if getattr(db, key) is not None:
                    values[key] = getattr(db, key)
        categories[cat.name] = Category(
            name=cat.name,
            title=cat.title,
            severity=cat.severity,
            clause=cat.clause,
            description=cat.description,
            review_within=cat.review_within,
            label_only=cat.label_only,
            **values,
        )
    return Snapshot(
        rules=tuple(c for c in compiled if c.action != "allow"),
        allow_rules=tuple(c for c in compiled if c.action == "allow"),
        detector_settings={s.name: (s.enabled, s.weight) for s in DetectorSetting.objects.all()},
        categories=categories,
        disabled_categories=disabled,
        blocked_domains={
            d.domain.strip().lower().removeprefix("www."): (d.category, d.action) for d in BlockedDomain.objects.all()
        },
    )


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.loaded_at = 0.0


_cache = _Cache()


def current() -> Snapshot:
    now = time.monotonic()
    snap = _cache.snapshot
    if snap is not None and now - _cache.loaded_at < _TTL_SECONDS:
        return snap
    with _cache.lock:
        snap = _load()
        _cache.snapshot, _cache.loaded_at = snap, now
    return snap


def invalidate(**_: object) -> None:
    _cache.snapshot = None


for _model in (Rule, BlockedDomain, DetectorSetting, CategorySetting):
    post_save.connect(invalidate, sender=_model, dispatch_uid=f"screening-config-save-{_model.__name__}")
    post_delete.connect(invalidate, sender=_model, dispatch_uid=f"screening-config-del-{_model.__name__}")
