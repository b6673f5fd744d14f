"""Which of a member's filters match which posts: the one rule the API and the web UI share."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.errors import NotFound
from parley.filters.models import FilterAction, FilterKeyword, KeywordFilter
from parley.posts.models import Post


def filters_of(user: User) -> QuerySet[KeywordFilter]:
    return KeywordFilter.objects.filter(user=user).prefetch_related("keywords")


def access_filter(user: User, filter_id: int | str) -> KeywordFilter:
    try:
        pk = int(filter_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such filter.")) from exc
    found = filters_of(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such filter."))
    return found


def access_keyword(user: User, keyword_id: int | str) -> FilterKeyword:
    try:
        pk = int(keyword_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such keyword.")) from exc
    found = FilterKeyword.objects.filter(pk=pk, filter__user=user).first()
    if found is None:
        raise NotFound(_("No such keyword."))
    return found


@dataclass(frozen=True)
class FilterMatch:
    filter: KeywordFilter
    keywords: tuple[str, ...]

    @property
    def hides(self) -> bool:
        return self.filter.action == FilterAction.HIDE


@dataclass(frozen=True)
class _Compiled:
    filter: KeywordFilter
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


def _compile(keyword_filter: KeywordFilter) -> _Compiled:
    patterns = []
    for entry in keyword_filter.keywords.all():
        escaped = re.escape(entry.keyword)
        # \b only works next to word characters; a keyword like "#tag" still matches as a token.
        pattern = rf"(?<!\w){escaped}(?!\w)" if entry.whole_word else escaped
        patterns.append((entry.keyword, re.compile(pattern, re.IGNORECASE)))
    return _Compiled(keyword_filter, tuple(patterns))


class PostFilter:
    """A member's active filters for one context, compiled once per request."""

    def __init__(self, user: User | None, context: str) -> None:
        self._filters: list[_Compiled] = []
        if user is not None and user.is_authenticated:
            active = filters_of(user).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
            self._filters = [_compile(f) for f in active if context in f.contexts]

    def matches(self, post: Post) -> list[FilterMatch]:
        """The filters that match a post (an echo is judged by the post it echoes)."""
        if not self._filters:
            return []
        shown = post.echo_of if post.echo_of is not None else post
        text = f"{shown.content_warning}\n{shown.text}"
        found = []
        for compiled in self._filters:
            keywords = tuple(k for k, pattern in compiled.patterns if pattern.search(text))
            if keywords:
                found.append(FilterMatch(compiled.filter, keywords))
        return found

    def visible(self, posts: Iterable[Post]) -> list[Post]:
        """The posts left once filters with the "hide" action have removed theirs."""
        return [p for p in posts if not any(m.hides for m in self.matches(p))]
