"""The machine-learned classifier as a detector: violence, hate and offensiveness scores."""

import re
from collections.abc import Sequence

from parley.moderation.classifier import get_classifier
from parley.moderation.detectors.base import Detector, Finding, Findings, ScreeningContext
from parley.moderation.normalise import NormalisedText

# The training data labels threats and incitement together; the wording tells them apart
# for the statement of reasons ("they should all be shot" calls on others).
_INCITEMENT_CUES = re.compile(
    r"\b(should|must|need to|needs to|ought to|let's|lets|deserve to|deserves to|death to|"
    r"someone|somebody|everyone|il faut|faut|faudrait|devrait|devraient|doit|doivent|"
    r"meritent|merite|allons|mort aux?|qu'on)\b"
)
# Abuse only counts as harassment when it is aimed at someone.
_SECOND_PERSON = re.compile(
    r"\b(you|your|youre|ur|u|yourself|tu|toi|te|ton|ta|tes|vous|votre|vos|t'|mentionplaceholder)\b"
)


class ClassifierDetector(Detector):
    name = "classifier"

    def detect(self, text: NormalisedText, context: ScreeningContext) -> Findings:
        return self.detect_batch([text], [context])[0]

    def detect_batch(
        self, texts: Sequence[NormalisedText], contexts: Sequence[ScreeningContext]
    ) -> list[Findings]:
        model = get_classifier()
        scores = model.predict([t.text for t in texts])
        column = {label: i for i, label in enumerate(model.labels)}
        results: list[Findings] = []
        for text, row in zip(texts, scores, strict=True):
            violence = float(row[column["violence"]])
            hate = float(row[column["hate"]])
            offensive = float(row[column["offensive"]])
            violent_category = (
                "incitement" if _INCITEMENT_CUES.search(text.text) else "violent_threat"
            )
            findings: Findings = {
                violent_category: Finding(
                    score=violence,
                    evidence=f"classifier violence score {violence:.2f}",
                    detector=self.name,
                ),
                "hate": Finding(
                    score=hate, evidence=f"classifier hate score {hate:.2f}", detector=self.name
                ),
                "offensive": Finding(
                    score=offensive,
                    evidence=f"classifier offensive score {offensive:.2f}",
                    detector=self.name,
                ),
            }
            if text.has_mention or _SECOND_PERSON.search(text.text):
                findings["harassment"] = Finding(
                    score=offensive,
                    evidence=f"abusive language ({offensive:.2f}) aimed at a person",
                    detector=self.name,
                )
            results.append(findings)
        return results
