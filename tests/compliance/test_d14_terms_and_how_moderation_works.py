"""D14: terms state what is prohibited, how moderation works (with automation), how complaints
are handled; members are told when the terms change."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_d14_terms_moderation_page_and_change_notice(make_member, browser, settings) -> None:
    visitor = browser()
    terms = visitor.get(reverse("web:terms")).content.lower()
    assert b"threat" in terms and b"appeal" in terms
    how = visitor.get(reverse("web:how_moderation_works")).content
    for words in (b"Automated screening", b"language models", b"appeal", b"out-of-court", b"Threat of violence"):
        assert words in how, words
    member = make_member("member")
    settings.PARLEY_TERMS_VERSION = member.terms_accepted_version + 1
    client = browser(member)
    home = client.get(reverse("web:home")).content
    assert reverse("web:terms_accept").encode() in home
    client.post(reverse("web:terms_accept"), {"accept_terms": "on"})
    member.refresh_from_db()
    assert member.terms_accepted_version == settings.PARLEY_TERMS_VERSION
