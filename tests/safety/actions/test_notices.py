"""file_notice: notices of illegal content (DSA 16)."""

import pytest
from django.core import mail

from parley.safety.actions.decisions import decide_item
from parley.safety.actions.notices import FormRejected, file_notice
from parley.safety.models import IllegalContentNotice, StatementOfReasons
from tests.safety.actions.support import post_url

pytestmark = pytest.mark.django_db


def test_notice_needs_the_dsa_fields_except_name_and_email_for_csam(cast) -> None:
    with pytest.raises(FormRejected) as refused:
        file_notice(url="https://elsewhere.example/x", explanation="", category="hate", good_faith=False)
    assert set(refused.value.errors) == {"url", "explanation", "name", "email", "good_faith"}
    assert IllegalContentNotice.objects.count() == 0
    notice = file_notice(
        url=post_url(cast["post"]),
        explanation="Abuse material.",
        category="sexual_minors",
        good_faith=True,
    )
    assert notice.reference.startswith("N-") and notice.post == cast["post"]
    assert notice.review_item is not None and notice.review_item.severity == "critical"


def test_notice_acknowledged_by_email_and_decision_sent(cast, django_capture_on_commit_callbacks) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = file_notice(
            url=post_url(cast["post"]),
            explanation="Incites hatred.",
            category="hate",
            name="Ana",
            email="ana@example.net",
            good_faith=True,
        )
    assert any(notice.reference in m.subject for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        decide_item(
            moderator=cast["mod"],
            item=notice.review_item,
            action="remove",
            reason="Hate.",
            manifest=True,
        )
    notice.refresh_from_db()
    assert notice.status == "decided" and notice.outcome == "remove" and not notice.automated_decision
    decision_mail = [m for m in mail.outbox if "Decision" in m.subject]
    assert decision_mail and "automated means were not used" in decision_mail[0].body
    statement = StatementOfReasons.objects.get()
    assert statement.source == "notice" and statement.illegal_content
