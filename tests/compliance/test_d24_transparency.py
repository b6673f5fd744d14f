"""D15/D24: a machine-readable transparency report for a chosen period, and statements of
reasons in the EU Transparency Database format without personal data (D24(5))."""

import pytest
from django.urls import reverse
from django.utils import timezone

from parley.posts.actions import publish_post
from parley.safety.actions.appeals import file_appeal
from parley.safety.actions.decisions import decide_item

pytestmark = pytest.mark.django_db


def test_d24_transparency_report_and_statement_export(make_member, browser) -> None:
    author = make_member("privatename")
    mod1, mod2 = make_member("mod1", moderator=True), make_member("mod2", moderator=True)
    post = publish_post(author=author, text="x")
    browser().post(
        reverse("web:notice_new"),
        {
            "url": f"http://testserver/posts/{post.pk}",
            "category": "hate",
            "explanation": "Hate.",
            "name": "Ann",
            "email": "ann@example.org",
            "good_faith": "on",
        },
    )
    statement = decide_item(
        moderator=mod1,
        post=post,
        action="remove",
        reason="privatename insulted a group",
        category="hate",
        manifest=True,
    ).statement
    assert statement is not None
    appeal = file_appeal(appellant=author, statement=statement, text="Please.")
    browser(mod2).post(
        reverse("web:moderation_decide_appeal", args=[appeal.review_item_id]), {"founded": "1", "reason": "ok"}
    )
    decide_item(moderator=mod1, account=make_member("spammer"), action="suspend", reason="s", days=2)
    today = timezone.now().date().isoformat()
    report = browser().get(reverse("web:transparency_json"), {"from": today, "to": today}).json()
    assert report["notices"]["by_category"] == [{"category": "hate", "count": 1}]
    assert {"action": "remove", "automated": False, "count": 1} in report["actions"]["by_type"]
    assert report["appeals"]["founded_and_reversed"] == 1
    assert report["suspensions"]["temporary"] == 1
    assert report["monthly_active_members"] >= 1
    assert "median_hours_to_decision" in report["review_items"]
    assert "overturned_on_appeal" in report["automation"]
    empty = browser().get(reverse("web:transparency_json"), {"from": "2000-01-01", "to": "2000-01-31"}).json()
    assert empty["actions"]["total"] == 0
    statements = browser().get(reverse("web:transparency_statements"), {"from": today, "to": today})
    records = statements.json()["statements"]
    assert len(records) == 2
    assert records[0]["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert records[0]["source_type"] == "SOURCE_ARTICLE_16"
    assert "privatename" not in statements.content.decode() and "ann@example.org" not in statements.content.decode()
    page = browser().get(reverse("web:transparency"))
    assert page.status_code == 200 and b"Statements of reasons" in page.content
