"""Plain text in, safe HTML out: the only place user text becomes markup.

A member's text is never trusted as HTML. It is escaped, then URLs, @mentions and #hashtags
become links using the class names Mastodon clients expect.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext

URL_RE = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
MENTION_RE = re.compile(r"(?<![\w@/])@([A-Za-z0-9_]{1,30})(?:@([A-Za-z0-9.-]+\.[A-Za-z]{2,}))?\b")
HASHTAG_RE = re.compile(r"(?<![\w/&#])#(\w{1,64})", re.UNICODE)
TOKEN_RE = re.compile(f"({URL_RE.pattern})|({MENTION_RE.pattern})|({HASHTAG_RE.pattern})", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""


@dataclass(frozen=True)
class LinkTargets:
    """How to build link targets; `profile_url` returns None for unknown usernames."""

    profile_url: Callable[[str], str | None]
    hashtag_url: Callable[[str], str]


def normalize_hashtag(name: str) -> str:
    return name.casefold()


def extract_hashtags(text: str) -> list[str]:
    """Distinct hashtags in order of first use, case-folded."""
    seen: dict[str, None] = {}
    for match in HASHTAG_RE.finditer(_without_urls(text)):
        tag = normalize_hashtag(match.group(1))
        if not tag.isdigit():
            seen.setdefault(tag, None)
    return list(seen)


def extract_mentions(text: str) -> list[str]:
    """Distinct local usernames mentioned, case-folded, in order of first use."""
    seen: dict[str, None] = {}
    for match in MENTION_RE.finditer(_without_urls(text)):
        if match.group(2) is None:
            seen.setdefault(match.group(1).casefold(), None)
    return list(seen)


def extract_urls(text: str) -> list[str]:
    return [_trim_url(m.group(0))[0] for m in URL_RE.finditer(text)]


def render_text(text: str, links: LinkTargets) -> str:
    """Render a post's plain text as HTML paragraphs with links."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{_render_paragraph(p, links)}</p>" for p in paragraphs)


def _render_paragraph(paragraph: str, links: LinkTargets) -> str:
    out: list[str] = []
    position = 0
    for match in TOKEN_RE.finditer(paragraph):
        out.append(escape(paragraph[position : match.start()]))
        token = match.group(0)
        if match.group(1):
            url, rest = _trim_url(token)
            out.append(_link_url(url) + escape(rest))
        elif token.startswith("@"):
            username = match.group(3)
            href = links.profile_url(username) if match.group(4) is None else None
            if href:
                out.append(
                    f'<span class="h-card"><a href="{escape(href)}" class="u-url mention">'
                    f"@<span>{escape(username)}</span></a></span>"
                )
            else:
                out.append(escape(token))
        else:
            tag = match.group(6)
            if tag.isdigit():
                out.append(escape(token))
            else:
                href = links.hashtag_url(normalize_hashtag(tag))
                out.append(
                    f'<a href="{escape(href)}" class="mention hashtag" rel="tag">#<span>{escape(tag)}</span></a>'
                )
        position = match.end()
    out.append(escape(paragraph[position:]))
    return "".join(out).replace("\n", "<br>")


def _link_url(url: str) -> str:
    shown = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
    if len(shown) > 40:
        shown = shown[:39] + "…"
    return f'<a href="{escape(url)}" rel="nofollow noopener noreferrer" target="_blank">{escape(shown)}</a>'


def _trim_url(url: str) -> tuple[str, str]:
    trimmed = url.rstrip(_TRAILING_PUNCTUATION)
    return trimmed, url[len(trimmed) :]


def _without_urls(text: str) -> str:
    return URL_RE.sub(" ", text)


# A NUL cannot be stored in a PostgreSQL text column, and a lone UTF-16 surrogate (which a JSON
# "\ud800" escape decodes to) cannot be encoded as UTF-8 at all: text with either is refused
# where a request is read, never stripped silently.
_UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")


def unstorable_message(name: str) -> str:
    return gettext("%(name)s contains a character that cannot be stored (a NUL byte or a lone surrogate).") % {
        "name": name
    }


def is_storable(text: str) -> bool:
    """Whether text holds neither a NUL nor a lone surrogate."""
    return _UNSTORABLE_RE.search(text) is None


def unstorable_field(fields: Mapping[str, object]) -> str | None:
    """The name of the first field whose name or text (nested lists and objects included)
    cannot be stored, or None when all can."""
    for name, value in fields.items():
        if not is_storable(name) or _holds_unstorable(value):
            return name if is_storable(name) else repr(name)
    return None


def _holds_unstorable(value: object) -> bool:
    if isinstance(value, str):
        return not is_storable(value)
    if isinstance(value, list):
        return any(_holds_unstorable(item) for item in value)
    if isinstance(value, dict):
        return unstorable_field(value) is not None
    return False
