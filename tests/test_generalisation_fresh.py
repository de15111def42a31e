"""A second, fresh generalisation table: written after the lexicon and rule fixes of the first table
(tests/test_generalisation.py) and run once, so that its figure says how the fixes carry to sentences they were
not made for. Same columns and checks as the first table; rows it still gets wrong are strict xfails with why.
"""
from __future__ import annotations

from typing import Any

import pytest

from detente.model import Event
from tests.events_support import Row, matches, run_row

pytestmark = pytest.mark.slow

ROWS: list[Row] = [
    ("Uzbekistan and Tajikistan signed a water-sharing accord in Tashkent.", "AGREE", {"UZB", "TJK"}, set(), {"sym": True}),
    ("The Colombian government agreed to a ceasefire with Venezuela.", "AGREE", {"COL"}, {"VEN"}, {}),
    ("Jordan's king met the Iraqi prime minister in Amman on Sunday.", "CONSULT", {"JOR", "IRQ"}, set(), {"sym": True}),
    ("Algeria hosted talks between Malian officials and Tuareg rebels.", "CONSULT", {"MLI"}, set(), {"third": {("DZA", "host")}}),
    ("The Irish foreign minister flew to Beirut for talks with Lebanese leaders.", "CONSULT", {"IRL"}, {"LBN"}, {}),
    ("Portugal praised Angola for holding peaceful elections.", "SUPPORT", {"PRT"}, {"AGO"}, {}),
    ("Slovakia's prime minister expressed support for Hungary's position on migration.", "SUPPORT", {"SVK"}, {"HUN"}, {}),
    ("Finland and Sweden held joint air force exercises over the Baltic Sea.", "COOPERATE", {"FIN", "SWE"}, set(), {"sym": True}),
    ("Kazakhstan exports most of its oil to Europe through Russian pipelines.", "COOPERATE", {"KAZ"}, set(), {}),
    ("Japan extended a $2 billion loan to Sri Lanka.", "AID", {"JPN"}, {"LKA"}, {}),
    ("The United Arab Emirates sent tons of food aid to Gaza.", "AID", {"ARE"}, {"PSE"}, {}),
    ("The Egyptian authorities lifted the ban on opposition newspapers.", "CONCEDE", {"EGY"}, {"EGY"}, {}),
    ("The Nepalese government yielded to the demands of striking teachers.", "CONCEDE", {"NPL"}, {"NPL"}, {}),
    ("Israel released 30 Palestinian prisoners on Tuesday.", "CONCEDE", {"ISR"}, {"PSE"}, {}),
    ("Ethiopian troops pulled out of the Somali town of Baidoa.", "RETREAT", {"ETH"}, {"SOM"}, {}),
    ("Ukraine urged Germany to deliver more tanks.", "REQUEST", {"UKR"}, {"DEU"}, {}),
    ("The Afghan foreign ministry asked Pakistan for help in stopping the fighting.", "REQUEST", {"AFG"}, {"PAK"}, {}),
    ("Cuba condemned the United States for the new travel restrictions.", "ACCUSE", {"CUB"}, {"USA"}, {}),
    ("Azerbaijan accused France of interfering in its internal affairs.", "ACCUSE", {"AZE"}, {"FRA"}, {}),
    # written with no recipient because the writer was unsure Kosovo has a code; it has one (XKX) and the
    # extractor names it, so the row was corrected after the first run
    ("Serbia rejected the demand from Kosovo to withdraw its police.", "REJECT", {"SRB"}, {"XKX"}, {}),
    ("Tehran refused to hand over the suspects to Baghdad.", "REJECT", {"IRN"}, {"IRQ"}, {}),
    ("North Korea threatened to strike American bases in Guam.", "THREATEN", {"PRK"}, {"USA"}, {}),
    ("Ethiopia warned Egypt against any military action over the dam.", "THREATEN", {"ETH"}, {"EGY"}, {}),
    ("Thousands of Georgians protested outside parliament in Tbilisi.", "PROTEST", {"GEO"}, {"GEO"}, {}),
    ("French farmers blocked highways around Paris with tractors.", "PROTEST", {"FRA"}, {"FRA"}, {}),
    ("Britain imposed sanctions on Iranian officials.", "SANCTION", {"GBR"}, {"IRN"}, {}),
    ("Morocco recalled its ambassador from Algeria.", "SANCTION", {"MAR"}, {"DZA"}, {}),
    ("China deployed warships near Taiwan.", "MOBILIZE", {"CHN"}, {"TWN"}, {}),
    ("Armenia put its troops on alert along the border with Azerbaijan.", "MOBILIZE", {"ARM"}, {"AZE"}, {}),
    ("Egyptian police arrested three Sudanese nationals in Cairo.", "COERCE", {"EGY"}, {"SDN"}, {}),
    ("Indian authorities imposed a curfew in parts of Manipur.", "COERCE", {"IND"}, {"IND"}, {}),
    ("Israeli aircraft bombed targets in southern Lebanon.", "ASSAULT", {"ISR"}, {"LBN"}, {}),
    ("Azerbaijani forces shelled Armenian villages near the border.", "ASSAULT", {"AZE"}, {"ARM"}, {}),
]

#: rows the extractor still gets wrong, with why
KNOWN_MISSES: dict[str, str] = {
    "Algeria hosted talks between Malian officials and Tuareg rebels.":
        "one side of the talks has no code (Tuareg rebels), and the coded side lands among the recipients",
    "Kazakhstan exports most of its oil to Europe through Russian pipelines.":
        "the buyer is a region (Europe) with no code, and a trade event needs a coded recipient",
}


def _params() -> list[Any]:
    out = []
    for row in ROWS:
        why = KNOWN_MISSES.get(row[0])
        out.append(pytest.param(*row, id=row[0][:60], marks=[pytest.mark.xfail(reason=why, strict=True)] if why else []))
    return out


@pytest.mark.parametrize(("sentence", "type_", "actors", "recipients", "extra"), _params())
def test_row(nlp: Any, stages: tuple[Any, Any], sentence: str, type_: str, actors: set[str], recipients: set[str],
             extra: dict[str, Any]) -> None:
    events: list[Event] = run_row(nlp, stages, sentence)
    got = [(e.type, e.mode, sorted(p.code or "" for p in e.actors), sorted(p.code or "" for p in e.recipients)) for e in events]
    assert any(matches(e, type_, actors, recipients, extra) for e in events), got


def test_table_covers_every_type() -> None:
    from detente.events.ontology import PLOVER_TYPES

    assert {r[1] for r in ROWS} == set(PLOVER_TYPES)
    assert len(KNOWN_MISSES) <= len(ROWS) // 3
