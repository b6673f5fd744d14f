"""A4: contact information is published."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a4_contact_page_lists_how_to_reach_the_operator(browser) -> None:
    page = browser().get(reverse("web:contact"))
    assert page.status_code == 200
    assert b"mailto:" in page.content
    assert settings.PARLEY_CONTACT_EMAIL.encode() in browser().get(reverse("web:child_safety")).content
