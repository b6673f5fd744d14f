"""Mastodon's OAuth scopes: the broad ones imply their granular forms."""

from collections.abc import Iterable

GRANULAR: dict[str, tuple[str, ...]] = {
    "read": (
        "accounts",
        "blocks",
        "bookmarks",
        "favourites",
        "filters",
        "follows",
        "lists",
        "mutes",
        "notifications",
        "search",
        "statuses",
    ),
    "write": (
        "accounts",
        "blocks",
        "bookmarks",
        "conversations",
        "favourites",
        "filters",
        "follows",
        "lists",
        "media",
        "mutes",
        "notifications",
        "reports",
        "statuses",
    ),
    # Moderators' tools (parley/mastodon_api/admin.py).
    "admin:read": ("accounts", "reports"),
    "admin:write": ("accounts", "reports"),
}
# The legacy `follow` scope covers managing relationships.
FOLLOW_IMPLIES = (
    "read:blocks",
    "write:blocks",
    "read:follows",
    "write:follows",
    "read:mutes",
    "write:mutes",
)
BROAD = ("read", "write", "follow", "push", "profile", "admin:read", "admin:write")
ALL_SCOPES: tuple[str, ...] = BROAD + tuple(f"{broad}:{name}" for broad, names in GRANULAR.items() for name in names)


def expand(scopes: Iterable[str]) -> set[str]:
    """Every scope that a set of granted scopes allows."""
    granted = set(scopes)
    allowed = set(granted)
    for broad, names in GRANULAR.items():
        if broad in granted:
            allowed.update(f"{broad}:{name}" for name in names)
    if "follow" in granted:
        allowed.update(FOLLOW_IMPLIES)
    return allowed


def parse(scope_text: str) -> list[str]:
    """Scopes from a space (or "+" or comma) separated string, in order, without repeats."""
    separated = scope_text.replace("+", " ").replace(",", " ")
    return list(dict.fromkeys(s for s in separated.split() if s))


def allows(granted: Iterable[str], required: str) -> bool:
    return required in expand(granted)
