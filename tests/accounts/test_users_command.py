import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from parley.accounts.models import MemberSession, User
from parley.posts.actions import publish_post
from parley.posts.queries import public_timeline

pytestmark = pytest.mark.django_db


def create(username: str, email: str, password: str, *flags: str) -> None:
    call_command("users", "create", "--username", username, "--email", email, "--password", password, *flags)


def test_create_member_moderator_and_admin() -> None:
    create("Mod", "mod@example.org", "a-long-password-1", "--moderator")
    create("root", "root@example.org", "a-long-password-2", "--admin")
    mod, root = User.objects.get(username="Mod"), User.objects.get(username="root")
    assert mod.is_moderator and not mod.is_staff
    assert root.is_superuser and root.is_staff and root.is_moderator


@pytest.mark.parametrize(
    ("username", "email", "password", "message"),
    [
        ("bad name", "x@example.org", "a-long-password-1", "letters"),
        ("taken", "other@example.org", "a-long-password-1", "taken"),
        ("TAKEN", "other@example.org", "a-long-password-1", "taken"),
        ("fresh", "taken@example.org", "a-long-password-1", "already uses"),
        ("fresh", "fresh@example.org", "123", "too short"),
    ],
)
def test_create_refuses_bad_input_and_changes_nothing(username, email, password, message) -> None:
    create("taken", "taken@example.org", "a-long-password-1")
    with pytest.raises(CommandError, match=message):
        create(username, email, password)
    assert User.objects.count() == 1


def test_suspend_revokes_sessions_and_hides_content(make_member) -> None:
    alice = make_member("alice")
    post = publish_post(author=alice, text="soon hidden")
    browser = Client()
    assert browser.login(username="alice", password="correct-horse-battery")
    MemberSession.objects.create(session_key=browser.session.session_key, user=alice)
    call_command("users", "suspend", "alice", "--reason", "threats")
    alice.refresh_from_db()
    assert alice.is_suspended and alice.suspension_reason == "threats"
    assert not MemberSession.objects.filter(user=alice).exists()
    assert post not in public_timeline(None)
    assert not Client().login(username="alice", password="correct-horse-battery")
    call_command("users", "unsuspend", "alice")
    alice.refresh_from_db()
    assert not alice.is_suspended


def test_suspend_unknown_member_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="No member named 'ghost'"):
        call_command("users", "suspend", "ghost")
