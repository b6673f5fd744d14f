from parley.core.text import LinkTargets, extract_hashtags, extract_mentions, extract_urls, render_text

LINKS = LinkTargets(
    profile_url=lambda name: f"/@{name}" if name.lower() in {"bob", "alice"} else None,
    hashtag_url=lambda tag: f"/tags/{tag}",
)


def test_user_html_is_escaped_never_rendered() -> None:
    html = render_text('<script>alert("x")</script> <b>bold</b>', LINKS)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>" not in html


def test_mentions_hashtags_and_urls_become_mastodon_style_links() -> None:
    html = render_text("Hi @bob, see #Parley at https://example.org/a?b=1.", LINKS)
    assert '<a href="/@bob" class="u-url mention">@<span>bob</span></a>' in html
    assert 'class="mention hashtag" rel="tag">#<span>Parley</span></a>' in html
    assert 'href="https://example.org/a?b=1"' in html
    assert html.endswith(".</p>")


def test_unknown_mentions_stay_plain_text() -> None:
    assert "<a" not in render_text("@nobody here", LINKS)


def test_paragraphs_and_line_breaks() -> None:
    assert render_text("one\ntwo\n\nthree", LINKS) == "<p>one<br>two</p><p>three</p>"


def test_extraction_is_case_folded_and_deduplicated() -> None:
    text = "#Café #café @Bob @bob https://x.org/#notatag #2024"
    assert extract_hashtags(text) == ["café"]
    assert extract_mentions(text) == ["bob"]
    assert extract_urls(text) == ["https://x.org/#notatag"]


def test_javascript_urls_are_not_linked() -> None:
    assert "href" not in render_text("javascript:alert(1)", LINKS)


def test_quotes_in_urls_cannot_break_attributes() -> None:
    html = render_text('https://e.org/"onmouseover="x', LINKS)
    assert 'onmouseover="x' not in html.replace("&quot;", "")


def test_nul_and_lone_surrogates_are_unstorable_other_text_is() -> None:
    from parley.core.text import is_storable, unstorable_field

    assert is_storable("plain, accents é, emoji 🦜, CJK 話, RTL שלום, tab\t and newline\n")
    assert not is_storable("a\x00b")
    assert not is_storable("\ud800")
    assert not is_storable("x\udfff")
    assert unstorable_field({"ok": "fine", "n": 3, "flag": True, "none": None}) is None
    assert unstorable_field({"ok": "fine", "status": "a\x00b"}) == "status"
    assert unstorable_field({"keywords": [{"keyword": "ok"}, {"keyword": "\ud800"}]}) == "keywords"
    assert unstorable_field({"a\x00": "value"}) == "'a\\x00'"
