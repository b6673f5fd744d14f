import pytest
from django.core.management import call_command

from parley.accounts.models import User
from parley.posts.models import Post

pytestmark = pytest.mark.django_db


def test_demo_loads_members_and_bilingual_threads_once(capsys) -> None:
    call_command("demo", posts=60)
    assert User.objects.count() == 32
    assert Post.objects.filter(echo_of__isnull=True).count() == 60
    assert Post.objects.filter(in_reply_to__isnull=False).exists()
    assert Post.objects.filter(echo_of__isnull=False).exists()
    assert {"en", "fr"} <= set(Post.objects.values_list("language", flat=True))
    assert User.objects.get(username="moderator").is_moderator
    call_command("demo", posts=60)
    assert Post.objects.filter(echo_of__isnull=True).count() == 60
    assert "already loaded" in capsys.readouterr().out
