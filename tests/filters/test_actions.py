from datetime import timedelta

import pytest
from django.utils import timezone

from parley.core.errors import NotFound, ValidationFailed
from parley.filters.actions import (
    MAX_FILTERS,
    MAX_KEYWORDS,
    KeywordChange,
    add_keyword,
    create_filter,
    delete_filter,
    delete_keyword,
    update_filter,
    update_keyword,
)
from parley.filters.models import FilterKeyword, KeywordFilter

pytestmark = pytest.mark.django_db

TEN_YEARS = timedelta(seconds=10 * 365 * 24 * 3600)


def keywords_of(keyword_filter: KeywordFilter) -> list[tuple[str, bool]]:
    return [(k.keyword, k.whole_word) for k in FilterKeyword.objects.filter(filter=keyword_filter).order_by("id")]


def stored(keyword_filter: KeywordFilter) -> tuple[str, list[str], str, object, list[tuple[str, bool]]]:
    """Everything the database holds about a filter, to show that a refused change changed nothing."""
    fresh = KeywordFilter.objects.get(pk=keyword_filter.pk)
    return fresh.title, fresh.contexts, fresh.action, fresh.expires_at, keywords_of(fresh)


# create_filter


def test_create_filter_stores_title_contexts_action_and_keywords(make_member) -> None:
    alice = make_member()
    created = create_filter(
        user=alice,
        title="  Spoilers  ",
        contexts=["home", "public", "home"],
        action="hide",
        keywords=[KeywordChange(keyword=" finale "), KeywordChange(keyword="twist", whole_word=False)],
    )
    assert stored(created) == ("Spoilers", ["home", "public"], "hide", None, [("finale", True), ("twist", False)])
    assert created.user == alice


def test_create_filter_warns_by_default_and_may_have_no_keywords(make_member) -> None:
    created = create_filter(user=make_member(), title="Later", contexts=["notifications"])
    assert created.action == "warn"
    assert keywords_of(created) == []


def test_create_filter_accepts_the_longest_title_and_keyword(make_member) -> None:
    created = create_filter(
        user=make_member(), title="t" * 100, contexts=["thread"], keywords=[KeywordChange(keyword="k" * 100)]
    )
    assert stored(created)[0] == "t" * 100
    assert keywords_of(created) == [("k" * 100, True)]


def test_create_filter_sets_expiry_from_now(make_member) -> None:
    before = timezone.now()
    created = create_filter(user=make_member(), title="Week", contexts=["home"], expires_in=3600)
    assert created.expires_at is not None
    assert before + timedelta(seconds=3600) <= created.expires_at <= timezone.now() + timedelta(seconds=3600)


def test_create_filter_caps_expiry_at_ten_years(make_member) -> None:
    before = timezone.now()
    created = create_filter(user=make_member(), title="Forever-ish", contexts=["home"], expires_in=10**12)
    assert created.expires_at is not None
    assert before + TEN_YEARS <= created.expires_at <= timezone.now() + TEN_YEARS


def test_create_filter_ignores_a_destroyed_keyword_without_id(make_member) -> None:
    created = create_filter(
        user=make_member(),
        title="Mixed",
        contexts=["home"],
        keywords=[KeywordChange(keyword="gone", destroy=True), KeywordChange(keyword="kept")],
    )
    assert keywords_of(created) == [("kept", True)]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"title": ""}, "needs a title"),
        ({"title": "   "}, "needs a title"),
        ({"title": "t" * 101}, "at most 100 characters"),
        ({"title": "ok\x00"}, "characters that are not allowed"),
        ({"contexts": []}, "at least one place"),
        ({"contexts": ["home", "everywhere"]}, "Unknown filter context: everywhere"),
        ({"action": "mute"}, "either warn or hide"),
        ({"expires_in": 0}, "positive time"),
        ({"expires_in": -60}, "positive time"),
        ({"keywords": [KeywordChange(keyword="fine"), KeywordChange(keyword="  ")]}, "cannot be empty"),
        ({"keywords": [KeywordChange(keyword="k" * 101)]}, "at most 100 characters"),
        ({"keywords": [KeywordChange(keyword="nul\x00")]}, "characters that are not allowed"),
        ({"keywords": [KeywordChange(keyword=f"w{i}") for i in range(MAX_KEYWORDS + 1)]}, "at most 100 keywords"),
    ],
)
def test_create_filter_refuses_bad_input_and_stores_nothing(make_member, arguments, message) -> None:
    valid = {"title": "Title", "contexts": ["home"], "action": "warn", "keywords": [KeywordChange(keyword="x")]}
    with pytest.raises(ValidationFailed, match=message):
        create_filter(user=make_member(), **{**valid, **arguments})
    assert KeywordFilter.objects.count() == 0
    assert FilterKeyword.objects.count() == 0


def test_create_filter_cannot_change_a_keyword_it_does_not_have(make_member) -> None:
    alice = make_member()
    other = create_filter(user=alice, title="Other", contexts=["home"], keywords=[KeywordChange(keyword="a")])
    existing = FilterKeyword.objects.get(filter=other)
    with pytest.raises(NotFound, match="No such keyword"):
        create_filter(
            user=alice, title="New", contexts=["home"], keywords=[KeywordChange(id=existing.pk, keyword="stolen")]
        )
    assert list(KeywordFilter.objects.all()) == [other]
    assert keywords_of(other) == [("a", True)]


def test_a_member_has_at_most_max_filters(make_member) -> None:
    alice, bob = make_member(), make_member()
    for n in range(MAX_FILTERS):
        create_filter(user=alice, title=f"f{n}", contexts=["home"])
    with pytest.raises(ValidationFailed, match="at most 100 filters"):
        create_filter(user=alice, title="one more", contexts=["home"])
    assert KeywordFilter.objects.filter(user=alice).count() == MAX_FILTERS
    # The limit is per member.
    assert create_filter(user=bob, title="mine", contexts=["home"]).user == bob


# update_filter


@pytest.fixture
def spoilers(make_member) -> KeywordFilter:
    return create_filter(
        user=make_member("alice"),
        title="Spoilers",
        contexts=["home"],
        action="warn",
        expires_in=3600,
        keywords=[KeywordChange(keyword="finale"), KeywordChange(keyword="twist", whole_word=False)],
    )


def test_update_filter_without_changes_keeps_everything(spoilers) -> None:
    before = stored(spoilers)
    update_filter(keyword_filter=spoilers)
    assert stored(spoilers) == before


def test_update_filter_changes_only_what_is_given(spoilers) -> None:
    _title, _contexts, _action, expires_at, keywords = stored(spoilers)
    update_filter(keyword_filter=spoilers, title=" Plot ", contexts=["public", "thread", "public"], action="hide")
    assert stored(spoilers) == ("Plot", ["public", "thread"], "hide", expires_at, keywords)


def test_update_filter_sets_and_clears_expiry(spoilers) -> None:
    before = timezone.now()
    update_filter(keyword_filter=spoilers, expires_in=60)
    expires_at = stored(spoilers)[3]
    assert before + timedelta(seconds=60) <= expires_at <= timezone.now() + timedelta(seconds=60)
    update_filter(keyword_filter=spoilers, clear_expiry=True, expires_in=600)
    assert stored(spoilers)[3] is None


def test_update_filter_adds_changes_and_removes_keywords(spoilers) -> None:
    finale, twist = FilterKeyword.objects.filter(filter=spoilers).order_by("id")
    update_filter(
        keyword_filter=spoilers,
        keywords=[
            KeywordChange(id=finale.pk, keyword=" ending ", whole_word=False),
            KeywordChange(id=twist.pk, destroy=True),
            KeywordChange(keyword="reveal"),
        ],
    )
    assert keywords_of(spoilers) == [("ending", False), ("reveal", True)]


def test_update_filter_keeps_a_keywords_text_when_only_whole_word_changes(spoilers) -> None:
    twist = FilterKeyword.objects.get(filter=spoilers, keyword="twist")
    update_filter(keyword_filter=spoilers, keywords=[KeywordChange(id=twist.pk, whole_word=True)])
    assert keywords_of(spoilers) == [("finale", True), ("twist", True)]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"title": " "}, "needs a title"),
        ({"title": "t" * 101}, "at most 100 characters"),
        ({"title": "bad\x00"}, "characters that are not allowed"),
        ({"contexts": []}, "at least one place"),
        ({"contexts": ["inbox"]}, "Unknown filter context: inbox"),
        ({"action": "delete"}, "either warn or hide"),
        ({"expires_in": 0}, "positive time"),
        ({"keywords": [KeywordChange(keyword="")]}, "cannot be empty"),
        ({"keywords": [KeywordChange(keyword="k" * 101)]}, "at most 100 characters"),
        ({"keywords": [KeywordChange(keyword=f"w{i}") for i in range(MAX_KEYWORDS - 1)]}, "at most 100 keywords"),
    ],
)
def test_update_filter_refuses_bad_input_and_changes_nothing(spoilers, arguments, message) -> None:
    before = stored(spoilers)
    # A valid title change alongside shows that the whole update is refused, not just the bad part.
    with pytest.raises(ValidationFailed, match=message):
        update_filter(keyword_filter=spoilers, **{"title": "Changed", **arguments})
    assert stored(spoilers) == before


def test_update_filter_cannot_reach_another_filters_keyword(spoilers, make_member) -> None:
    own_other = create_filter(user=spoilers.user, title="Own", contexts=["home"], keywords=[KeywordChange(keyword="a")])
    theirs = create_filter(user=make_member(), title="Bob's", contexts=["home"], keywords=[KeywordChange(keyword="b")])
    before = [stored(f) for f in (spoilers, own_other, theirs)]
    for target in (own_other, theirs):
        keyword = FilterKeyword.objects.get(filter=target)
        for change in (KeywordChange(id=keyword.pk, keyword="hijacked"), KeywordChange(id=keyword.pk, destroy=True)):
            with pytest.raises(NotFound, match="No such keyword"):
                update_filter(keyword_filter=spoilers, title="Changed", keywords=[change])
    with pytest.raises(NotFound, match="No such keyword"):
        update_filter(keyword_filter=spoilers, keywords=[KeywordChange(id=10**30, destroy=True)])
    assert [stored(f) for f in (spoilers, own_other, theirs)] == before


def test_update_filter_may_reach_max_keywords_when_others_are_removed(spoilers) -> None:
    finale = FilterKeyword.objects.get(filter=spoilers, keyword="finale")
    changes = [KeywordChange(id=finale.pk, destroy=True)] + [KeywordChange(keyword=f"w{i}") for i in range(99)]
    update_filter(keyword_filter=spoilers, keywords=changes)
    assert FilterKeyword.objects.filter(filter=spoilers).count() == MAX_KEYWORDS


# delete_filter


def test_delete_filter_removes_it_and_its_keywords_only(spoilers) -> None:
    other = create_filter(user=spoilers.user, title="Other", contexts=["home"], keywords=[KeywordChange(keyword="x")])
    delete_filter(keyword_filter=spoilers)
    assert list(KeywordFilter.objects.all()) == [other]
    assert list(FilterKeyword.objects.values_list("keyword", flat=True)) == ["x"]


# add_keyword


def test_add_keyword_appends_a_cleaned_keyword(spoilers) -> None:
    added = add_keyword(keyword_filter=spoilers, keyword="  season five ")
    assert (added.keyword, added.whole_word, added.filter) == ("season five", True, spoilers)
    add_keyword(keyword_filter=spoilers, keyword="ep", whole_word=False)
    assert keywords_of(spoilers) == [("finale", True), ("twist", False), ("season five", True), ("ep", False)]


@pytest.mark.parametrize(
    ("keyword", "message"),
    [("", "cannot be empty"), ("\t\n ", "cannot be empty"), ("k" * 101, "at most 100"), ("\x00", "not allowed")],
)
def test_add_keyword_refuses_bad_keywords(spoilers, keyword, message) -> None:
    before = stored(spoilers)
    with pytest.raises(ValidationFailed, match=message):
        add_keyword(keyword_filter=spoilers, keyword=keyword)
    assert stored(spoilers) == before


def test_add_keyword_refuses_past_max_keywords(spoilers) -> None:
    for n in range(MAX_KEYWORDS - 2):
        add_keyword(keyword_filter=spoilers, keyword=f"w{n}")
    with pytest.raises(ValidationFailed, match="at most 100 keywords"):
        add_keyword(keyword_filter=spoilers, keyword="one more")
    assert FilterKeyword.objects.filter(filter=spoilers).count() == MAX_KEYWORDS


# update_keyword


def test_update_keyword_changes_text_and_whole_word(spoilers) -> None:
    finale = FilterKeyword.objects.get(filter=spoilers, keyword="finale")
    updated = update_keyword(user=spoilers.user, keyword_id=finale.pk, keyword=" last episode ", whole_word=False)
    assert (updated.pk, updated.keyword, updated.whole_word) == (finale.pk, "last episode", False)
    assert keywords_of(spoilers) == [("last episode", False), ("twist", False)]


def test_update_keyword_refuses_a_bad_keyword(spoilers) -> None:
    finale = FilterKeyword.objects.get(filter=spoilers, keyword="finale")
    before = stored(spoilers)
    for keyword, message in (("  ", "cannot be empty"), ("k" * 101, "at most 100"), ("a\x00b", "not allowed")):
        with pytest.raises(ValidationFailed, match=message):
            update_keyword(user=spoilers.user, keyword_id=finale.pk, keyword=keyword, whole_word=False)
    assert stored(spoilers) == before


def test_update_keyword_of_another_member_is_not_found(spoilers, make_member) -> None:
    finale = FilterKeyword.objects.get(filter=spoilers, keyword="finale")
    before = stored(spoilers)
    with pytest.raises(NotFound, match="No such keyword"):
        update_keyword(user=make_member(), keyword_id=finale.pk, keyword="mine", whole_word=False)
    with pytest.raises(NotFound, match="No such keyword"):
        update_keyword(user=spoilers.user, keyword_id=finale.pk + 1_000_000, keyword="x", whole_word=True)
    assert stored(spoilers) == before


# delete_keyword


def test_delete_keyword_removes_only_that_keyword(spoilers) -> None:
    finale = FilterKeyword.objects.get(filter=spoilers, keyword="finale")
    delete_keyword(user=spoilers.user, keyword_id=finale.pk)
    assert keywords_of(spoilers) == [("twist", False)]
    assert KeywordFilter.objects.filter(pk=spoilers.pk).exists()


def test_delete_keyword_of_another_member_or_unknown_is_not_found(spoilers, make_member) -> None:
    finale = FilterKeyword.objects.get(filter=spoilers, keyword="finale")
    before = stored(spoilers)
    with pytest.raises(NotFound, match="No such keyword"):
        delete_keyword(user=make_member(), keyword_id=finale.pk)
    with pytest.raises(NotFound, match="No such keyword"):
        delete_keyword(user=spoilers.user, keyword_id=10**30)
    assert stored(spoilers) == before
