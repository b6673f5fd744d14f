"""The English and French rule lists Parley ships (data/rules_en_fr.json), put into the Rule table.

One loader for the data migrations (which pass their historical model) and for `parley moderation
load-rules`. A rule is known by its language, category, kind and pattern; one already there,
edited by the operator or not, is left as it is.
"""

import json
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules_en_fr.json"
_IDENTITY = ("language", "category", "kind", "pattern")
_SETTINGS = ("action", "applies_to_dms", "note")


def shipped_rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return rules


# `rule_model` is Any: a migration passes a historical model class, which has no static type.
def load_shipped_rules(rule_model: Any) -> int:
    """Add every shipped rule the table lacks; the number added."""
    added = 0
    for entry in shipped_rules():
        _, created = rule_model.objects.get_or_create(
            **{key: entry[key] for key in _IDENTITY},
            defaults={key: entry[key] for key in _SETTINGS},
        )
        added += created
    return added


def unload_shipped_rules(rule_model: Any) -> None:
    """Remove the shipped rules (reversing the first data migration)."""
    for entry in shipped_rules():
        rule_model.objects.filter(**{key: entry[key] for key in _IDENTITY}).delete()
