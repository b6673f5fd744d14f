import html
import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.accounts.actions import block
from parley.posts.actions import publish_post
from parley.posts.models import Post, PostState
from parley.safety.actions.decisions import decide_item
from parley.safety.actions.reports import file_report
from parley.safety.models import (
    Appeal,
    IllegalContentNotice,
    ModerationAction,
    Report,
    ReviewClaim,
    ReviewItem,
    ReviewStatus,
)

pytestmark = pytest.mark.django_db


def french_text(content: bytes) -> str:
    """The page with entities decoded and French no-break spaces as plain spaces."""
    return html.unescape(content.decode()).replace("\u00a0", " ").replace("\u202f", " ")


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def cast(make_member):
    author = make_member("author")
    return {
        "author": author,
        "post": publish_post(author=author, text="A picture of my cat."),
        "reporter": make_member("reporter"),
        "mod": make_member("mod", moderator=True),
        "mod2": make_member("mod2", moderator=True),
    }


# Reports


def test_report_form_files_a_report(cast) -> None:
    client = signed_in(cast["reporter"])
    url = reverse("web:report_post", args=[cast["post"].pk])
    page = client.get(url)
    assert page.status_code == 200 and b"Threat of violence" in page.content
    response = client.post(url, {"category": "spam", "comment": "Bot."})
    assert response.status_code == 200 and b"report was received" in response.content
    report = Report.objects.get()
    assert list(report.posts.all()) == [cast["post"]] and report.comment == "Bot."


def test_the_report_form_preselects_no_category_and_asks_for_one(cast) -> None:
    client = signed_in(cast["reporter"])
    url = reverse("web:report_post", args=[cast["post"].pk])
    page = client.get(url).content.decode()
    select = page[page.index('<select name="category"') : page.index("</select>")]
    assert '<option value="" selected>Choose a category</option>' in select
    assert select.count("selected") == 1
    response = client.post(url, {"category": "", "comment": "Bot."})
    assert response.status_code == 422
    assert "Choose the category that fits best." in response.content.decode()
    assert not Report.objects.exists()


def test_the_report_form_in_french_names_every_category_in_french(cast) -> None:
    client = signed_in(cast["reporter"])
    page = client.get(reverse("web:report_post", args=[cast["post"].pk]), headers={"accept-language": "fr"})
    text = french_text(page.content)
    for title in (
        "Menace de violence",
        "Incitation à la violence",
        "Haine visant des caractéristiques protégées",
        "Harcèlement ciblé",
        "Contenu sexuel impliquant des mineurs",
        "Spam et manipulation de la plateforme",
        "Média sensible",
        "Affirmation contestée",
        "Autre contenu illicite",
        "Autre manquement aux règles",
        "Choisissez une catégorie",
    ):
        assert f">{title}</option>" in text, title


def test_report_account_from_profile_even_when_blocked(cast) -> None:
    block(blocker=cast["author"], target=cast["reporter"])
    client = signed_in(cast["reporter"])
    response = client.post(
        reverse("web:report_account", args=["author"]),
        {"category": "harassment", "post_ids": [str(cast["post"].pk)]},
    )
    assert response.status_code == 200
    assert Report.objects.get().posts.get() == cast["post"]


@pytest.mark.parametrize(
    ("who", "target", "data", "status", "message"),
    [
        ("reporter", "unknown_post", {"category": "spam"}, 404, b"No such post"),
        ("author", "post", {"category": "spam"}, 422, b"cannot report yourself"),
        ("reporter", "post", {"category": "bogus"}, 422, b"Select a valid choice"),
    ],
)
def test_bad_reports_get_a_clear_error(cast, who, target, data, status, message) -> None:
    post_id = cast["post"].pk if target == "post" else 987654321
    response = signed_in(cast[who]).post(reverse("web:report_post", args=[post_id]), data)
    assert response.status_code == status and message in response.content
    assert Report.objects.count() == 0


def test_repeated_report_is_refused_and_anonymous_is_sent_to_login(cast) -> None:
    client = signed_in(cast["reporter"])
    url = reverse("web:report_post", args=[cast["post"].pk])
    client.post(url, {"category": "spam"})
    again = client.post(url, {"category": "spam"})
    assert again.status_code == 422 and b"already reported" in again.content
    assert Report.objects.count() == 1 and ReviewItem.objects.count() == 1
    assert Client().get(url).status_code == 302


def test_report_without_csrf_token_is_refused(cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["reporter"])
    response = client.post(reverse("web:report_post", args=[cast["post"].pk]), {"category": "spam"})
    assert response.status_code == 403
    assert Report.objects.count() == 0


# Notices


def test_anyone_can_file_a_notice_and_read_its_acknowledgement(cast) -> None:
    client = Client()
    response = client.post(
        reverse("web:notice_new"),
        {
            "url": f"http://testserver/posts/{cast['post'].pk}",
            "category": "hate",
            "explanation": "It incites hatred.",
            "name": "Ana",
            "email": "ana@example.net",
            "good_faith": "on",
        },
        follow=True,
    )
    notice = IllegalContentNotice.objects.get()
    assert response.status_code == 200 and notice.reference.encode() in response.content
    assert Client().get(f"/notices/{notice.reference}/wrong-token").status_code == 404


def test_notice_missing_fields_are_named(cast) -> None:
    response = Client().post(
        reverse("web:notice_new"),
        {"url": "https://elsewhere.example/", "category": "hate", "explanation": "x"},
    )
    assert response.status_code == 422
    assert b"exact address" in response.content and b"good faith" in response.content
    assert IllegalContentNotice.objects.count() == 0


# Moderators


def test_queue_is_for_moderators_only(cast) -> None:
    assert signed_in(cast["reporter"]).get(reverse("web:moderation_queue")).status_code == 403
    assert Client().get(reverse("web:moderation_queue")).status_code == 302
    assert signed_in(cast["mod"]).get(reverse("web:moderation_queue")).status_code == 200


def test_queue_shows_deadline_urgency_and_overdue(cast) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="violent_threat")
    page = signed_in(cast["mod"]).get(reverse("web:moderation_queue"))
    assert b"URGENT" in page.content and b"OVERDUE" not in page.content
    ReviewItem.objects.filter(reports=report).update(due_at=timezone.now() - timedelta(minutes=5))
    page = signed_in(cast["mod"]).get(reverse("web:moderation_queue"))
    assert b"OVERDUE" in page.content and b"is-overdue" in page.content


def test_queue_rows_say_what_who_and_how_long_in_words(cast, make_member) -> None:
    file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="violent_threat")
    file_report(reporter=cast["reporter"], account=make_member("troll"), category="spam")
    page = signed_in(cast["mod"]).get(reverse("web:moderation_queue")).content.decode()
    assert "Threat of violence" in page and "Spam and platform manipulation" in page
    assert "violent_threat" not in page.replace("severity-", "")
    assert '<p class="excerpt">A picture of my cat.</p>' in page
    assert "By @author" in page and "By @troll" in page
    assert re.search(r'Due <time datetime="[^"]+" title="[^"]+">in \d+ min</time>', page)  # one hour to act
    french = signed_in(cast["mod"]).get(reverse("web:moderation_queue"), headers={"accept-language": "fr"})
    text = french_text(french.content)
    assert "Menace de violence" in text and "Par @author" in text and "Échéance" in text


def test_queue_lists_an_appeal_with_its_post_and_author(cast) -> None:
    statement = decide_item(
        moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam"
    ).statement
    assert statement is not None
    signed_in(cast["author"]).post(reverse("web:moderation_decision", args=[statement.pk]), {"text": "It is a cat."})
    page = signed_in(cast["mod2"]).get(reverse("web:moderation_queue"), {"source": "appeal"}).content.decode()
    assert "A picture of my cat." in page and "By @author" in page


def test_item_page_claim_and_decide(cast) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="spam")
    item_id = report.review_item_id
    mod = signed_in(cast["mod"])
    page = mod.get(reverse("web:moderation_item", args=[item_id]))
    assert page.status_code == 200 and b"A picture of my cat." in page.content
    assert mod.post(reverse("web:moderation_claim", args=[item_id])).status_code == 302
    other = signed_in(cast["mod2"]).post(
        reverse("web:moderation_decide", args=[item_id]),
        {"action": "remove", "category": "spam", "reason": "Spam."},
    )
    assert other.status_code == 403 and b"mod is working" in other.content
    done = mod.post(
        reverse("web:moderation_decide", args=[item_id]),
        {"action": "remove", "category": "spam", "reason": "Spam."},
    )
    assert done.status_code == 302
    assert Post.objects.get(pk=cast["post"].pk).state == PostState.REMOVED
    assert not ReviewClaim.objects.exists()


def test_member_cannot_forge_a_decision(cast) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="spam")
    response = signed_in(cast["reporter"]).post(
        reverse("web:moderation_decide", args=[report.review_item_id]),
        {"action": "remove", "category": "spam", "reason": "Mine now."},
    )
    assert response.status_code == 403
    assert Post.objects.get(pk=cast["post"].pk).state == PostState.PUBLISHED
    assert ModerationAction.objects.count() == 0


def test_decision_form_errors_change_nothing(cast) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="spam")
    response = signed_in(cast["mod"]).post(
        reverse("web:moderation_decide", args=[report.review_item_id]),
        {"action": "suspend", "category": "spam", "reason": "x"},
    )
    assert response.status_code == 422 and b"suspension length" in response.content
    assert ReviewItem.objects.get().status == ReviewStatus.OPEN


def test_escalation_exports_evidence(cast) -> None:
    report = file_report(reporter=cast["reporter"], post_ids=[cast["post"].pk], category="violent_threat")
    mod = signed_in(cast["mod"])
    response = mod.post(
        reverse("web:moderation_escalate", args=[report.review_item_id]),
        {"authority": "Police", "reason": "Threat to kill a named person."},
    )
    assert response.status_code == 302
    evidence = mod.get(response["Location"])
    body = json.loads(evidence.content)
    assert body["content"]["post"]["text"] == "A picture of my cat." and len(body["sha256"]) == 64
    assert signed_in(cast["reporter"]).get(response["Location"]).status_code == 403


def test_a_moderation_notice_links_to_its_statement_and_the_appeal_form(cast) -> None:
    statement = decide_item(
        moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam"
    ).statement
    assert statement is not None
    client = signed_in(cast["author"])
    page = client.get("/notifications").content.decode()
    assert f'<a href="/decisions/{statement.pk}">Statement of reasons</a>' in page
    assert f'<a href="/decisions/{statement.pk}#appeal">Appeal this decision</a>' in page
    decision = client.get(f"/decisions/{statement.pk}").content.decode()
    assert '<h2 id="appeal">' in decision and 'name="text"' in decision
    # In French: the notice, the ground and the redress in French, whatever the moderator spoke.
    french = french_text(client.get("/notifications", headers={"accept-language": "fr"}).content)
    assert "Votre publication a été retirée" in french and "Conditions §4.6 (spam et manipulation)" in french
    decision_fr = french_text(client.get(f"/decisions/{statement.pk}", headers={"accept-language": "fr"}).content)
    assert "Incompatible avec nos conditions : Conditions §4.6 (spam et manipulation)" in decision_fr
    assert "gratuitement" in decision_fr  # the redress text, in French


def test_member_decisions_page_and_appeal_flow(cast) -> None:
    statement = decide_item(
        moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam"
    ).statement
    assert statement is not None
    member = signed_in(cast["author"])
    listing = member.get(reverse("web:moderation_decisions"))
    assert listing.status_code == 200 and b"Remove the post" in listing.content
    url = reverse("web:moderation_decision", args=[statement.pk])
    page = member.get(url)
    assert b"out-of-court" in page.content and b"Terms" in page.content
    assert signed_in(cast["reporter"]).get(url).status_code == 404
    assert member.post(url, {"text": "It is my cat."}).status_code == 302
    appeal = Appeal.objects.get()
    item_url = reverse("web:moderation_decide_appeal", args=[appeal.review_item_id])
    same = signed_in(cast["mod"]).post(item_url, {"founded": "1", "reason": "Ok."})
    assert same.status_code == 403 and b"different moderator" in same.content
    other = signed_in(cast["mod2"]).post(item_url, {"founded": "1", "reason": "It is a cat."})
    assert other.status_code == 302
    assert Post.objects.get(pk=cast["post"].pk).state == PostState.PUBLISHED


def test_audit_log_page(cast) -> None:
    decide_item(moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam")
    page = signed_in(cast["mod"]).get(reverse("web:moderation_audit"))
    assert page.status_code == 200 and b"moderation.remove" in page.content
    assert signed_in(cast["author"]).get(reverse("web:moderation_audit")).status_code == 403


# The public


def test_transparency_pages_and_period_validation(cast) -> None:
    decide_item(moderator=cast["mod"], post=cast["post"], action="remove", reason="Spam.", category="spam")
    client = Client()
    assert client.get(reverse("web:transparency")).status_code == 200
    data = client.get(reverse("web:transparency_json")).json()
    assert data["actions"]["total"] == 1
    bad = client.get(reverse("web:transparency_json"), {"from": "yesterday"})
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.json()["error"]
    backwards = client.get(reverse("web:transparency_json"), {"from": "2026-02-01", "to": "2026-01-01"})
    assert backwards.status_code == 422
    statements = client.get(reverse("web:transparency_statements")).json()["statements"]
    assert len(statements) == 1 and "author" not in json.dumps(statements)
    csv_export = client.get(reverse("web:transparency_statements_csv"))
    assert csv_export.status_code == 200 and b"decision_ground" in csv_export.content


def test_policy_pages_are_public() -> None:
    client = Client()
    assert b"Automated screening" in client.get(reverse("web:how_moderation_works")).content
    assert b"child" in client.get(reverse("web:child_safety")).content.lower()


def test_profile_offers_report_and_moderators_see_the_queue_link(make_member) -> None:
    from django.test import Client

    alice, bob, mod = make_member("alice"), make_member("bob"), make_member("mod", moderator=True)
    browser = Client()
    browser.force_login(alice)
    page = browser.get(f"/@{bob.username}").content.decode()
    assert f"/@{bob.username}/report" in page
    assert 'href="/moderation"' not in page
    browser.force_login(mod)
    assert 'href="/moderation"' in browser.get("/local").content.decode()
