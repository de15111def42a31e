"""Language detection: foreign only when sure; English (even short, name-heavy sentences) never flagged."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.lang import UNDETERMINED, article_language, detect

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover-gsr" / "dev.json"


@pytest.mark.parametrize(
    "text, code",
    [
        ("Azerbaijan hosted talks between Turkey and Israel in Baku on Tuesday, officials said.", "en"),
        ("On Tuesday, Nigerian junior foreign minister Dubem Oniya summoned Niger's ambassador Brah Mohamane.", "en"),
        ("Kosovo rejected the EU plan.", "en"),
        ("Le ministre turc des Affaires étrangères s'est rendu à Bakou mardi pour des entretiens avec son homologue.", "fr"),
        ("El gobierno de España y Marruecos firmaron un acuerdo comercial el martes en Rabat.", "es"),
        ("Der Bundeskanzler traf am Montag den polnischen Ministerpräsidenten in Warschau, um über die Ukraine zu sprechen.", "de"),
        ("Президент России провёл переговоры с председателем КНР в Москве во вторник.", "ru"),
        # too short to say anything: undetermined, never a foreign flag
        ("Putin met Xi.", UNDETERMINED),
        ("Biden visits Kyiv", UNDETERMINED),
        ("", UNDETERMINED),
        ("2025 — 14:05", UNDETERMINED),
    ],
)
def test_detect(text: str, code: str) -> None:
    found, score = detect(text)
    assert found == code
    assert 0.0 <= score <= 1.0


def test_undetermined_is_stored_as_none_so_english_stages_still_run() -> None:
    assert article_language("NATO")[0] is None


@pytest.mark.skipif(not DEV.exists(), reason="shared eval not mounted")
def test_every_plover_sentence_is_english() -> None:
    records = [r for r in json.loads(DEV.read_text(encoding="utf-8")) if r.get("text")]
    assert len(records) >= 150
    wrong = [r["text"] for r in records if detect(r["text"])[0] != "en"]
    assert wrong == []
