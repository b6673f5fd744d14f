"""The web UI in French: pages follow the browser's language or the member's setting, and the
French catalogue is complete, free of fuzzy entries, and compiled from the committed .po file."""

import ast
import gettext
import html
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.translation import override
from pytest_django.fixtures import Settings

from parley.accounts.actions import update_profile
from parley.accounts.models import User
from parley.posts.actions import publish_post
from parley.posts.models import Post

PACKAGE = Path(__file__).resolve().parents[2] / "parley"
CATALOGUE = PACKAGE / "locale" / "fr" / "LC_MESSAGES"
PO_FILE = CATALOGUE / "django.po"
MO_FILE = CATALOGUE / "django.mo"
FRENCH = {"accept-language": "fr"}


class Response(Protocol):
    status_code: int
    content: bytes


def text_of(response: Response) -> str:
    """The page's text as a reader sees it: no tags, entities decoded, no-break spaces as plain spaces."""
    assert response.status_code == 200, response.status_code
    text = html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def html_lang(response: Response) -> str:
    match = re.search(r'<html[^>]*\blang="([^"]+)"', response.content.decode())
    assert match is not None, "the page has no <html lang>"
    return match.group(1)


def signed_in(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


MakeMember = Callable[..., object]


def member(make_member: MakeMember, username: str) -> User:
    created = make_member(username)
    assert isinstance(created, User)
    return created


@pytest.fixture
def alice(make_member: MakeMember) -> User:
    return member(make_member, "alice")


@pytest.fixture
def thread(alice: User, make_member: MakeMember) -> Post:
    bob = member(make_member, "bob")
    post = publish_post(author=alice, text="Bonjour #parley")
    publish_post(author=bob, text="Salut Alice", in_reply_to=post)
    return post


# Pages in French from the browser's Accept-Language


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/local", ["Fil local", "Se connecter", "S'inscrire", "Conditions d'utilisation", "À propos"]),
        ("/login", ["Nom d'utilisateur ou e-mail", "Mot de passe", "Mot de passe oublié ?", "Nouveau ici ?"]),
        ("/signup", ["Rejoindre", "Adresse e-mail", "J'accepte les conditions d'utilisation", "politique de contenu"]),
        ("/terms", ["Contenus interdits", "Menaces de violence", "organe de règlement extrajudiciaire des litiges"]),
        ("/policy", ["Toujours autorisé", "Étiqueté, pas retiré"]),
        ("/about", ["À propos de", "Règles", "Modérateurs"]),
        ("/contact", ["Signalements d'abus", "Protection de l'enfance"]),
        ("/search", ["Rechercher des personnes, des hashtags et des publications"]),
        ("/search?q=parley", ["Recherche : parley", "Personnes", "Hashtags"]),
        ("/@alice", ["Membre depuis", "abonné", "0 abonnement", "Publications et réponses"]),
        ("/notices/new", ["Adresse exacte (URL) du contenu", "Envoyer la notification"]),
        ("/how-moderation-works", ["Fonctionnement de la modération", "Réclamations et recours"]),
        ("/child-safety", ["Normes de protection de l'enfance", "Envoyer une notification"]),
        ("/transparency", ["Rapport de transparence", "Signalements des membres", "Recours"]),
    ],
)
def test_public_pages_follow_the_browser_language(path: str, expected: list[str], thread: Post) -> None:
    response = Client().get(path, headers=FRENCH)
    assert html_lang(response) == "fr"
    page = text_of(response)
    for words in expected:
        assert words in page, f"{words!r} missing from {path}"


@pytest.mark.django_db
def test_thread_page_in_french(thread: Post) -> None:
    response = Client().get(f"/posts/{thread.pk}", headers=FRENCH)
    assert html_lang(response) == "fr"
    page = text_of(response)
    assert "Publication de alice" in page
    assert "Connectez-vous pour répondre." in page
    assert "Salut Alice" in page  # members' own words are never translated


@pytest.mark.django_db
def test_signed_in_pages_in_french(alice: User, thread: Post) -> None:
    client = signed_in(alice)
    response = client.get("/", headers=FRENCH)
    assert html_lang(response) == "fr"
    home = text_of(response)
    for words in (
        "Accueil",
        "Qu'avez-vous à dire ?",
        "Avertissement de contenu (facultatif)",
        "Publier",
        "Marque-pages",
        "Paramètres",
        "Se déconnecter",
    ):
        assert words in home, words
    thread_page = text_of(client.get(f"/posts/{thread.pk}", headers=FRENCH))
    for words in ("Répondre à @alice", "Faire écho", "Voter pour", "Citer", "Modifier", "Supprimer"):
        assert words in thread_page, words
    settings_page = text_of(client.get("/settings", headers=FRENCH))
    for words in ("Paramètres", "Sécurité", "Comptes bloqués", "Comptes masqués"):
        assert words in settings_page, words
    notifications = text_of(client.get("/notifications", headers=FRENCH))
    assert "vous a répondu" in notifications  # bob's reply


@pytest.mark.django_db
def test_errors_from_the_domain_are_in_french(alice: User) -> None:
    response = signed_in(alice).post(
        "/compose", {"text": "x" * 1001, "content_warning": "", "visibility": "public"}, headers=FRENCH
    )
    assert response.status_code == 422
    page = html.unescape(response.content.decode()).replace("\u00a0", " ")
    assert "Une publication ne peut pas dépasser 1000 caractères" in page
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_flash_messages_are_in_french(alice: User) -> None:
    client = signed_in(alice)
    response = client.post(
        "/compose",
        {"text": "Premier message", "content_warning": "", "visibility": "public"},
        follow=True,
        headers=FRENCH,
    )
    assert "Votre publication est en ligne." in text_of(response)


@pytest.mark.django_db
def test_profile_counts_agree_with_their_number_in_french(alice: User, make_member: MakeMember) -> None:
    from parley.accounts.actions import follow

    follow(follower=alice, target=member(make_member, "bob"))
    assert re.search(r"\b1 abonnement\b", text_of(Client().get("/@alice", headers=FRENCH)))
    follow(follower=alice, target=member(make_member, "carol"))
    assert "2 abonnements" in text_of(Client().get("/@alice", headers=FRENCH))


# A fixed tour of French pages: no English word anywhere a reader sees or hears

# Words of English UI text that never occur in French UI text. Members' own words, usernames,
# code (<code>), and anything marked lang="en" (the English option of the language switcher,
# screening reasons stored verbatim) are left out of the check.
_ENGLISH = """the and your you with this that from for are not has have was were will can could should
    post posts reply replies report reports reported settings home search follow followers following
    upvote upvotes echoes bookmark bookmarks delete edit threat harassment minors something else
    other illegal sensitive disputed claim claims within ago hours days week more back people sign
    log show hide new received decision decisions appeal appeals moderation notice notices statement
    reasons ground terms account accounts member members nothing yet here there about policy privacy
    profile password browser what when who why which how where unknown none open closed status by
    of to at is it be blocked muted waiting overdue claimed category categories without choose
    write language"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())
ATTRIBUTES = re.compile(
    r'\b(?:aria-label|title|placeholder|alt|data-label|data-left|data-over|data-alt-missing)="([^"]*)"'
)
SKIPPED = re.compile(r'<(code|script|style)\b.*?</\1>|<(\w+)[^>]*\blang="en"[^>]*>.*?</\2>', re.S)


def english_words(page: str, allowed: set[str]) -> set[str]:
    page = SKIPPED.sub(" ", page)
    visible = html.unescape(" ".join([re.sub(r"<[^>]+>", " ", page), *ATTRIBUTES.findall(page)]))
    visible = re.sub(r"\S+@\S+", " ", visible)  # addresses (moderation@example.org)
    words = {word.casefold() for word in re.findall(r"[^\W\d_]+", visible)}
    return (words & ENGLISH_WORDS) - allowed


@pytest.fixture
def tour(make_member: MakeMember) -> dict[str, object]:
    from parley.accounts.actions import follow
    from parley.posts.models import Visibility
    from parley.safety.actions.decisions import decide_item
    from parley.safety.actions.reports import file_report

    # Members write in French here, so their words pass the check as well.
    alice, bob = member(make_member, "alice"), member(make_member, "bob")
    mod = member(make_member, "modo")
    mod.is_moderator = True
    mod.save(update_fields=["is_moderator"])
    follow(follower=bob, target=alice)
    follow(follower=alice, target=bob)
    first = publish_post(author=alice, text="Bonjour à tous #parley")
    publish_post(author=bob, text="Salut Alice", in_reply_to=first)
    spam = publish_post(author=bob, text="Regardez ma nouvelle page")
    rude = publish_post(author=bob, text="Je ne suis pas d'accord")
    publish_post(author=alice, text="@bob un message privé", visibility=Visibility.DIRECT)
    file_report(reporter=alice, category="harassment", account=bob, post_ids=[rude.pk], comment="Insultant.")
    report = file_report(reporter=alice, category="spam", account=bob, post_ids=[spam.pk])
    # Notices are written when the decision is taken, in the moderator's language: French here.
    with override("fr"):
        decided = decide_item(
            moderator=mod, item=report.review_item, action="remove", reason="Publicité.", category="spam"
        )
    assert decided.statement is not None
    return {"alice": alice, "bob": bob, "mod": mod, "first": first, "rude": rude, "statement": decided.statement}


def tour_pages(tour: dict[str, object]) -> list[tuple[str, str]]:
    """(who, path) for the tour: anonymous visitors, a member, a member told of a decision, a moderator."""
    from parley.safety.models import ReviewItem

    first, rude, statement = tour["first"], tour["rude"], tour["statement"]
    assert isinstance(first, Post) and isinstance(rude, Post)
    item = ReviewItem.objects.filter(status="open").first()
    assert item is not None
    anonymous = [
        "/local",
        "/login",
        "/signup",
        "/password-reset",
        "/terms",
        "/policy",
        "/about",
        "/contact",
        "/search",
        "/search?q=parley",
        "/tags/parley",
        "/@alice",
        "/@alice/followers",
        "/@alice/following",
        f"/posts/{first.pk}",
        "/notices/new",
        "/how-moderation-works",
        "/child-safety",
        "/transparency",
    ]
    alice = [
        "/",
        "/notifications",
        "/messages",
        "/bookmarks",
        "/compose",
        f"/posts/{first.pk}",
        "/@bob",
        "/settings",
        "/settings/profile",
        "/settings/account",
        "/settings/account/password",
        "/settings/security",
        "/settings/sessions",
        "/settings/apps",
        "/settings/blocks",
        "/settings/mutes",
        "/follow-requests",
        "/settings/data",
        "/settings/reports",
        "/settings/decisions",
        f"/posts/{rude.pk}/report",
        "/@bob/report",
        f"/posts/{first.pk}/quote",
        f"/posts/{first.pk}/edit",
        f"/posts/{first.pk}/delete",
        f"/posts/{first.pk}/history",
    ]
    bob = ["/notifications", "/settings/decisions", f"/decisions/{getattr(statement, 'pk', 0)}"]
    mod = ["/moderation", f"/moderation/items/{item.pk}", "/moderation/audit"]
    return [("", path) for path in anonymous] + [
        (who, path) for who, paths in (("alice", alice), ("bob", bob), ("modo", mod)) for path in paths
    ]


@pytest.mark.django_db
def test_a_tour_of_french_pages_shows_no_english(tour: dict[str, object]) -> None:
    clients: dict[str, Client] = {"": Client()}
    for name in ("alice", "bob", "modo"):
        someone = tour["mod" if name == "modo" else name]
        assert isinstance(someone, User)
        clients[name] = signed_in(someone)
    # Names of members and of the site are not English words, whatever they look like.
    allowed = {"alice", "bob", "modo", "parley"}
    found: dict[str, set[str]] = {}
    for who, path in tour_pages(tour):
        response = clients[who].get(path, headers=FRENCH)
        assert response.status_code == 200, (who, path, response.status_code)
        assert html_lang(response) == "fr", path
        words = english_words(response.content.decode(), allowed)
        if words:
            found[f"{who or 'anonymous'} {path}"] = words
    assert not found, "\n".join(f"{page}: {sorted(words)}" for page, words in found.items())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/posts/987654321", "/no/such/page", "/@nobody"])
def test_not_found_pages_are_in_french(path: str) -> None:
    response = Client().get(path, headers=FRENCH)
    assert response.status_code == 404
    page = response.content.decode()
    assert english_words(page, {"parley"}) == set(), path
    assert "Introuvable" in html.unescape(page) or "introuvable" in html.unescape(page)


def test_the_english_word_check_finds_english() -> None:
    page = '<p>Bonjour</p><p>Threat of violence</p><a aria-label="Open the post">x</a><code>the</code>'
    assert english_words(page, set()) == {"threat", "of", "open", "the", "post"}
    assert english_words('<option lang="en">English the</option><p lang="en">the post</p>', set()) == set()


# The member's language setting, and English by default


@pytest.mark.django_db
def test_a_member_who_chose_french_gets_french_without_the_header(alice: User) -> None:
    update_profile(user=alice, language="fr")
    response = signed_in(alice).get("/")
    assert html_lang(response) == "fr"
    page = text_of(response)
    assert "Publier" in page and "Paramètres" in page


@pytest.mark.django_db
def test_the_member_setting_wins_over_the_browser(alice: User) -> None:
    update_profile(user=alice, language="en")
    response = signed_in(alice).get("/", headers=FRENCH)
    assert html_lang(response) == "en"
    page = text_of(response)
    assert "Publish" in page


@pytest.mark.django_db
def test_english_by_default(alice: User) -> None:
    response = Client().get("/login")
    assert html_lang(response) == "en"
    page = text_of(response)
    assert "Forgot your password?" in page and "Mot de passe" not in page
    response = signed_in(alice).get("/")
    assert html_lang(response) == "en" and "Publish" in text_of(response)


# The catalogue itself


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _unquote(token: str) -> str:
    # A PO string uses C escapes (\n, \", \\), which a Python string literal reads the same way.
    value = ast.literal_eval(token)
    assert isinstance(value, str)
    return value


def read_po(path: Path) -> list[Entry]:
    """A small PO reader: enough for the catalogue makemessages writes (no obsolete entries)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] = ("", 0)
    started = False

    def finish() -> None:
        nonlocal current, started
        if started:
            entries.append(current)
        current, started = Entry(), False

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            finish()
        elif line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#~"):
            raise AssertionError(f"obsolete entry left in {path.name}: {line}")
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            kind, index = target
            if kind == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, kind, (getattr(current, kind) or "") + _unquote(line))
        else:
            match = re.fullmatch(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (\".*\")", line)
            assert match is not None, f"unexpected line in {path.name}: {line}"
            started = True
            kind, index, value = match.group(1), int(match.group(2) or 0), _unquote(match.group(3))
            if kind == "msgstr":
                current.msgstr.append(value)
            else:
                setattr(current, kind, value)
            target = (kind, index)
    finish()
    return [entry for entry in entries if entry.msgid]


def test_every_string_has_a_french_translation_and_none_is_fuzzy() -> None:
    entries = read_po(PO_FILE)
    assert len(entries) > 500
    untranslated = [e.msgid for e in entries if not e.msgstr or any(not s for s in e.msgstr)]
    assert untranslated == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert all(len(e.msgstr) == 2 for e in entries if e.msgid_plural is not None)
    header = PO_FILE.read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in header
    assert '"Language: fr\\n"' in header


def test_placeholders_survive_translation() -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]|</?[a-z]+[^>]*>")
    for entry in read_po(PO_FILE):
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = set().union(*(placeholder.findall(source) for source in sources))
        for translation in entry.msgstr:
            # A French singular may leave out the count ("une heure"), never add a placeholder.
            assert set(placeholder.findall(translation)) <= wanted, (entry.msgid, translation)
        if entry.msgid_plural is None:
            assert sorted(placeholder.findall(entry.msgstr[0])) == sorted(placeholder.findall(entry.msgid)), entry.msgid


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"
    for entry in read_po(PO_FILE):
        if entry.msgid_plural is not None:
            one = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            )
            many = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 2)
            )
            assert [one, many] == entry.msgstr, entry.msgid
        else:
            found = compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)
            assert found == entry.msgstr[0], entry.msgid


def test_the_catalogue_covers_every_string_in_the_source(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Extract the strings afresh from a copy of the package: a string added to the code or a template
    without a French translation fails here (run `make messages` and translate it)."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    source = tmp_path / "parley"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("locale", "__pycache__", "static", "data", "*.mo"))
    locale = tmp_path / "locale"
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["fr"], ignore_patterns=["tests/*"], verbosity=0)
    extracted = {(e.msgctxt, e.msgid) for e in read_po(locale / "fr" / "LC_MESSAGES" / "django.po")}
    translated = {(e.msgctxt, e.msgid) for e in read_po(PO_FILE)}
    assert len(extracted) > 500, "the extraction found no strings: is the copy of the package complete?"
    assert sorted(extracted - translated, key=str) == []
