"""Hosting providers' rules: the operator suspends any account at once (CLI and admin), and
content that threatens violence is not served publicly."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from parley.posts.actions import publish_post
from parley.posts.models import Post
from parley.screening.models import Rule

pytestmark = pytest.mark.django_db


def test_h1_cli_suspension_signs_out_and_hides_content(
    make_member, browser, django_capture_on_commit_callbacks
) -> None:
    member = make_member("member")
    post = publish_post(author=member, text="visible until suspended")
    session = browser(member)
    assert session.get(reverse("web:home")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        call_command("users", "suspend", "member", "--reason", "Hosting provider complaint")
    assert browser().get(reverse("web:post", args=[post.pk])).status_code == 404
    assert session.get(reverse("web:compose")).status_code == 302  # signed out


def test_h1_threats_are_not_served_publicly(make_member, browser) -> None:
    Rule.objects.create(category="violent_threat", kind="phrase", pattern="going to stab", action="hold")
    browser(make_member("author")).post(
        reverse("web:compose"), {"text": "I am going to stab him tonight", "visibility": "public"}
    )
    post = Post.objects.get()
    assert browser().get(reverse("web:post", args=[post.pk])).status_code == 404
