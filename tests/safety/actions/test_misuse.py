"""DSA 23: measures against repeated misuse."""

import pytest

from parley.core.errors import Forbidden
from parley.posts.actions import publish_post
from parley.safety.actions.decisions import decide_item
from parley.safety.actions.reports import file_report
from parley.safety.models import MisuseWarning, ReportingSuspension

pytestmark = pytest.mark.django_db


def test_d23_warns_then_suspends_for_manifestly_illegal_content(cast, settings) -> None:
    settings.PARLEY_MISUSE_THRESHOLD = 2
    author, mod = cast["author"], cast["mod"]
    posts = [publish_post(author=author, text=f"post {n}") for n in range(3)]
    decide_item(
        moderator=mod,
        post=posts[0],
        action="remove",
        reason="Illegal.",
        category="illegal",
        manifest=True,
    )
    assert not MisuseWarning.objects.exists()
    decide_item(
        moderator=mod,
        post=posts[1],
        action="remove",
        reason="Illegal.",
        category="illegal",
        manifest=True,
    )
    assert MisuseWarning.objects.filter(account=author).exists()
    author.refresh_from_db()
    assert not author.is_suspended
    decide_item(
        moderator=mod,
        post=posts[2],
        action="remove",
        reason="Illegal.",
        category="illegal",
        manifest=True,
    )
    author.refresh_from_db()
    assert author.is_suspended and author.suspended_until is not None


def test_d23_pauses_manifestly_unfounded_reporters(cast, make_member, settings) -> None:
    settings.PARLEY_MISUSE_THRESHOLD = 1
    reporter, mod = cast["reporter"], cast["mod"]
    for n in range(2):
        post = publish_post(author=make_member(f"target{n}"), text="fine")
        report = file_report(reporter=reporter, post_ids=[post.pk], category="spam")
        decide_item(
            moderator=mod,
            item=report.review_item,
            action="dismiss",
            reason="Unfounded.",
            manifest=True,
        )
    assert ReportingSuspension.objects.filter(account=reporter).exists()
    with pytest.raises(Forbidden, match="paused"):
        file_report(reporter=reporter, post_ids=[cast["post"].pk], category="spam")
