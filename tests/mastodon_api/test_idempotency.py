"""Idempotency-Key on POST /api/v1/statuses: the key is reserved in the transaction that writes
the post, so concurrent retries and a crash between the two writes never make a second post."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

import parley.mastodon_api.statuses as status_endpoints
import parley.posts.actions as post_actions
from parley.mastodon_api.actions import create_token
from parley.mastodon_api.models import IdempotencyKey
from parley.posts.models import Post
from parley.screening.records import ScreeningVerdict


def _post(token: str, key: str, text: str = "only once") -> tuple[int, dict[str, object]]:
    response = Client(raise_request_exception=False).post(
        "/api/v1/statuses",
        {"status": text},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )
    body = response.json() if response["Content-Type"].startswith("application/json") else {}
    return response.status_code, body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_posts_with_one_key_make_one_post(make_member, monkeypatch) -> None:
    alice = make_member("alice")
    token = create_token(username="alice", scopes=["write"])

    def slow_screening(**_kwargs: object) -> ScreeningVerdict:
        time.sleep(0.3)  # every request is inside its publishing transaction at the same time
        return ScreeningVerdict(decision="publish")

    monkeypatch.setattr(post_actions, "screen_content", slow_screening)
    start = threading.Barrier(8)
    answers: list[tuple[int, dict[str, object]]] = []

    def send() -> None:
        try:
            start.wait()
            answers.append(_post(token, "same-key"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [status for status, _body in answers] == [200] * 8, answers
    assert len({body["id"] for _status, body in answers}) == 1
    assert Post.objects.filter(author=alice).count() == 1
    assert IdempotencyKey.objects.filter(user=alice).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_crash_after_the_post_is_written_leaves_neither_post_nor_key(make_member, monkeypatch) -> None:
    alice = make_member("alice")
    token = create_token(username="alice", scopes=["write"])
    real_publish = post_actions.publish_post

    def publish_then_die(**kwargs: object) -> Post:
        real_publish(**kwargs)  # type: ignore[arg-type]
        raise RuntimeError("killed between the post and the key")

    monkeypatch.setattr(status_endpoints, "publish_post", publish_then_die)
    assert _post(token, "k1")[0] == 500
    assert not Post.objects.filter(author=alice).exists()
    assert not IdempotencyKey.objects.exists()

    monkeypatch.setattr(status_endpoints, "publish_post", real_publish)
    first = _post(token, "k1")
    again = _post(token, "k1")
    assert first[0] == again[0] == 200
    assert first[1]["id"] == again[1]["id"]
    assert Post.objects.filter(author=alice).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_crash_inside_publishing_releases_the_key(make_member, monkeypatch) -> None:
    alice = make_member("alice")
    token = create_token(username="alice", scopes=["write"])

    def die(_post: Post) -> None:
        raise RuntimeError("killed after the key and the post rows were inserted")

    monkeypatch.setattr(post_actions, "announce_post", die)
    assert _post(token, "k2")[0] == 500
    assert not IdempotencyKey.objects.exists()
    assert not Post.objects.exists()

    monkeypatch.undo()
    monkeypatch.setattr(post_actions, "screen_content", lambda **_kw: ScreeningVerdict(decision="publish"))
    status, body = _post(token, "k2")
    assert status == 200
    assert _post(token, "k2")[1]["id"] == body["id"]
    assert Post.objects.filter(author=alice).count() == 1


@pytest.mark.django_db
def test_a_refused_post_does_not_use_up_its_key(make_member) -> None:
    make_member("alice")
    token = create_token(username="alice", scopes=["write"])
    assert _post(token, "k3", text="")[0] == 422
    assert not IdempotencyKey.objects.exists()
    status, body = _post(token, "k3", text="now with text")
    assert status == 200
    assert body["content"] == "<p>now with text</p>"


@pytest.mark.django_db(transaction=True)
def test_an_unstorable_key_gets_422_and_publishes_nothing(make_member) -> None:
    alice = make_member("alice")
    token = create_token(username="alice", scopes=["write"])
    status, body = _post(token, "a\x00b")
    assert status == 422
    assert "Idempotency-Key" in str(body["error"])
    assert not Post.objects.filter(author=alice).exists()
