import pytest

from parley.posts.actions import publish_post
from parley.posts.models import Post
from parley.safety.actions.appeals import file_appeal
from parley.safety.models import BannedEmail, Report, ReviewItem, ReviewStatus, StatementOfReasons

pytestmark = pytest.mark.django_db

ADMIN = "read write admin:read admin:write"


@pytest.fixture
def cast(make_member, api_for):
    author, reporter = make_member("author"), make_member("reporter")
    post = publish_post(author=author, text="spam spam spam")
    reported = api_for(reporter).post(
        "/api/v1/reports",
        {"account_id": str(author.pk), "status_ids[]": [str(post.pk)], "category": "spam"},
    )
    assert reported.status_code == 200, reported.content
    mod = make_member("mod", moderator=True)
    return {
        "author": author,
        "post": post,
        "report_id": reported.json()["id"],
        "mod": api_for(mod, ADMIN),
        "mod2": api_for(make_member("mod2", moderator=True), ADMIN),
        "member": api_for(reporter, ADMIN),
    }


def test_list_and_get_reports(cast) -> None:
    listing = cast["mod"].get("/api/v1/admin/reports")
    assert listing.status_code == 200
    [report] = listing.json()
    assert report["id"] == cast["report_id"] and report["action_taken"] is False
    assert report["target_account"]["username"] == "author"
    assert report["statuses"][0]["id"] == str(cast["post"].pk)
    assert cast["mod"].get("/api/v1/admin/reports", {"resolved": "true"}).json() == []
    single = cast["mod"].get(f"/api/v1/admin/reports/{cast['report_id']}")
    assert single.json()["category"] == "spam"
    assert cast["mod"].get("/api/v1/admin/reports/999").status_code == 404


def test_members_and_tokens_without_admin_scope_are_refused(cast, api_for, make_member) -> None:
    assert cast["member"].get("/api/v1/admin/reports").status_code == 403
    plain = api_for(make_member("mod3", moderator=True))
    assert plain.get("/api/v1/admin/reports").status_code == 403
    forged = cast["member"].post(f"/api/v1/admin/accounts/{cast['author'].pk}/action", {"type": "suspend"})
    assert forged.status_code == 403
    assert not BannedEmail.objects.exists()


def test_assign_resolve_reopen(cast) -> None:
    rid = cast["report_id"]
    assigned = cast["mod"].post(f"/api/v1/admin/reports/{rid}/assign_to_self")
    assert assigned.json()["assigned_account"]["username"] == "mod"
    taken = cast["mod2"].post(f"/api/v1/admin/reports/{rid}/resolve")
    assert taken.status_code == 403
    assert cast["mod"].post(f"/api/v1/admin/reports/{rid}/unassign").json()["assigned_account"] is None
    resolved = cast["mod2"].post(f"/api/v1/admin/reports/{rid}/resolve")
    assert resolved.json()["action_taken"] is True
    assert resolved.json()["action_taken_by_account"]["username"] == "mod2"
    reopened = cast["mod"].post(f"/api/v1/admin/reports/{rid}/reopen")
    assert reopened.json()["action_taken"] is False
    assert ReviewItem.objects.get().status == ReviewStatus.OPEN


def test_account_actions(cast) -> None:
    author, rid = cast["author"], cast["report_id"]
    silenced = cast["mod"].post(
        f"/api/v1/admin/accounts/{author.pk}/action", {"type": "silence", "report_id": rid, "text": "Spam."}
    )
    assert silenced.status_code == 200
    assert Post.objects.get(pk=cast["post"].pk).limited
    assert Report.objects.get().status == "resolved"
    cast["mod"].post(f"/api/v1/admin/accounts/{author.pk}/action", {"type": "none", "text": "Stop."})
    cast["mod"].post(f"/api/v1/admin/accounts/{author.pk}/action", {"type": "disable", "days": "2"})
    author.refresh_from_db()
    assert author.is_suspended and author.suspended_until is not None
    cast["mod"].post(f"/api/v1/admin/accounts/{author.pk}/action", {"type": "suspend", "text": "Ban."})
    assert BannedEmail.objects.filter(email="author@example.org").exists()
    assert StatementOfReasons.objects.count() == 4
    bad = cast["mod"].post(f"/api/v1/admin/accounts/{author.pk}/action", {"type": "obliterate"})
    assert bad.status_code == 422
    no_posts = cast["mod"].post(f"/api/v1/admin/accounts/{author.pk}/action", {"type": "sensitive"})
    assert no_posts.status_code == 422


def test_moderation_warning_notification_carries_the_account_warning_and_appeal(cast, api_for) -> None:
    rid = cast["report_id"]
    cast["mod"].post(
        f"/api/v1/admin/accounts/{cast['author'].pk}/action",
        {"type": "silence", "report_id": rid, "text": "Engagement bait."},
    )
    author_api = api_for(cast["author"])
    warning = next(n for n in author_api.get("/api/v1/notifications").json() if n["type"] == "moderation_warning")[
        "moderation_warning"
    ]
    assert warning["action"] == "silence" and "Engagement bait." in warning["text"]
    assert warning["status_ids"] == [str(cast["post"].pk)] and warning["appeal"] is None
    statement = StatementOfReasons.objects.get()
    file_appeal(appellant=cast["author"], statement=statement, text="It was a joke.")
    warning = next(n for n in author_api.get("/api/v1/notifications").json() if n["type"] == "moderation_warning")[
        "moderation_warning"
    ]
    assert warning["appeal"] == {"text": "It was a joke.", "state": "pending"}
