import pytest

from parley.screening.records import ScreeningVerdict


@pytest.fixture(autouse=True)
def _publish_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timelines are exact only if every post publishes; screening has its own tests."""
    import parley.posts.actions as post_actions

    monkeypatch.setattr(post_actions, "screen_content", lambda **_kwargs: ScreeningVerdict(decision="publish"))
