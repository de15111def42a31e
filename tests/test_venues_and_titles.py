"""Places named inside an event's object are venues, and a title's last word is never an actor.

Found through the analysis of examples/ (a capital "in Brussels" made Belgium a party to EU-mediated
talks; "Secretary of State" made an actor called "State"); each row is a sentence of the team's.
"""
from __future__ import annotations

from typing import Any

import pytest

from tests.events_support import Row, matches, run_row

pytestmark = pytest.mark.slow

ROWS: list[Row] = [
    ("The European Union mediated talks between Armenia and Azerbaijan in Brussels on Tuesday.", "CONSULT",
     {"IGO"}, {"ARM", "AZE"}, {"mode": "mediate", "third": {("BEL", "venue")}}),
    ("Norway brokered negotiations between Colombia and Venezuela in Havana.", "CONSULT",
     {"COL", "VEN"}, set(), {"sym": True, "third": {("NOR", "mediator"), ("CUB", "venue")}}),
    ("US Secretary of State Marco Rubio mediated between the Armenian and Azerbaijani foreign ministers.", "CONSULT",
     {"USA"}, {"ARM", "AZE"}, {"mode": "mediate"}),
    ("Israeli jets struck weapons depots in Damascus.", "ASSAULT", {"ISR"}, {"SYR"}, {}),
    ("President Ilham Aliyev and Prime Minister Nikol Pashinyan signed the treaty at the White House.", "AGREE",
     {"AZE", "ARM"}, set(), {"sym": True}),
    ("Putin received the Indian prime minister at the Kremlin.", "CONSULT", {"RUS"}, {"IND"}, {"third": {("RUS", "venue")}}),
    ("Pakistani troops fired at Indian positions along the border.", "ASSAULT", {"PAK"}, {"IND"}, {}),
]


@pytest.mark.parametrize(("sentence", "type_", "actors", "recipients", "extra"), ROWS, ids=[r[0][:50] for r in ROWS])
def test_row(nlp: Any, stages: tuple[Any, Any], sentence: str, type_: str, actors: set[str], recipients: set[str],
             extra: dict[str, Any]) -> None:
    events = run_row(nlp, stages, sentence)
    got = [(e.type, e.mode, [p.code for p in e.actors], [p.code for p in e.recipients],
            [(t.code, t.role) for t in e.third_parties]) for e in events]
    assert any(matches(e, type_, actors, recipients, extra) for e in events), got


@pytest.mark.parametrize("sentence", ["US Secretary of State Marco Rubio flew to Baku.",
                                      "Britain's Secretary of State for Defence John Healey visited Kyiv."])
def test_title_words_are_not_actors(nlp: Any, stages: tuple[Any, Any], sentence: str) -> None:
    from detente.model import Article

    doc = nlp(sentence)
    names = {a.name for a in stages[0](doc, Article(body=sentence))}
    assert not names & {"State", "Defence", "State for Defence"}, names
