"""The redress text states the appeal window from the one constant, in the reader's language."""

from django.utils import translation

from parley.safety.policy import REDRESS_TEXT
from parley.screening.policy import APPEAL_INSTRUCTIONS, APPEAL_WINDOW_MONTHS


def test_redress_text_is_translated_where_it_is_used_with_the_appeal_window() -> None:
    assert APPEAL_WINDOW_MONTHS == 6
    with translation.override("en"):
        assert str(REDRESS_TEXT).startswith("You can appeal this decision for free within 6 months from your ")
    with translation.override("fr"):
        assert "dans un délai de 6 mois" in str(REDRESS_TEXT)


def test_screening_appeal_instructions_state_the_same_window() -> None:
    assert "within 6 months from the post's page" in APPEAL_INSTRUCTIONS
