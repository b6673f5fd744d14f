from datetime import timedelta

import pytest
from django.utils import timezone

from parley.core.errors import NotFound
from parley.filters.actions import KeywordChange, create_filter, delete_filter
from parley.filters.models import FilterKeyword, KeywordFilter
from parley.filters.queries import FilterMatch, PostFilter, access_filter, access_keyword, filters_of
from parley.posts.actions import echo_post, publish_post

pytestmark = pytest.mark.django_db


def words(*keywords: str, whole_word: bool = True) -> list[KeywordChange]:
    return [KeywordChange(keyword=k, whole_word=whole_word) for k in keywords]


def matched(post_filter: PostFilter, post) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(m.filter.title, m.keywords, m.hides) for m in post_filter.matches(post)]


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch):
    """Move the clock forward: `later(seconds)` makes timezone.now() that much later from then on."""

    def move(seconds: int) -> None:
        moved = timezone.now() + timedelta(seconds=seconds)
        monkeypatch.setattr(timezone, "now", lambda: moved)

    return move


# filters_of


def test_filters_of_lists_a_members_own_filters_newest_first_expired_included(make_member, later) -> None:
    alice, bob = make_member(), make_member()
    first = create_filter(user=alice, title="first", contexts=["home"], expires_in=60)
    second = create_filter(user=alice, title="second", contexts=["public"])
    create_filter(user=bob, title="bob's", contexts=["home"])
    later(120)
    assert list(filters_of(alice)) == [second, first]
    assert list(filters_of(make_member())) == []


def test_filters_of_loads_keywords_in_one_query(make_member, django_assert_num_queries) -> None:
    alice = make_member()
    create_filter(user=alice, title="a", contexts=["home"], keywords=words("x", "y"))
    create_filter(user=alice, title="b", contexts=["home"], keywords=words("z"))
    with django_assert_num_queries(2):
        found = {f.title: [k.keyword for k in f.keywords.all()] for f in filters_of(alice)}
    assert found == {"a": ["x", "y"], "b": ["z"]}


# access_filter, access_keyword


def test_access_filter_finds_a_members_own_filter_by_id_or_text(make_member) -> None:
    alice = make_member()
    own = create_filter(user=alice, title="mine", contexts=["home"])
    assert access_filter(alice, own.pk) == own
    assert access_filter(alice, str(own.pk)) == own


@pytest.mark.parametrize("filter_id", ["", "abc", "1.5", None, 10**30, -1])
def test_access_filter_refuses_malformed_or_unknown_ids(make_member, filter_id) -> None:
    alice = make_member()
    create_filter(user=alice, title="mine", contexts=["home"])
    with pytest.raises(NotFound, match="No such filter"):
        access_filter(alice, filter_id)


def test_access_filter_hides_other_members_and_deleted_filters(make_member) -> None:
    alice, bob = make_member(), make_member()
    theirs = create_filter(user=bob, title="bob's", contexts=["home"])
    with pytest.raises(NotFound, match="No such filter"):
        access_filter(alice, theirs.pk)
    delete_filter(keyword_filter=theirs)
    with pytest.raises(NotFound, match="No such filter"):
        access_filter(bob, theirs.pk)


def test_access_keyword_finds_only_a_members_own_keyword(make_member) -> None:
    alice, bob = make_member(), make_member()
    create_filter(user=alice, title="mine", contexts=["home"], keywords=words("x"))
    keyword = FilterKeyword.objects.get()
    assert access_keyword(alice, keyword.pk) == keyword
    assert access_keyword(alice, str(keyword.pk)) == keyword
    for viewer, keyword_id in (
        (bob, keyword.pk),
        (alice, "x"),
        (alice, None),
        (alice, 10**30),
        (alice, keyword.pk + 1),
    ):
        with pytest.raises(NotFound, match="No such keyword"):
            access_keyword(viewer, keyword_id)


# FilterMatch


def test_a_match_hides_only_for_a_hide_filter(make_member) -> None:
    alice = make_member()
    warn = create_filter(user=alice, title="w", contexts=["home"], action="warn")
    hide = create_filter(user=alice, title="h", contexts=["home"], action="hide")
    assert FilterMatch(hide, ("x",)).hides
    assert not FilterMatch(warn, ("x",)).hides


# PostFilter.matches


@pytest.fixture
def alice(make_member):
    return make_member("alice")


@pytest.fixture
def author(make_member):
    return make_member("author")


def test_whole_word_keywords_match_whole_words_only(alice, author) -> None:
    create_filter(user=alice, title="cats", contexts=["home"], keywords=words("cat"))
    home = PostFilter(alice, "home")
    for text in ("cat", "A cat sat.", "CAT!", "my Cat's bowl", "(cat)"):
        assert matched(home, publish_post(author=author, text=text)) == [("cats", ("cat",), False)], text
    for text in ("category", "bobcat", "cats", "concatenate", "cat_food"):
        assert matched(home, publish_post(author=author, text=text)) == [], text


def test_partial_keywords_match_inside_words(alice, author) -> None:
    create_filter(user=alice, title="cats", contexts=["home"], keywords=words("cat", whole_word=False))
    home = PostFilter(alice, "home")
    for text in ("category", "BOBCAT", "cat"):
        assert matched(home, publish_post(author=author, text=text)) == [("cats", ("cat",), False)], text
    assert matched(home, publish_post(author=author, text="dogs only")) == []


def test_keywords_with_symbols_match_as_tokens_and_literally(alice, author) -> None:
    create_filter(user=alice, title="symbols", contexts=["home"], keywords=words("#spoiler", "c++", "a.b"))
    home = PostFilter(alice, "home")
    assert matched(home, publish_post(author=author, text="big #spoiler ahead")) == [("symbols", ("#spoiler",), False)]
    assert matched(home, publish_post(author=author, text="#spoilers are fine")) == []
    assert matched(home, publish_post(author=author, text="learning C++ today")) == [("symbols", ("c++",), False)]
    # Keywords are text, not regular expressions: "." matches a dot only.
    assert matched(home, publish_post(author=author, text="axb")) == []
    assert matched(home, publish_post(author=author, text="see a.b")) == [("symbols", ("a.b",), False)]


def test_whole_words_are_unicode_words(alice, author) -> None:
    create_filter(user=alice, title="café", contexts=["home"], keywords=words("café"))
    home = PostFilter(alice, "home")
    assert matched(home, publish_post(author=author, text="Au CAFÉ ce soir")) == [("café", ("café",), False)]
    assert matched(home, publish_post(author=author, text="les cafés")) == []


def test_the_content_warning_is_matched_too(alice, author) -> None:
    create_filter(user=alice, title="plot", contexts=["home"], keywords=words("finale"))
    post = publish_post(author=author, text="no words here", content_warning="Finale discussion")
    assert matched(PostFilter(alice, "home"), post) == [("plot", ("finale",), False)]


def test_an_echo_is_judged_by_the_post_it_echoes(alice, author, make_member) -> None:
    create_filter(user=alice, title="plot", contexts=["home"], action="hide", keywords=words("finale"))
    original = publish_post(author=author, text="the finale was great")
    echo = echo_post(user=make_member(), post=original)
    assert matched(PostFilter(alice, "home"), echo) == [("plot", ("finale",), True)]


def test_every_matching_filter_and_keyword_is_reported(alice, author) -> None:
    create_filter(user=alice, title="one", contexts=["home"], keywords=words("red", "green", "blue"))
    create_filter(user=alice, title="two", contexts=["home"], action="hide", keywords=words("blue"))
    create_filter(user=alice, title="three", contexts=["home"], keywords=words("yellow"))
    post = publish_post(author=author, text="blue and red")
    assert matched(PostFilter(alice, "home"), post) == [("two", ("blue",), True), ("one", ("red", "blue"), False)]


def test_a_filter_applies_only_in_its_contexts(alice, author) -> None:
    create_filter(user=alice, title="plot", contexts=["home", "thread"], keywords=words("finale"))
    post = publish_post(author=author, text="finale")
    assert [
        c for c in ("home", "notifications", "public", "thread", "account") if PostFilter(alice, c).matches(post)
    ] == [
        "home",
        "thread",
    ]
    assert PostFilter(alice, "nowhere").matches(post) == []


def test_filters_are_a_members_own(alice, author, make_member) -> None:
    create_filter(user=alice, title="plot", contexts=["home"], keywords=words("finale"))
    post = publish_post(author=author, text="finale")
    assert PostFilter(make_member(), "home").matches(post) == []
    assert PostFilter(None, "home").matches(post) == []


def test_a_filter_without_keywords_matches_nothing(alice, author) -> None:
    create_filter(user=alice, title="empty", contexts=["home"])
    assert PostFilter(alice, "home").matches(publish_post(author=author, text="anything")) == []


def test_an_expired_filter_no_longer_applies(alice, author, later) -> None:
    create_filter(user=alice, title="week", contexts=["home"], expires_in=3600, keywords=words("finale"))
    post = publish_post(author=author, text="finale")
    later(3599)
    assert matched(PostFilter(alice, "home"), post) == [("week", ("finale",), False)]
    later(2)
    assert PostFilter(alice, "home").matches(post) == []
    # The expired filter is still the member's, to renew or delete.
    assert [f.title for f in filters_of(alice)] == ["week"]


def test_filters_are_read_once_per_post_filter(alice, author, django_assert_num_queries) -> None:
    create_filter(user=alice, title="plot", contexts=["home"], keywords=words("finale"))
    posts = [publish_post(author=author, text=t) for t in ("finale", "other", "finale again")]
    home = PostFilter(alice, "home")
    KeywordFilter.objects.all().delete()
    with django_assert_num_queries(0):
        assert [bool(home.matches(p)) for p in posts] == [True, False, True]


# PostFilter.visible


def test_visible_drops_hidden_posts_and_keeps_warned_ones_in_order(alice, author) -> None:
    create_filter(user=alice, title="hide", contexts=["public"], action="hide", keywords=words("finale"))
    create_filter(user=alice, title="warn", contexts=["public"], action="warn", keywords=words("trailer"))
    posts = [publish_post(author=author, text=t) for t in ("hello", "finale", "trailer", "trailer and finale", "bye")]
    assert [p.text for p in PostFilter(alice, "public").visible(posts)] == ["hello", "trailer", "bye"]
    assert PostFilter(alice, "home").visible(posts) == posts
    assert PostFilter(None, "public").visible(posts) == posts
