"""The seam between the domains that publish and screening.

The actions that publish call `screen_content` before anything becomes visible, then
`record_screening` once the content row exists. Screening takes plain values (text, kind,
language, links, when the author joined) and knows no model of the layers above it.
"""

from collections.abc import Callable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from parley.screening.detectors.base import ScreeningContext
from parley.screening.models import ScreeningDecision
from parley.screening.pipeline import screen_text
from parley.screening.signals import verdict_recorded
from parley.screening.verdict import ContentKind, Decision, ScreeningVerdict

__all__ = ["ContentKind", "Decision", "ScreeningVerdict", "record_screening", "screen_content", "store_screening"]


def screen_content(
    *,
    text: str,
    kind: ContentKind,
    author_joined: datetime | None = None,
    language: str = "",
    urls: tuple[str, ...] = (),
    reported: bool = False,
    count_recent_posts: Callable[[set[str], datetime], int] | None = None,
) -> ScreeningVerdict:
    """Screen text before it becomes visible to anyone but its author, or when it is reported
    (`reported=True`: a reported direct message meets every detector, not only the DM rules).

    `count_recent_posts(texts, since)` is how the posts layer answers "how many posts with one
    of these texts has this author published since then?", for the burst-of-identical-posts rule.
    """
    context = ScreeningContext(
        kind=kind,
        language=language,
        urls=tuple(urls),
        account_age=timezone.now() - author_joined if author_joined is not None else None,
        reported=reported,
        count_recent_posts=count_recent_posts,
    )
    return screen_text(text, context)


def _author_id_of(content: models.Model) -> int | None:
    """A post's author, or the member whose own profile was screened."""
    author_id = getattr(content, "author_id", None)
    return int(author_id) if author_id is not None else int(content.pk)


def store_screening(*, content: models.Model, kind: ContentKind, verdict: ScreeningVerdict) -> ScreeningDecision:
    """Keep a verdict with its reasons and scores, as the moderator and the author see it."""
    text = getattr(content, "text", None)
    if text is None:
        text = getattr(content, "bio", "") if kind == "bio" else getattr(content, "display_name", "")
    return ScreeningDecision.objects.create(
        content_type=ContentType.objects.get_for_model(content),
        object_id=str(content.pk),
        kind=kind,
        author_id=_author_id_of(content),
        text=str(text),
        decision=verdict.decision,
        labels=sorted(verdict.labels),
        scores=verdict.scores,
        reasons=list(verdict.reasons),
    )


@transaction.atomic
def record_screening(*, content: models.Model, kind: ContentKind, verdict: ScreeningVerdict) -> None:
    """Store a non-publish decision with its reasons, and announce it (a hold opens a review-queue
    item, a label states its reasons: see `signals.verdict_recorded`).

    Plain "publish" decisions are not stored: that would copy every post into this table.
    """
    if verdict.decision == "publish":
        return
    decision = store_screening(content=content, kind=kind, verdict=verdict)
    verdict_recorded.send(sender=ScreeningDecision, content=content, kind=kind, verdict=verdict, decision=decision)
