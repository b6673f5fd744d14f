"""A6: a member can delete their account from inside the app."""

import pytest
from django.urls import reverse

from parley.accounts.models import User
from parley.posts.actions import publish_post
from parley.posts.models import Post

pytestmark = pytest.mark.django_db


def test_a6_delete_account_from_settings(make_member, browser) -> None:
    member = make_member("leaving")
    publish_post(author=member, text="goodbye")
    client = browser(member)
    wrong = client.post(reverse("web:settings_delete_account"), {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 422 and User.objects.filter(username="leaving").exists()
    client.post(reverse("web:settings_delete_account"), {"password": "correct-horse-battery", "confirm": "on"})
    assert not User.objects.filter(username="leaving").exists()
    assert not Post.objects.exists()


def test_a6_with_a_task_worker_the_account_is_gone_at_once_and_erased_by_the_worker(
    make_member, browser, settings
) -> None:
    from django.test import Client
    from django_tasks import default_task_backend

    from parley.accounts.tasks import erase_account_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    member, reader = make_member("leaving"), make_member("reader")
    post = publish_post(author=member, text="goodbye everyone")
    browser(member).post(reverse("web:settings_delete_account"), {"password": "correct-horse-battery", "confirm": "on"})
    # Before any worker runs: nothing of it shows, and it cannot sign in again.
    page = browser(reader).get(reverse("web:post", args=[post.pk]))
    assert page.status_code == 404
    assert Client().post("/login", {"username": "leaving", "password": "correct-horse-battery"}).status_code == 422
    [queued] = [r for r in default_task_backend.results if r.task.name == erase_account_task.name]
    assert queued.kwargs == {"user_id": member.pk}
    # The worker erases it; running the task twice is harmless.
    erase_account_task.call(**queued.kwargs)
    erase_account_task.call(**queued.kwargs)
    assert not User.objects.filter(username="leaving").exists()
    assert not Post.objects.exists()
