import pytest

from parley.screening.personal_data import personal_data


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("her number is 555-0134, let her know", ["phone number"]),
        ("call (555) 123-4567 after 6", ["phone number"]),
        ("son portable : 06 00 00 12 34", ["phone number"]),
        ("écrivez au +33 6 00 00 12 34", ["phone number"]),
        ("Jane Miller, 14 Elm Street, leaves at 7pm", ["street address"]),
        ("il habite au 12 bis rue des Lilas", ["street address"]),
        ("mail him: jane.doe@example.com", ["e-mail address"]),
        ("sa voiture, plaque AB-123-CD", ["number plate"]),
        ("14 Elm Street, 555-0134", ["phone number", "street address"]),
    ],
)
def test_personal_data_is_found(text: str, kinds: list[str]) -> None:
    assert personal_data(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "we won 3-2 in 2024",
        "the 10 commandments",
        "meet at 5 pm on main st",
        "score final 21-14, quelle soirée",
        "page 12, chapter 3",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text: str) -> None:
    assert personal_data(text) == []
