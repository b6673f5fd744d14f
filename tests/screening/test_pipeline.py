import json
import random
from io import StringIO

import pytest
from django.core.management import call_command

from parley.screening.pipeline import MAX_SCREENED_CHARS, ScreeningInputError, screen_text

pytestmark = pytest.mark.django_db


def _garbage(n: int) -> str:
    rng = random.Random(42)
    return bytes(rng.randrange(256) for _ in range(n)).decode("latin-1")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02",
        "\ud800 lone surrogate \udfff",
        "\u200b\u200b\u200b",
        "🙂" * 500,
        "Mixed scripts: Привет, こんにちは, مرحبا, bonjour, hello, שלום",
        "x" * 100_000,
        "kill " * 50_000,
    ],
)
def test_odd_text_gets_a_decision(text: str) -> None:
    verdict = screen_text(text)
    assert verdict.decision in ("publish", "label", "hold", "reject")


def test_binary_garbage_gets_a_decision() -> None:
    assert screen_text(_garbage(5000)).decision in ("publish", "label", "hold", "reject")


def test_huge_input_is_screened_on_its_first_part() -> None:
    padding = "a" * (MAX_SCREENED_CHARS * 5)
    assert screen_text(padding + " I will kill you").scores == screen_text(padding).scores
    assert screen_text("I will kill you " + "a" * (MAX_SCREENED_CHARS * 5)).decision in ("hold", "reject")


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["list"]])
def test_non_text_is_a_clear_error(value: object) -> None:
    with pytest.raises(ScreeningInputError, match="text must be a string"):
        screen_text(value)


def test_cli_answers_every_bad_line_with_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        "not json",
        json.dumps([1, 2]),
        json.dumps({"id": 7, "text": 12}),
        json.dumps({"id": 8, "text": _garbage(300)}),
        json.dumps({"id": 9, "text": "hello", "lang": 5}),
    ]
    monkeypatch.setattr("sys.stdin", StringIO("\n".join(lines) + "\n"))
    out = StringIO()
    call_command("moderation", "screen", stdout=out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(answers) == 5
    assert "invalid JSON" in answers[0]["error"]
    assert "JSON object" in answers[1]["error"]
    assert answers[2] == {"id": 7, "error": "text must be a string"}
    assert answers[3]["id"] == 8 and answers[3]["decision"] in (
        "publish",
        "label",
        "hold",
        "reject",
    )
    assert answers[4]["decision"] == "publish"
