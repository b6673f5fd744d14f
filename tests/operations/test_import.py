"""Importing Mastodon CSV lists through the real actions: addresses, modes, rows skipped with reasons."""

import pytest
from django.conf import settings

from parley.accounts.actions import follow, mute
from parley.accounts.models import Follow, FollowRequest, Mute
from parley.core.errors import ValidationFailed
from parley.operations.imports import ImportKind, ImportMode, ImportTooLarge, import_list
from parley.posts.actions import bookmark_post, publish_post
from parley.posts.models import Bookmark

pytestmark = pytest.mark.django_db

MERGE, OVERWRITE = ImportMode.MERGE, ImportMode.OVERWRITE


def test_local_addresses_with_or_without_this_domain_and_without_a_header(make_member) -> None:
    alice, _bob, _carol, _dave = (make_member(n) for n in ("alice", "bob", "carol", "dave"))
    data = f"bob\n@carol@{settings.PARLEY_DOMAIN}\nDAVE@{settings.PARLEY_DOMAIN.split(':')[0]}\n".encode()
    result = import_list(member=alice, kind=ImportKind.FOLLOWING, mode=MERGE, data=data)
    assert (result.imported, result.skipped) == (3, [])
    assert sorted(Follow.objects.filter(follower=alice).values_list("followee__username", flat=True)) == [
        "bob",
        "carol",
        "dave",
    ]


def test_a_locked_account_gets_a_follow_request_like_a_click_would(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    bob.locked = True
    bob.save(update_fields=["locked"])
    import_list(member=alice, kind=ImportKind.FOLLOWING, mode=MERGE, data=b"bob\n")
    assert FollowRequest.objects.filter(requester=alice, target=bob).exists()
    assert not Follow.objects.filter(follower=alice).exists()


def test_rows_the_actions_refuse_are_skipped_with_their_reason(make_member) -> None:
    alice = make_member("alice")
    result = import_list(member=alice, kind=ImportKind.BLOCKS, mode=MERGE, data=b"alice\nfriend@example.social\n")
    assert result.imported == 0
    assert result.skipped == [
        ("alice", "You cannot block yourself."),
        ("friend@example.social", "an account on another server: federation is not available yet"),
    ]


def test_mutes_keep_their_hide_notifications_column(make_member) -> None:
    alice, _bob, _carol = make_member("alice"), make_member("bob"), make_member("carol")
    data = b"Account address,Hide notifications\nbob,false\ncarol,true\n"
    import_list(member=alice, kind=ImportKind.MUTES, mode=MERGE, data=data)
    assert dict(Mute.objects.filter(muter=alice).values_list("muted__username", "hide_notifications")) == {
        "bob": False,
        "carol": True,
    }


def test_bookmarks_by_post_address_only_for_posts_the_member_may_see(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    public = publish_post(author=bob, text="open", visibility="public")
    private = publish_post(author=bob, text="followers", visibility="followers")
    base = f"{settings.PARLEY_SCHEME}://{settings.PARLEY_DOMAIN}"
    data = (
        f"{base}/posts/{public.pk}\n{base}/@bob/{private.pk}\nhttps://mastodon.social/@x/1\n{base}/about\n"
    ).encode()
    result = import_list(member=alice, kind=ImportKind.BOOKMARKS, mode=MERGE, data=data)
    assert result.imported == 1
    assert [reason for _value, reason in result.skipped] == [
        "no such post, or you cannot see it",
        "a post on another server: federation is not available yet",
        "not the address of a post",
    ]
    assert list(Bookmark.objects.filter(user=alice).values_list("post", flat=True)) == [public.pk]


def test_overwrite_undoes_what_the_file_does_not_list_through_the_actions(make_member) -> None:
    alice, bob, _carol = make_member("alice"), make_member("bob"), make_member("carol")
    follow(follower=alice, target=bob)
    result = import_list(member=alice, kind=ImportKind.FOLLOWING, mode=OVERWRITE, data=b"carol\n")
    assert (result.imported, result.removed) == (1, 1)
    bob.refresh_from_db()
    assert bob.followers_count == 0  # the counter moved with the unfollow
    assert list(Follow.objects.filter(follower=alice).values_list("followee__username", flat=True)) == ["carol"]
    mute(muter=alice, target=bob)
    post = publish_post(author=bob, text="hi", visibility="public")
    bookmark_post(user=alice, post=post)
    import_list(member=alice, kind=ImportKind.MUTES, mode=OVERWRITE, data=b"carol\n")
    assert list(Mute.objects.filter(muter=alice).values_list("muted__username", flat=True)) == ["carol"]
    assert Bookmark.objects.filter(user=alice).exists()  # other lists are left alone


def test_merge_keeps_what_the_member_has(make_member) -> None:
    alice, bob, _carol = make_member("alice"), make_member("bob"), make_member("carol")
    follow(follower=alice, target=bob)
    result = import_list(member=alice, kind=ImportKind.FOLLOWING, mode=MERGE, data=b"carol\n")
    assert result.removed == 0 and Follow.objects.filter(follower=alice).count() == 2


@pytest.mark.parametrize(
    ("kind", "data", "error"),
    [
        (ImportKind.FOLLOWING, b"bob\nnot an address!\n", ValidationFailed),
        (ImportKind.MUTES, b"bob,maybe\n", ValidationFailed),
        (ImportKind.BLOCKS, b"bob,true\n", ValidationFailed),
        (ImportKind.BOOKMARKS, b"bob\n", ValidationFailed),
        (ImportKind.FOLLOWING, b"\n\n", ValidationFailed),
        (ImportKind.FOLLOWING, b"bob\x00\n", ValidationFailed),
        (ImportKind.FOLLOWING, b"bob\n" * 20_001, ImportTooLarge),
    ],
)
def test_a_bad_file_is_refused_whole(make_member, kind: ImportKind, data: bytes, error: type[Exception]) -> None:
    alice, _bob = make_member("alice"), make_member("bob")
    with pytest.raises(error):
        import_list(member=alice, kind=kind, mode=OVERWRITE, data=data)
    assert not Follow.objects.filter(follower=alice).exists() and not Mute.objects.exists()
