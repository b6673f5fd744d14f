"""Every change to keyword filters goes through one function here."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.errors import NotFound, ValidationFailed
from parley.filters.models import FilterAction, FilterContext, FilterKeyword, KeywordFilter

MAX_FILTERS = 100
MAX_KEYWORDS = 100


@dataclass(frozen=True)
class KeywordChange:
    """One keyword to add (no id), change (id) or remove (id and destroy)."""

    keyword: str = ""
    whole_word: bool = True
    id: int | None = None
    destroy: bool = False


def _refuse_nul(text: str) -> None:
    # PostgreSQL cannot store a NUL character: refuse it here rather than fail in the database.
    if "\x00" in text:
        raise ValidationFailed(_("The text contains characters that are not allowed."))


def _clean_title(title: str) -> str:
    _refuse_nul(title)
    title = title.strip()
    if not title:
        raise ValidationFailed(_("A filter needs a title."))
    if len(title) > 100:
        raise ValidationFailed(_("A filter title can have at most 100 characters."))
    return title


def _clean_contexts(contexts: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(contexts))
    if not cleaned:
        raise ValidationFailed(_("Choose at least one place where the filter applies."))
    unknown = [c for c in cleaned if c not in FilterContext.values]
    if unknown:
        raise ValidationFailed(_("Unknown filter context: %(context)s.") % {"context": ", ".join(unknown)})
    return cleaned


def _clean_action(action: str) -> str:
    if action not in FilterAction.values:
        raise ValidationFailed(_("A filter's action is either warn or hide."))
    return action


def _clean_keyword(keyword: str) -> str:
    _refuse_nul(keyword)
    keyword = keyword.strip()
    if not keyword:
        raise ValidationFailed(_("A keyword cannot be empty."))
    if len(keyword) > 100:
        raise ValidationFailed(_("A keyword can have at most 100 characters."))
    return keyword


def _expiry(expires_in: int | None) -> datetime | None:
    if expires_in is None:
        return None
    if expires_in <= 0:
        raise ValidationFailed(_("A filter must last a positive time."))
    return timezone.now() + timedelta(seconds=min(expires_in, 10 * 365 * 24 * 3600))


def _apply_keywords(keyword_filter: KeywordFilter, changes: Sequence[KeywordChange]) -> None:
    for change in changes:
        if change.id is not None:
            entry = FilterKeyword.objects.filter(pk=change.id, filter=keyword_filter).first()
            if entry is None:
                raise NotFound(_("No such keyword."))
            if change.destroy:
                entry.delete()
                continue
            entry.keyword = _clean_keyword(change.keyword or entry.keyword)
            entry.whole_word = change.whole_word
            entry.save(update_fields=["keyword", "whole_word"])
        elif not change.destroy:
            FilterKeyword.objects.create(
                filter=keyword_filter,
                keyword=_clean_keyword(change.keyword),
                whole_word=change.whole_word,
            )
    if keyword_filter.keywords.count() > MAX_KEYWORDS:
        raise ValidationFailed(_("A filter can have at most %(n)d keywords.") % {"n": MAX_KEYWORDS})


@transaction.atomic
def create_filter(
    *,
    user: User,
    title: str,
    contexts: Sequence[str],
    action: str = FilterAction.WARN,
    expires_in: int | None = None,
    keywords: Sequence[KeywordChange] = (),
) -> KeywordFilter:
    if KeywordFilter.objects.filter(user=user).count() >= MAX_FILTERS:
        raise ValidationFailed(_("You can have at most %(n)d filters.") % {"n": MAX_FILTERS})
    keyword_filter = KeywordFilter.objects.create(
        user=user,
        title=_clean_title(title),
        contexts=_clean_contexts(contexts),
        action=_clean_action(action),
        expires_at=_expiry(expires_in),
    )
    _apply_keywords(keyword_filter, keywords)
    return keyword_filter


@transaction.atomic
def update_filter(
    *,
    keyword_filter: KeywordFilter,
    title: str | None = None,
    contexts: Sequence[str] | None = None,
    action: str | None = None,
    expires_in: int | None = None,
    clear_expiry: bool = False,
    keywords: Sequence[KeywordChange] = (),
) -> KeywordFilter:
    if title is not None:
        keyword_filter.title = _clean_title(title)
    if contexts is not None:
        keyword_filter.contexts = _clean_contexts(contexts)
    if action is not None:
        keyword_filter.action = _clean_action(action)
    if clear_expiry:
        keyword_filter.expires_at = None
    elif expires_in is not None:
        keyword_filter.expires_at = _expiry(expires_in)
    keyword_filter.save(update_fields=["title", "contexts", "action", "expires_at"])
    _apply_keywords(keyword_filter, keywords)
    return keyword_filter


def delete_filter(*, keyword_filter: KeywordFilter) -> None:
    keyword_filter.delete()


def add_keyword(*, keyword_filter: KeywordFilter, keyword: str, whole_word: bool = True) -> FilterKeyword:
    if keyword_filter.keywords.count() >= MAX_KEYWORDS:
        raise ValidationFailed(_("A filter can have at most %(n)d keywords.") % {"n": MAX_KEYWORDS})
    return FilterKeyword.objects.create(filter=keyword_filter, keyword=_clean_keyword(keyword), whole_word=whole_word)


def update_keyword(*, user: User, keyword_id: int, keyword: str, whole_word: bool) -> FilterKeyword:
    entry = FilterKeyword.objects.filter(pk=keyword_id, filter__user=user).first()
    if entry is None:
        raise NotFound(_("No such keyword."))
    entry.keyword = _clean_keyword(keyword)
    entry.whole_word = whole_word
    entry.save(update_fields=["keyword", "whole_word"])
    return entry


def delete_keyword(*, user: User, keyword_id: int) -> None:
    deleted, _details = FilterKeyword.objects.filter(pk=keyword_id, filter__user=user).delete()
    if not deleted:
        raise NotFound(_("No such keyword."))
