from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from parley.screening import config
from parley.screening.detectors.base import Detector, Finding, Findings, ScreeningContext
from parley.screening.detectors.classifier import ClassifierDetector
from parley.screening.detectors.context import ContextDetector
from parley.screening.detectors.rules import RulesDetector
from parley.screening.models import BlockedDomain, DetectorSetting, Rule
from parley.screening.normalise import NormalisedText, normalise
from parley.screening.pipeline import screen_many, screen_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_config() -> None:
    config.invalidate()


def rules(text: str, **context: object) -> Findings:
    return RulesDetector().detect(normalise(text), ScreeningContext(**context))  # type: ignore[arg-type]


# --- rules (the shipped English and French lists are loaded by a data migration)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I'm going to kill you tomorrow", "violent_threat"),
        ("Je vais te tuer, tu es prévenu", "violent_threat"),
        ("je vais te t u e r", "violent_threat"),
        ("I w1ll k1ll y0u", "violent_threat"),
        ("We should kill all the immigrants", "incitement"),
        ("Il faut tous les exterminer", "incitement"),
        ("kill yourself", "harassment"),
        ("selling cp links dm me for child porn", "sexual_minors"),
        ("Buy followers now!!", "spam"),
        ("sales arabes", "hate"),
    ],
)
def test_shipped_rules_catch(text: str, category: str) -> None:
    assert category in rules(text)
    assert rules(text)[category].action is not None


@pytest.mark.parametrize(
    "text",
    [
        "The suspect threatened to kill his neighbour, police said.",
        "On a tué le temps en jouant aux cartes.",
        "Kill the process if the app freezes.",
        "Je suis mort de rire",
    ],
)
def test_shipped_rules_leave_news_and_idioms_alone(text: str) -> None:
    found = rules(text)
    assert not [f for f in found.values() if f.action in ("hold", "reject")]


def test_quoted_threat_is_evidence_not_an_action() -> None:
    finding = rules('He wrote "I will kill you" and was arrested.')["violent_threat"]
    assert finding.action is None
    assert finding.score < 0.5


def test_operator_rule_edit_takes_effect_at_once() -> None:
    assert "spam" not in rules("visit the zorblax emporium")
    Rule.objects.create(category="spam", kind="phrase", pattern="zorblax emporium", action="block")
    assert rules("Visit the ZORBLAAAX emporium")["spam"].action == "reject"


def test_allow_rule_exempts_words_before_every_detector() -> None:
    Rule.objects.create(category="violent_threat", kind="phrase", pattern="i will kill you", action="allow")
    assert screen_text("I will kill you").scores["violent_threat"] < 0.5


def test_dm_screening_uses_only_rules_marked_for_dms() -> None:
    dm = ScreeningContext(kind="dm", dm_rules_only=True)
    assert "violent_threat" not in RulesDetector().detect(normalise("je vais te tuer"), dm)
    assert "sexual_minors" in RulesDetector().detect(normalise("dm me for child porn"), dm)


def test_rules_respect_a_known_language() -> None:
    assert "violent_threat" not in rules("je vais te tuer", language="en")
    assert "violent_threat" in rules("je vais te tuer", language="fr")


def test_invalid_regex_in_the_table_is_skipped() -> None:
    Rule.objects.create(category="spam", kind="regex", pattern="(unclosed", action="block")
    assert rules("(unclosed") == {}


# --- classifier


def test_classifier_scores_threats_above_news() -> None:
    detector = ClassifierDetector()
    threat, news = detector.detect_batch(
        [
            normalise("I am going to hunt you down and slit your throat"),
            normalise("The council approved the new library budget on Tuesday"),
        ],
        [ScreeningContext(), ScreeningContext()],
    )
    threat_score = max(f.score for k, f in threat.items() if k in ("violent_threat", "incitement"))
    news_score = max(f.score for k, f in news.items() if k in ("violent_threat", "incitement"))
    assert threat_score > 0.5 > news_score


def test_classifier_harassment_needs_a_target() -> None:
    untargeted = ClassifierDetector().detect(normalise("this weather is shit"), ScreeningContext())
    assert "harassment" not in untargeted


# --- context signals


def test_links_to_blocked_domains(make_member: Callable[..., object]) -> None:
    BlockedDomain.objects.create(domain="scam.example", action="block")
    found = ContextDetector().detect(
        normalise("great deal"), ScreeningContext(urls=("https://www.shop.scam.example/x",))
    )
    assert found["spam"].action == "reject"
    assert "scam.example" in found["spam"].evidence


def test_burst_of_identical_posts_is_spam() -> None:
    asked: list[tuple[set[str], datetime]] = []

    def three_identical(texts: set[str], since: datetime) -> int:
        asked.append((texts, since))
        return 3 if "Same message again" in texts else 0

    context = ScreeningContext(count_recent_posts=three_identical, kind="post")
    found = ContextDetector().detect(normalise("Same message again"), context)
    assert found["spam"].score >= 0.7
    assert timezone.now() - asked[0][1] >= timedelta(minutes=9)


# --- registry and plug-ins


class AlwaysSpam(Detector):
    name = "always-spam"

    def detect(self, text: NormalisedText, context: ScreeningContext) -> Findings:
        return {"spam": Finding(score=0.99, evidence="plug-in says so", detector=self.name)}


class Broken(Detector):
    name = "broken"

    def detect(self, text: NormalisedText, context: ScreeningContext) -> Findings:
        raise RuntimeError("the GPU is on fire")


def test_plugin_detector_from_settings(settings: SettingsWrapper) -> None:
    settings.PARLEY_SCREENING_DETECTORS = [
        *settings.PARLEY_SCREENING_DETECTORS,
        f"{__name__}.AlwaysSpam",
        f"{__name__}.Broken",
    ]
    verdict = screen_text("hello friends")
    assert verdict.decision == "reject"
    assert verdict.reasons[0]["detector"] == "always-spam"


def test_a_broken_plug_in_is_skipped_and_the_others_decide(settings: SettingsWrapper) -> None:
    settings.PARLEY_SCREENING_DETECTORS = [*settings.PARLEY_SCREENING_DETECTORS, f"{__name__}.Broken"]
    assert screen_text("hello friends").decision == "publish"
    assert screen_text("I'm going to kill you tomorrow").decision == "hold"


class BrokenFailClosed(Broken):
    name = "broken-strict"
    fail_closed = True


def test_content_a_fail_closed_detector_cannot_read_is_held(settings: SettingsWrapper) -> None:
    settings.PARLEY_SCREENING_DETECTORS = [
        *settings.PARLEY_SCREENING_DETECTORS,
        f"{__name__}.BrokenFailClosed",
    ]
    verdict = screen_text("hello friends")
    assert verdict.decision == "hold"
    (reason,) = verdict.reasons
    assert reason["unscreened"] is True and reason["detector"] == "broken-strict"
    assert reason["category"] == "violent_threat" and reason["automated"] is True
    assert "could not finish" in reason["explanation"]


def test_built_in_detectors_fail_closed() -> None:
    assert RulesDetector.fail_closed and ClassifierDetector.fail_closed and ContextDetector.fail_closed
    assert not Detector.fail_closed


class ChokesOnXyzzy(Detector):
    """Fails a whole batch when one text in it is unreadable, as a vectorised model would."""

    name = "chokes-on-xyzzy"
    fail_closed = True

    def detect(self, text: NormalisedText, context: ScreeningContext) -> Findings:
        if "xyzzy" in text.text:
            raise ValueError("cannot read this one")
        return {}


def test_one_unreadable_text_does_not_cost_the_batch_its_screening(settings: SettingsWrapper) -> None:
    settings.PARLEY_SCREENING_DETECTORS = [
        *settings.PARLEY_SCREENING_DETECTORS,
        f"{__name__}.ChokesOnXyzzy",
    ]
    texts = ["good morning", "xyzzy plugh", "I'm going to kill you tomorrow"]
    verdicts = screen_many(texts, [ScreeningContext() for _ in texts])
    assert [v.decision for v in verdicts] == ["publish", "hold", "hold"]
    assert [r["detector"] for r in verdicts[1].reasons] == ["chokes-on-xyzzy"]
    # The threat is held for what it says, by the classifier that still read it.
    assert {r["category"] for r in verdicts[2].reasons} >= {"violent_threat"}
    assert not any(r.get("unscreened") for r in verdicts[2].reasons)


def test_operator_can_switch_a_detector_off(settings: SettingsWrapper) -> None:
    settings.PARLEY_SCREENING_DETECTORS = [f"{__name__}.AlwaysSpam"]
    DetectorSetting.objects.create(name="always-spam", enabled=False)
    assert screen_text("hello friends").decision == "publish"


def test_operator_weight_scales_scores(settings: SettingsWrapper) -> None:
    settings.PARLEY_SCREENING_DETECTORS = [f"{__name__}.AlwaysSpam"]
    DetectorSetting.objects.create(name="always-spam", weight=0.5)
    assert screen_text("hello friends").scores["spam"] == pytest.approx(0.495)


# --- over-blocking: short, harmless second-person replies must pass


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Tu as une source ?", "fr"),
        ("Tu as une source ?", ""),
        ("T'as lu l'article jusqu'au bout ?", "fr"),
        ("Vous en pensez quoi ?", "fr"),
        ("Tu viens avec nous samedi ?", "fr"),
        ("Merci à toi !", "fr"),
        ("Do you have a source?", "en"),
        ("Are you OK?", "en"),
        ("Can you send me the link?", "en"),
        ("Thank you, you're very kind.", "en"),
    ],
)
def test_short_harmless_replies_are_published(text: str, language: str) -> None:
    verdict = screen_text(text, ScreeningContext(language=language))
    assert verdict.decision == "publish", verdict.reasons


@pytest.mark.parametrize(
    ("text", "language"),
    [("Je vais te crever, sale ordure", "fr"), ("I will stab you tonight", "en")],
)
def test_short_threats_are_still_held_or_refused(text: str, language: str) -> None:
    assert screen_text(text, ScreeningContext(language=language)).decision in ("hold", "reject")


# Calls for a group's death that name no verb of killing: gallows, falls, camps, "the right to
# live". Written for this test; none may publish. The encoder holds three of the nine as hate
# rather than as violence (the linear classifier called all nine violence).
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Tous les musulmans à la potence !", "fr"),
        ("Les homosexuels devraient être jetés du haut des immeubles.", "fr"),
        ("Il faudrait mettre tous les trans dans des camps.", "fr"),
        ("Les féministes doivent payer de leur vie.", "fr"),
        ("Les handicapés ne devraient pas avoir le droit de vivre.", "fr"),
        ("Ce serait bien que tous les immigrés disparaissent de la surface de la terre.", "fr"),
        ("Gay people should be thrown off buildings.", "en"),
        ("We should put all trans people in camps.", "en"),
        ("Every Jew deserves a rope around the neck.", "en"),
    ],
)
def test_calls_for_death_without_a_killing_verb_are_violence(text: str, language: str) -> None:
    verdict = screen_text(text, ScreeningContext(language=language))
    assert verdict.decision in ("hold", "reject")
    assert {"violent_threat", "incitement", "hate"} & {r["category"] for r in verdict.reasons}, verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Refugee camps near the border are overcrowded, aid groups say.",
        "Il a jeté son téléphone du haut du pont, de rage.",
        "Everyone has the right to live in peace.",
        "Le gouvernement a perdu la confiance des électeurs : il va le payer aux élections.",
        # Political speech about policies, and trash talk about games (shipped allow rules).
        "The senator vowed to kill the bill in committee.",
        "Les députés veulent exécuter le budget sans nouvelle taxe.",
        "We should eliminate single-use plastics by 2030.",
        "Il faut abattre les murs entre les services pour que l'hôpital fonctionne.",
        "Je vais te tuer au Mario Kart ce soir, prépare-toi.",
        "I'm going to destroy you at chess tonight.",
        "This cake is to die for!",
        "Je te jure, ce gâteau est une tuerie !",
    ],
)
def test_the_same_words_in_ordinary_sentences_publish(text: str) -> None:
    assert screen_text(text).decision == "publish"


def test_a_game_named_after_a_threat_does_not_excuse_it() -> None:
    assert screen_text("Je vais te tuer, et pas au Mario Kart", ScreeningContext(language="fr")).decision == "hold"
    assert screen_text("I will kill you, this is not about chess", ScreeningContext(language="en")).decision == "hold"
