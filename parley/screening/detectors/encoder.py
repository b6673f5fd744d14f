"""The fine-tuned multilingual encoder as a detector: it reads intent, not words.

Its probabilities are put on the policy's scale per language: the operating point chosen at
training (delta.json) lands on the category's hold threshold, the high-confidence point on its
reject threshold, so an operator's thresholds keep their meaning. It supersedes the linear
classifier's opinion where it has one; the classifier stays as the fallback.
Doxxing belongs to the harassment category (Terms §4.4, "harassment and doxxing").
On a direct message only threats and doxxing are read (privacy by default), on the instance.
"""

from collections.abc import Mapping, Sequence

from parley.screening import config
from parley.screening.detectors.base import Detector, Finding, Findings, ScreeningContext
from parley.screening.detectors.wording import INCITEMENT_CUES
from parley.screening.encoder import runtime
from parley.screening.normalise import NormalisedText
from parley.screening.personal_data import personal_data
from parley.screening.policy import Category

# Below this many words there is too little to read intent from ("see you", "keep this one" scored
# as threats): the encoder then gives no violence, hate or offensive opinion, and the
# classifier's (word-based) opinion stands for those categories.
MIN_WORDS = 5
# Personal data next to a threat is what makes it credible ("14 Elm St ... pay her a visit"):
# with personal data, a violence probability this fraction of the way to the hold point holds.
PERSONAL_DATA_LIFT = 0.5


def scaled(probability: float, hold: float, reject: float | None, category: Category) -> float:
    """Piecewise-linear map of a probability onto the category's thresholds."""
    anchor_hold = category.hold_at if category.hold_at is not None else 0.5
    anchor_reject = category.reject_at
    if probability < hold:
        return anchor_hold * probability / hold
    if reject is None or anchor_reject is None:
        # No high-confidence point (or no reject in the policy): never reaches reject.
        ceiling = anchor_reject - 0.001 if anchor_reject is not None else 1.0
        return anchor_hold + (ceiling - anchor_hold) * (probability - hold) / max(1.0 - hold, 1e-6)
    if probability < reject:
        return anchor_hold + (anchor_reject - anchor_hold) * (probability - hold) / max(reject - hold, 1e-6)
    return anchor_reject + (1.0 - anchor_reject) * (probability - reject) / max(1.0 - reject, 1e-6)


class EncoderDetector(Detector):
    name = "encoder"
    fail_closed = True
    supersedes = ("classifier",)
    # Abuse aimed at a person stays the classifier's call: the encoder's offensive score rises
    # with violent words in trash talk and quoted threats (docs/model-card-encoder.md).
    supersedes_categories = frozenset({"violent_threat", "incitement", "hate", "offensive"})
    reads_direct_messages = True

    def detect(self, text: NormalisedText, context: ScreeningContext) -> Findings:
        return self.detect_batch([text], [context])[0]

    def detect_batch(self, texts: Sequence[NormalisedText], contexts: Sequence[ScreeningContext]) -> list[Findings]:
        encoder = runtime.prepare()
        rows = encoder.probabilities([t.for_models for t in texts])
        categories = config.current().categories
        return [
            self._findings(
                text,
                context,
                dict(zip(encoder.labels, (float(p) for p in row), strict=True)),
                encoder.delta.operating_points(context.language),
                categories,
            )
            for text, context, row in zip(texts, contexts, rows, strict=True)
        ]

    def _finding(
        self, probability: float, point: tuple[float, float | None], category: Category, evidence: str
    ) -> Finding:
        score = scaled(probability, point[0], point[1], category)
        return Finding(score=round(score, 4), evidence=f"{evidence} ({probability:.2f})", detector=self.name)

    def _findings(
        self,
        text: NormalisedText,
        context: ScreeningContext,
        probability: dict[str, float],
        points: dict[str, tuple[float, float | None]],
        categories: Mapping[str, Category],
    ) -> Findings:
        found = personal_data(text.for_models)
        with_data = f", with {', '.join(found)}" if found else ""
        violence = probability["violence"]
        if found and violence >= points["violence"][0] * PERSONAL_DATA_LIFT:
            violence = max(violence, points["violence"][0])
        findings: Findings = {}
        findings["harassment"] = self._finding(
            probability["doxxing"],
            points["doxxing"],
            categories["harassment"],
            f"encoder: personal information about someone{with_data}",
        )
        if len(text.text.split()) < MIN_WORDS:
            return findings
        violent = "incitement" if INCITEMENT_CUES.search(text.text) else "violent_threat"
        findings[violent] = self._finding(
            violence, points["violence"], categories[violent], f"encoder: {violent.replace('_', ' ')}{with_data}"
        )
        # One violence score, filed under one category: the other gets none, so that the
        # classifier's opinion there is replaced too.
        other = "violent_threat" if violent == "incitement" else "incitement"
        findings[other] = Finding(
            score=0.0, evidence=f"encoder: read as {violent.replace('_', ' ')}", detector=self.name
        )
        if not context.dm_rules_only:
            findings["hate"] = self._finding(probability["hate"], points["hate"], categories["hate"], "encoder: hate")
            findings["offensive"] = Finding(
                score=probability["offensive"], evidence="encoder: offensive", detector=self.name
            )
        return findings
