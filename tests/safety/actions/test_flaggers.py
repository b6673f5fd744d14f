"""award_trusted_flagger: trusted flaggers' notices (DSA 22)."""

import pytest

from parley.safety.actions.flaggers import award_trusted_flagger
from parley.safety.actions.notices import file_notice
from tests.safety.actions.support import post_url

pytestmark = pytest.mark.django_db


def test_trusted_flagger_notice_is_marked(cast, make_member) -> None:
    flagger_user = make_member("ngo")
    award_trusted_flagger(operator=None, user=flagger_user, name="Safety NGO")
    notice = file_notice(
        url=post_url(cast["post"]),
        explanation="Illegal.",
        category="hate",
        name="NGO",
        email="ngo@example.org",
        good_faith=True,
        submitter=flagger_user,
    )
    assert notice.trusted_flagger is not None
