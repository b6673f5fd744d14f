"""The machine-learned classifier as a detector: violence, hate and offensiveness scores."""

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from django.conf import settings

from parley.screening.classifier import MODEL_PATH, get_classifier
from parley.screening.detectors.base import Detector, Finding, Findings, ScreeningContext
from parley.screening.detectors.wording import INCITEMENT_CUES, SECOND_PERSON
from parley.screening.normalise import NormalisedText, quoted_spans, without_quotes

_MIN_FRAMING_WORDS = 4
_QUOTED_WEIGHT = 0.7

# News and analysis describe violence in the third person ("police said", « selon le parquet »).
# The training data has almost no such text, so the classifier over-reads it; when the framing
# is reporting and nothing speaks as a threat (first-person intent, calls to act), the violence
# score is damped. A threat dressed as news still carries "I will" / "je vais" and is not damped.
_REPORTING = re.compile(
    r"\b(said|says|according to|reported|reports|arrested|charged|sentenced|convicted|court|"
    r"trial|investigation|investigators|suspect|victims|prosecutors|condemned|condemn|"
    r"were killed|was killed|injured|survivors?|memorial|vigil|anniversary|report|study|"
    r"documentary|historians?|selon|a declare|ont declare|rapporte|arrete|interpelles?|"
    r"mis en examen|condamnes?|tribunal|proces|enquete|enqueteurs|parquet|victimes|blesses|"
    r"ont ete tues|a ete tue|hommage|commemoration|rapport|etude|documentaire)\b"
)
_THREAT_FORM = re.compile(
    r"\b(i|we)\s*('ll|will|shall|am going|'m going|m going|are going|gonna|want to|wanna)\b|"
    r"\b(let's|lets|je vais|j'vais|on va|nous allons|je veux|je vous|je te|tu vas|il faut|"
    r"faut|kill all|death to|mort aux?)\b"
)
_REPORTING_DAMPING = 0.6


class ClassifierDetector(Detector):
    name = "classifier"
    fail_closed = True

    def detect(self, text: NormalisedText, context: ScreeningContext) -> Findings:
        return self.detect_batch([text], [context])[0]

    def detect_batch(self, texts: Sequence[NormalisedText], contexts: Sequence[ScreeningContext]) -> list[Findings]:
        model = get_classifier(Path(settings.PARLEY_SCREENING_MODEL or MODEL_PATH))
        languages = [c.language for c in contexts]
        scores = model.predict([t.text for t in texts], languages)
        # Reporting and counter-speech quote what they condemn: where there is enough text
        # around a quotation, that text decides, and the quotation alone counts for less.
        outside = [without_quotes(t.text) if quoted_spans(t.text) else "" for t in texts]
        framed = [i for i, o in enumerate(outside) if len(o.split()) >= _MIN_FRAMING_WORDS]
        if framed:
            framed_scores = model.predict([outside[i] for i in framed], [languages[i] for i in framed])
            for i, row in zip(framed, framed_scores, strict=True):
                scores[i] = np.maximum(row, scores[i] * _QUOTED_WEIGHT)
        column = {label: i for i, label in enumerate(model.labels)}
        results: list[Findings] = []
        for text, row, around in zip(texts, scores, outside, strict=True):
            violence = float(row[column["violence"]])
            framing = ""
            if _REPORTING.search(text.text) and not _THREAT_FORM.search(around or text.text):
                violence *= _REPORTING_DAMPING
                framing = ", reporting context"
            hate = float(row[column["hate"]])
            offensive = float(row[column["offensive"]])
            violent_category = "incitement" if INCITEMENT_CUES.search(text.text) else "violent_threat"
            findings: Findings = {
                violent_category: Finding(
                    score=violence,
                    evidence=f"classifier violence score {violence:.2f}{framing}",
                    detector=self.name,
                    can_reject=False,
                ),
                "hate": Finding(score=hate, evidence=f"classifier hate score {hate:.2f}", detector=self.name),
                "offensive": Finding(
                    score=offensive,
                    evidence=f"classifier offensive score {offensive:.2f}",
                    detector=self.name,
                ),
            }
            if text.has_mention or SECOND_PERSON.search(around or text.text):
                findings["harassment"] = Finding(
                    score=offensive,
                    evidence=f"abusive language ({offensive:.2f}) aimed at a person",
                    detector=self.name,
                )
            results.append(findings)
        return results
