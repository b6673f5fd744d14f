"""The operator's admin: members can be found and suspended at once; posts can be inspected."""

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.core.models import AuditLogEntry
from parley.posts.actions import publish_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(make_member) -> Client:
    client = Client()
    client.force_login(make_member("root", admin=True))
    return client


def test_member_search_and_filters(admin_client: Client, make_member) -> None:
    make_member("alice")
    make_member("bob")
    response = admin_client.get("/admin/accounts/user/", {"q": "alice@example"})
    assert response.status_code == 200
    assert [m.username for m in response.context["cl"].result_list] == ["alice"]
    suspended = admin_client.get("/admin/accounts/user/", {"suspended": "yes"})
    assert list(suspended.context["cl"].result_list) == []


def test_suspend_now_action_suspends_and_audits(admin_client: Client, make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "suspend_now", "_selected_action": [alice.pk, bob.pk]},
    )
    assert response.status_code == 302
    assert all(u.is_suspended for u in User.objects.filter(username__in=["alice", "bob"]))
    assert AuditLogEntry.objects.filter(action="account.suspend").count() == 2
    listed = admin_client.get("/admin/accounts/user/", {"suspended": "yes"})
    assert {m.username for m in listed.context["cl"].result_list} == {"alice", "bob"}


def test_member_change_page_and_post_admin(admin_client: Client, make_member) -> None:
    alice = make_member("alice")
    post = publish_post(author=alice, text="findable words")
    assert admin_client.get(f"/admin/accounts/user/{alice.pk}/change/").status_code == 200
    found = admin_client.get("/admin/posts/post/", {"q": "findable"})
    assert [p.pk for p in found.context["cl"].result_list] == [post.pk]
    page = admin_client.get(f"/admin/posts/post/{post.pk}/change/")
    assert page.status_code == 200
    assert "upvotes_count" not in page.context["adminform"].form.fields  # read-only counter


def test_members_without_staff_rights_cannot_use_the_admin(make_member) -> None:
    client = Client()
    client.force_login(make_member("alice"))
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 403
