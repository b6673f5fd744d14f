# ruff: noqa: RUF001  (lookalike and fullwidth letters are the test input)
import pytest

from parley.screening.normalise import normalise, normalise_term, quoted_spans, without_quotes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("I will K1LL you", "i will kill you"),
        ("je vais te t u e r", "je vais te tuer"),
        ("k.i.l.l them", "kill them"),
        ("kiiiiiill", "kill"),
        ("killllll thoooose", "kill those"),
        ("7h053 p30pl3", "those people"),
        ("I w\u200bill k\u200dill y\ufeffou", "i will kill you"),
        ("I will k\u0456ll y\u043eu", "i will kill you"),  # Cyrillic i and o
        ("Ｉ ｗｉｌｌ ｋｉｌｌ", "i will kill"),  # fullwidth, folded by NFKC
        ("Élection présidentielle à Paris", "election presidentielle a paris"),
        ("ÉGORGER", "egorger"),
        ("a$$h0le", "asshole"),
        ("j’ai dit", "j'ai dit"),
    ],
)
def test_evasion_tricks_are_undone(raw: str, expected: str) -> None:
    assert normalise(raw).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Elections in 2021 and 2024",
        "covid19 vaccine, 1st dose",
        "Привет мир",
        "東京 2020",
        "a + b = c",
    ],
)
def test_ordinary_text_is_not_mangled(text: str) -> None:
    assert normalise(text).text == text.casefold()


def test_single_letter_words_are_not_joined() -> None:
    assert normalise("il y a un an").text == "il y a un an"


def test_urls_and_mentions_become_placeholders() -> None:
    result = normalise("hey @bob@example.org see https://example.org/x")
    assert result.has_mention and result.has_url
    assert "example.org" not in result.text


def test_terms_normalise_like_text() -> None:
    assert normalise_term("KILL") == normalise_term("kiiill") == "kil"


def test_quoted_spans() -> None:
    text = 'he wrote "i will kill you" and « je vais te tuer »'
    assert len(quoted_spans(text)) == 2
    assert without_quotes(text) == "he wrote and"


def test_french_ligatures_are_spelt_out() -> None:
    # NFKC keeps « œ »; people type « oeil » and « œil » alike.
    assert normalise("Dors avec un ŒIL ouvert, ma sœur").text == "dors avec un oeil ouvert, ma soeur"
