"""The settings pages over HTTP: profile, account, security, sessions, blocks, mutes and follow
requests. Every bad input gets a clear error, the right status, and changes nothing."""

import io
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from parley.accounts import actions
from parley.accounts.models import Block, Follow, FollowRequest, MemberSession, Mute, User
from parley.posts.actions import publish_post
from parley.posts.models import Post

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"

PAGES = [
    "web:settings",
    "web:settings_profile",
    "web:settings_account",
    "web:settings_password",
    "web:settings_delete_account",
    "web:settings_security",
    "web:settings_sessions",
    "web:blocks",
    "web:mutes",
    "web:follow_requests",
]


def totp_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def signed_in(username: str = "alice") -> Client:
    client = Client()
    response = client.post("/login", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("web:settings")).status_code == 200


@pytest.fixture
def alice(make_member) -> User:
    return make_member("alice")


@pytest.mark.parametrize("name", PAGES)
def test_settings_pages_need_a_member(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize("name", PAGES)
def test_settings_pages_show_for_a_member(alice: User, name: str) -> None:
    response = signed_in().get(reverse(name))
    assert response.status_code == 200
    assert 'aria-label="Settings"' in response.content.decode()


def test_settings_post_without_csrf_token_is_forbidden(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/settings/profile", {"display_name": "Hacked"})
    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.display_name == ""


# Profile


def jpeg_with_gps() -> SimpleUploadedFile:
    image = Image.new("RGB", (800, 600), "teal")
    exif = Image.Exif()
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPSInfo: a latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_profile_update_saves_every_field_and_strips_image_metadata(alice: User) -> None:
    response = signed_in().post(
        "/settings/profile",
        {
            "display_name": "Alice A.",
            "bio": "Hello there",
            "locked": "on",
            "language": "fr",
            "link_name_1": "Blog",
            "link_url_1": "https://alice.example/blog",
            "link_name_2": "",
            "link_url_2": "",
            "avatar": jpeg_with_gps(),
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.bio, alice.locked, alice.language) == (
        "Alice A.",
        "Hello there",
        True,
        "fr",
    )
    assert alice.links == [{"name": "Blog", "url": "https://alice.example/blog"}]
    with Image.open(alice.avatar.path) as avatar:
        assert avatar.size == (400, 400)
        assert not avatar.getexif()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bio": "x" * 501}, "at most 500 characters"),
        ({"display_name": "x" * 61}, "at most 60 characters"),
        ({"link_name_1": "Bad", "link_url_1": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"language": "de"}, "Select a valid choice"),
        (
            {"avatar": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")},
            "not an image Parley can read",
        ),
    ],
)
def test_profile_with_bad_input_is_422_and_changes_nothing(alice: User, data: dict[str, object], message: str) -> None:
    response = signed_in().post("/settings/profile", {"display_name": "New name", **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "" and not alice.avatar and alice.links == []


# Account: email, password, deletion


def test_change_email_needs_the_password_and_a_free_address(
    alice: User, make_member, django_capture_on_commit_callbacks
) -> None:
    make_member("bob")
    client = signed_in()
    wrong = client.post("/settings/account/email", {"email": "a@new.example", "password": "x"})
    assert wrong.status_code == 422 and "password is not correct" in wrong.content.decode()
    taken = client.post("/settings/account/email", {"email": "bob@example.org", "password": PASSWORD})
    assert taken.status_code == 422 and "already uses" in taken.content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/settings/account/email", {"email": "a@new.example", "password": PASSWORD})
    assert done["Location"] == reverse("web:settings_account")
    alice.refresh_from_db()
    assert alice.email == "a@new.example" and alice.email_confirmed_at is None
    assert mail.outbox[-1].to == ["a@new.example"]
    assert "not confirmed yet" in client.get("/settings/account").content.decode()


def test_resend_confirmation(alice: User) -> None:
    client = signed_in()
    confirmed = client.post("/settings/account/confirm-email")
    assert confirmed.status_code == 422
    User.objects.filter(pk=alice.pk).update(email_confirmed_at=None)
    assert client.post("/settings/account/confirm-email").status_code == 302
    assert len(mail.outbox) == 1
    again = client.post("/settings/account/confirm-email")
    assert again.status_code == 429 and "less than a minute" in again.content.decode()
    assert len(mail.outbox) == 1


def test_password_change_keeps_this_browser_and_signs_out_the_others(alice: User) -> None:
    client, other = signed_in(), signed_in()
    wrong = client.post(
        "/settings/account/password",
        {
            "old_password": "nope",
            "new_password1": "brand-new-pass-9",
            "new_password2": "brand-new-pass-9",
        },
    )
    assert wrong.status_code == 422
    weak = client.post(
        "/settings/account/password",
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 422
    assert is_signed_in(other)
    done = client.post(
        "/settings/account/password",
        {
            "old_password": PASSWORD,
            "new_password1": "brand-new-pass-9",
            "new_password2": "brand-new-pass-9",
        },
    )
    assert done["Location"] == reverse("web:settings_account")
    alice.refresh_from_db()
    assert alice.check_password("brand-new-pass-9")
    assert is_signed_in(client) and not is_signed_in(other)
    assert list(MemberSession.objects.values_list("session_key", flat=True)) == [client.session.session_key]


def test_delete_account_needs_password_and_confirmation(alice: User) -> None:
    publish_post(author=alice, text="soon gone")
    client = signed_in()
    for data in ({"password": "wrong", "confirm": "on"}, {"password": PASSWORD}):
        response = client.post("/settings/account/delete", data)
        assert response.status_code == 422
    assert User.objects.filter(pk=alice.pk).exists()
    done = client.post("/settings/account/delete", {"password": PASSWORD, "confirm": "on"})
    assert done.status_code == 302
    assert not User.objects.filter(username="alice").exists()
    assert not Post.objects.exists()
    assert not is_signed_in(client)


# Security: two-factor sign-in


def test_two_factor_setup_shows_a_qr_code_and_recovery_codes_once(alice: User) -> None:
    client = signed_in()
    assert client.get("/settings/security/two-factor/setup")["Location"] == reverse("web:settings_security")
    assert client.post("/settings/security/two-factor/start")["Location"] == reverse("web:settings_two_factor_setup")
    page = client.get("/settings/security/two-factor/setup")
    body = page.content.decode()
    assert "<svg" in body and "otpauth" not in body  # the URI is only inside the QR code
    device = TOTPDevice.objects.get(user=alice)
    assert "".join(page.context["secret"].split()) in device.config_url
    wrong = client.post(
        "/settings/security/two-factor/setup",
        {"code": "000000" if totp_code(device) != "000000" else "111111"},
    )
    assert wrong.status_code == 422 and "not right" in wrong.content.decode()
    done = client.post("/settings/security/two-factor/setup", {"code": totp_code(device)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert "no-store" in done["Cache-Control"] and "no-store" in page["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed
    assert "10 recovery codes left" in client.get("/settings/security").content.decode()
    # Started again while on: refused, and the confirmed device stays.
    assert client.post("/settings/security/two-factor/start").status_code == 422
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).count() == 1


def test_two_factor_disable_and_new_codes_need_the_password(alice: User) -> None:
    device = actions.start_two_factor_setup(user=alice)
    actions.confirm_two_factor(user=alice, token=totp_code(device))
    client = Client()
    client.force_login(alice)
    bad = client.post("/settings/security/recovery-codes", {"codes-password": "wrong"})
    assert bad.status_code == 422
    codes = client.post("/settings/security/recovery-codes", {"codes-password": PASSWORD})
    assert codes.status_code == 200 and len(codes.context["codes"]) == 10
    bad = client.post("/settings/security/two-factor/disable", {"disable-password": "wrong"})
    assert bad.status_code == 422
    assert TOTPDevice.objects.filter(user=alice).exists()
    off = client.post("/settings/security/two-factor/disable", {"disable-password": PASSWORD})
    assert off["Location"] == reverse("web:settings_security")
    assert not TOTPDevice.objects.filter(user=alice).exists()


# Sessions


def test_sessions_list_without_keys_and_revoke_really_signs_out(alice: User) -> None:
    client, other = signed_in(), signed_in()
    page = client.get("/settings/sessions")
    body = page.content.decode()
    assert body.count('name="session"') == 2
    for key in MemberSession.objects.values_list("session_key", flat=True):
        assert key not in body
    other_row = next(row for row in page.context["sessions"] if not row["current"])
    assert client.post("/settings/sessions/revoke", {"session": "unknown"}).status_code == 404
    response = client.post("/settings/sessions/revoke", {"session": other_row["id"]})
    assert response["Location"] == reverse("web:settings_sessions")
    assert not is_signed_in(other)
    assert is_signed_in(client)


FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"


def test_sessions_name_the_browser_and_system_not_the_raw_user_agent(alice: User) -> None:
    phone = Client(headers={"user-agent": FIREFOX_ANDROID})
    assert phone.post("/login", {"username": "alice", "password": PASSWORD}).status_code == 302
    page = phone.get("/settings/sessions").content.decode()
    assert '>Firefox on Android <span class="label">This browser</span></h2>' in page
    assert "Gecko/128.0" not in page.replace(f'title="{FIREFOX_ANDROID}"', "")
    french = phone.get("/settings/sessions", headers={"accept-language": "fr"}).content.decode()
    assert "Firefox sur Android" in french


@pytest.mark.parametrize(
    ("user_agent", "device"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on iOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            "Chrome on Linux",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.5 Safari/605.1.15",
            "Safari on macOS",
        ),
        ("Tusky/25.2 Android/14", "Tusky on Android"),
        ("Mozilla/5.0 (compatible; Windows NT 10.0)", "Windows"),
        ("curl/8.5.0", "curl"),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 "
            "Safari/537.36",
            "Chrome on Linux",
        ),
        ("", "Unknown browser"),
    ],
)
def test_device_names(user_agent: str, device: str) -> None:
    from django.utils import translation

    from parley.web.labels import device_name

    with translation.override("en"):
        assert device_name(user_agent) == device


def test_a_new_language_is_confirmed_in_that_language(alice: User) -> None:
    client = signed_in()
    form = {"display_name": "Alice", "bio": "", "language": "fr", "link_name_1": "", "link_url_1": ""}
    response = client.post("/settings/profile", form, follow=True)
    assert response.status_code == 200
    assert "Votre profil a été enregistré." in response.content.decode()
    form["language"] = "en"
    response = client.post("/settings/profile", form, follow=True)
    assert "Your profile was saved." in response.content.decode()


def test_revoke_all_other_sessions_and_own_session(alice: User) -> None:
    client, second, third = signed_in(), signed_in(), signed_in()
    client.post("/settings/sessions/revoke-others")
    assert not is_signed_in(second) and not is_signed_in(third)
    assert is_signed_in(client)
    own = next(row for row in client.get("/settings/sessions").context["sessions"] if row["current"])
    client.post("/settings/sessions/revoke", {"session": own["id"]})
    assert not is_signed_in(client)
    assert not MemberSession.objects.exists()


def test_a_session_started_elsewhere_is_listed(alice: User) -> None:
    client = Client()
    client.force_login(alice)  # e.g. the admin's own login
    client.get("/settings")
    assert MemberSession.objects.filter(user=alice, session_key=client.session.session_key).exists()


# Blocks, mutes and follow requests


def test_blocks_list_and_unblock(alice: User, make_member) -> None:
    bob, carol = make_member("bob"), make_member("carol")
    actions.block(blocker=alice, target=bob)
    actions.block(blocker=carol, target=alice)
    client = signed_in()
    body = client.get("/settings/blocks").content.decode()
    assert "@bob" in body and "@carol" not in body
    carols = Block.objects.get(blocker=carol)
    assert client.post("/settings/blocks/remove", {"block": carols.pk}).status_code == 404
    assert client.post("/settings/blocks/remove", {"block": "x"}).status_code == 404
    assert Block.objects.count() == 2
    mine = Block.objects.get(blocker=alice)
    assert client.post("/settings/blocks/remove", {"block": mine.pk})["Location"] == "/settings/blocks"
    assert list(Block.objects.all()) == [carols]


def test_mutes_list_shows_active_mutes_and_unmute(alice: User, make_member) -> None:
    bob, carol = make_member("bob"), make_member("carol")
    actions.mute(muter=alice, target=bob, duration=timedelta(hours=2))
    expired = actions.mute(muter=alice, target=carol, duration=timedelta(hours=1))
    Mute.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client = signed_in()
    body = client.get("/settings/mutes").content.decode()
    assert "@bob" in body and "@carol" not in body
    entry = Mute.objects.get(muted=bob)
    assert client.post("/settings/mutes/remove", {"mute": expired.pk}).status_code == 404
    assert client.post("/settings/mutes/remove", {"mute": entry.pk}).status_code == 302
    assert not Mute.objects.filter(muted=bob).exists()


def test_follow_requests_approve_and_decline(alice: User, make_member) -> None:
    bob, carol, dave = make_member("bob"), make_member("carol"), make_member("dave")
    actions.update_profile(user=alice, locked=True)
    actions.follow(follower=bob, target=alice)
    actions.follow(follower=carol, target=alice)
    actions.update_profile(user=dave, locked=True)
    actions.follow(follower=bob, target=dave)
    client = signed_in()
    body = client.get("/follow-requests").content.decode()
    assert "@bob" in body and "@carol" in body
    from_bob = FollowRequest.objects.get(requester=bob, target=alice)
    from_carol = FollowRequest.objects.get(requester=carol)
    to_dave = FollowRequest.objects.get(target=dave)
    url = "/follow-requests/answer"
    assert client.post(url, {"request": to_dave.pk, "answer": "approve"}).status_code == 404
    assert client.post(url, {"request": from_bob.pk, "answer": "maybe"}).status_code == 422
    assert not Follow.objects.exists()
    assert client.post(url, {"request": from_bob.pk, "answer": "approve"}).status_code == 302
    assert client.post(url, {"request": from_carol.pk, "answer": "reject"}).status_code == 302
    assert list(Follow.objects.values_list("follower__username", "followee__username")) == [("bob", "alice")]
    assert list(FollowRequest.objects.all()) == [to_dave]
