from parley.moderation.concepts import concept_string
from parley.moderation.normalise import normalise


def concepts(text: str) -> list[str]:
    return concept_string(normalise(text).text).split()


def test_threat_maps_to_intent_kill_you_in_both_languages() -> None:
    assert concepts("I will kill you") == ["c_intent", "c_kill", "c_you"]
    assert concepts("Je vais te tuer") == ["c_intent", "c_you", "c_kill"]
    assert concepts("On va vous égorger") == ["c_intent", "c_you", "c_kill"]


def test_set_phrases_threaten_without_a_violent_verb() -> None:
    assert "c_menace" in concepts("Watch your back, I know where you live")
    assert "c_menace" in concepts("Je sais où tu habites.")


def test_misspelt_violent_words_still_count() -> None:
    assert "c_kill" in concepts("si seulement quelqu'un pouvait etrnagler ces gens")
    assert "c_die" in concepts("deaht to them")
    assert "c_harm" in concepts("j'adorerais les voir soufrfir")


def test_typo_tolerance_keeps_the_first_letter_and_a_minimum_length() -> None:
    # One edit from "death" but a different first letter; "bill" is one edit from "kill".
    assert concepts("a walk on the heath") == ["c_calm"]
    assert concepts("the bill passed") == ["c_calm"]


def test_figurative_and_news_framing_are_concepts_of_their_own() -> None:
    assert "c_figurative" in concepts("We're going to crush the competition at the tournament")
    assert "c_news" in concepts("Three people were killed, police said")
    assert "c_negation" in concepts("Nobody should receive death threats")


def test_empty_and_plain_text_are_only_calm() -> None:
    assert concept_string("") == "c_calm"
    assert concepts("Lovely weather for a picnic") == ["c_calm"]


def test_words_run_together_and_short_swapped_words_still_count() -> None:
    assert "c_kill" in concepts("somebody should just stabthose people")
    assert "c_die" in concepts("deathto them")
    assert "c_die" in concepts("ils méritent demourir")
    assert "c_kill" in concepts("je veux teur tout le monde")
    # Glued to a word that is not a short function word, or not a violent word: nothing.
    assert concepts("those theme parks") == ["c_group", "c_calm"]
    assert concepts("stable prices") == ["c_calm"]


def test_violence_without_a_verb_of_killing() -> None:
    assert "c_die" in concepts("We must not let any of them live.")
    assert "c_die" in concepts("Tu ne mérites pas de vivre.")
    assert "c_harm" in concepts("Quelqu'un devrait lui briser le cou.")
    assert "c_kill" in concepts("One can only hope someone will put an end to them.")


def test_a_text_without_any_violent_word_is_marked_calm() -> None:
    assert concepts("These people should shut up once and for all")[-1] == "c_calm"
    assert "c_calm" not in concepts("I will kill you")
