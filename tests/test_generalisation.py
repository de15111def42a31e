"""A generalisation check: wire-style sentences written for this table, run through the REAL actors and
events stages (no hand-built actors), with the PLOVER type and the state codes a coder would give.

The rows were written before the extractor was run on them, in the style of news agency copy and far from
the seed and PLOVER dev wording: every PLOVER type, varied verbs and nominalisations, passives, negation,
coordinated actors, titles with names of people of many states, government metonyms ("the Kremlin",
"Seoul"), IGOs and NGOs. Each row: sentence, type, actor codes, recipient codes, extra checks:
`sym` (reciprocal: the parties may sit on either side), `mode`, `third` ({(code, role)}), `modality`,
`actor_sector` (the sector every actor party must carry).
A row the extractor still gets wrong is kept as a strict xfail with the reason, so that the table stays an
honest measure (`pytest tests/test_generalisation.py -rxX` lists them) and fixing one shows up as XPASS.
"""
from __future__ import annotations

from typing import Any

import pytest

from tests.events_support import Row, codes, matches, run_row

pytestmark = pytest.mark.slow


ROWS: list[Row] = [
    # ------------------------------------------------------------------ AGREE
    ("Ghana and Togo signed a memorandum of understanding on border security on Wednesday.", "AGREE", {"GHA", "TGO"}, set(), {"sym": True}),
    ("Chilean President Gabriel Boric agreed to hold talks with Bolivian leaders next month.", "AGREE", {"CHL"}, {"BOL"}, {}),
    ("The Philippine government offered to release the detained Chinese fishermen.", "AGREE", {"PHL"}, {"CHN"}, {}),
    ("Morocco and Spain concluded an agreement on migration after months of negotiations.", "AGREE", {"MAR", "ESP"}, set(), {"sym": True}),
    ("Vietnam pledged to boost rice exports to Indonesia.", "AGREE", {"VNM"}, {"IDN"}, {}),
    # ------------------------------------------------------------------ CONSULT
    ("Indian Prime Minister Narendra Modi met his Bangladeshi counterpart in Dhaka on Saturday.", "CONSULT", {"IND", "BGD"}, set(), {"sym": True}),
    ("Brazil's foreign minister travelled to Buenos Aires for talks with Argentine officials.", "CONSULT", {"BRA"}, {"ARG"}, {}),
    ("Switzerland hosted a conference between Sudanese and South Sudanese negotiators in Geneva.", "CONSULT", {"SDN", "SSD"}, set(), {"sym": True, "third": {("CHE", "host")}}),
    ("Kazakhstan's president held a telephone conversation with the Chinese leader.", "CONSULT", {"KAZ"}, {"CHN"}, {"mode": "phone"}),
    ("Oman mediated between Iran and the United States over the nuclear file.", "CONSULT", {"OMN"}, {"IRN", "USA"}, {"mode": "mediate"}),
    ("The Kenyan president received the visiting Somali prime minister at State House.", "CONSULT", {"KEN"}, {"SOM"}, {}),
    ("Talks between Ethiopian and Eritrean officials resumed in Asmara.", "CONSULT", {"ETH", "ERI"}, set(), {"sym": True}),
    ("Brazilian President Luiz Inacio Lula da Silva visited Beijing for a three-day state visit.", "CONSULT", {"BRA"}, {"CHN"}, {"mode": "visit"}),
    ("Kuwait has worked to defuse tensions between Saudi Arabia and Qatar.", "CONSULT", {"KWT"}, {"SAU", "QAT"}, {"mode": "mediate"}),
    ("Qatar used its ties with Washington and Tehran to ease tensions between the two rivals.", "CONSULT", {"QAT"}, {"USA", "IRN"}, {"mode": "mediate"}),
    ("Egypt's mediation between Israel and Hamas produced a short truce.", "CONSULT", {"EGY"}, {"ISR", "PSE"}, {"mode": "mediate"}),
    # ------------------------------------------------------------------ SUPPORT
    ("The Japanese foreign ministry welcomed South Korea's decision to restore the military pact.", "SUPPORT", {"JPN"}, {"KOR"}, {}),
    ("Hungary's prime minister voiced support for Serbia's bid to join the European Union.", "SUPPORT", {"HUN"}, {"SRB"}, {}),
    ("Germany formally recognised the new government in Damascus.", "SUPPORT", {"DEU"}, {"SYR"}, {}),
    ("The Australian prime minister apologised to Indonesia for the spying incident.", "SUPPORT", {"AUS"}, {"IDN"}, {"mode": "apologize"}),
    ("Mexico's president defended Cuba against criticism from Washington.", "SUPPORT", {"MEX"}, {"CUB"}, {}),
    ("Kenyan President William Ruto praised Tanzania for its role in the peace process.", "SUPPORT", {"KEN"}, {"TZA"}, {"mode": "praise"}),
    # ------------------------------------------------------------------ COOPERATE
    ("Dutch and Belgian police shared intelligence on the smuggling network.", "COOPERATE", {"NLD", "BEL"}, set(), {"sym": True}),
    ("Greece extradited two Turkish suspects to Ankara on Monday.", "COOPERATE", {"GRC"}, {"TUR"}, {"mode": "judicial"}),
    ("Indonesian and Australian warships conducted joint naval drills in the Timor Sea.", "COOPERATE", {"IDN", "AUS"}, set(), {"sym": True}),
    ("India buys most of its crude oil from Iraq.", "COOPERATE", {"IND"}, {"IRQ"}, {}),
    ("Egypt imports large quantities of wheat from Russia.", "COOPERATE", {"EGY"}, {"RUS"}, {}),
    # ------------------------------------------------------------------ AID
    ("The World Bank approved a $500 million loan for Pakistan.", "AID", {"IGO"}, {"PAK"}, {}),
    ("Turkey sent two planes carrying tents and blankets to earthquake-hit Morocco.", "AID", {"TUR"}, {"MAR"}, {}),
    ("South Africa deployed peacekeepers to the Democratic Republic of Congo.", "AID", {"ZAF"}, {"COD"}, {"mode": "peacekeeping"}),
    ("Washington provided Kyiv with air defence systems.", "AID", {"USA"}, {"UKR"}, {}),
    ("Qatar granted asylum to the ousted Afghan minister.", "AID", {"QAT"}, {"AFG"}, {"mode": "asylum"}),
    # ------------------------------------------------------------------ CONCEDE
    ("Sri Lankan authorities lifted the nationwide curfew on Tuesday.", "CONCEDE", {"LKA"}, {"LKA"}, {}),
    ("The Bangladeshi government bowed to demands from protesting students.", "CONCEDE", {"BGD"}, {"BGD"}, {}),
    ("Tunisia's president allowed opposition parties to hold rallies.", "CONCEDE", {"TUN"}, {"TUN"}, {}),
    # ------------------------------------------------------------------ RETREAT
    ("Rwandan troops withdrew from the eastern Congolese town of Goma.", "RETREAT", {"RWA"}, {"COD"}, {}),
    ("Venezuela freed six American detainees after a visit by a US envoy.", "CONCEDE", {"VEN"}, {"USA"}, {"mode": "release"}),
    # a resignation concedes to the state's own people (the news guide's CONCEDE, domestic)
    ("Peru's president resigned amid mass protests.", "CONCEDE", {"PER"}, {"PER"}, {"mode": "resign"}),
    ("Washington lifted the arms embargo on Cyprus.", "RETREAT", {"USA"}, {"CYP"}, {}),
    ("Azerbaijan returned five Armenian prisoners of war.", "RETREAT", {"AZE"}, {"ARM"}, {}),
    # ------------------------------------------------------------------ REQUEST
    ("Nigeria urged the United Nations to send more peacekeepers to the Sahel.", "REQUEST", {"NGA"}, {"IGO"}, {}),
    ("Beijing demanded an apology from Manila over the collision.", "REQUEST", {"CHN"}, {"PHL"}, {}),
    ("Ukraine's president asked NATO allies for more fighter jets.", "REQUEST", {"UKR"}, {"IGO"}, {}),
    ("Pakistan called on the Taliban government to rein in militants.", "REQUEST", {"PAK"}, {"AFG"}, {}),
    ("The Lebanese prime minister appealed to the UN for help after the blast.", "REQUEST", {"LBN"}, {"IGO"}, {}),
    # ------------------------------------------------------------------ ACCUSE
    ("Venezuela accused Guyana of provoking a conflict over the oil-rich region.", "ACCUSE", {"VEN"}, {"GUY"}, {}),
    ("Human Rights Watch criticised Saudi Arabia over the execution of foreign workers.", "ACCUSE", {"NGO"}, {"SAU"}, {}),
    ("Indonesia filed a complaint with the World Trade Organization against the European Union.", "ACCUSE", {"IDN"}, {"IGO"}, {}),
    ("Turkish opposition leaders harshly criticised the government in Ankara.", "ACCUSE", {"TUR"}, {"TUR"}, {"actor_sector": "OPP"}),
    ("Prosecutors in Argentina indicted a former Iranian minister over the bombing.", "ACCUSE", {"ARG"}, {"IRN"}, {}),
    ("Polish Prime Minister Donald Tusk accused Belarus of pushing migrants across the border.", "ACCUSE", {"POL"}, {"BLR"}, {}),
    ("The Kremlin accused Kyiv of sabotaging the prisoner exchange.", "ACCUSE", {"RUS"}, {"UKR"}, {}),
    ("Seoul lodged a protest with Tokyo over the textbooks.", "ACCUSE", {"KOR"}, {"JPN"}, {}),
    # ------------------------------------------------------------------ REJECT
    ("Israel rejected a ceasefire proposal put forward by Egypt.", "REJECT", {"ISR"}, {"EGY"}, {}),
    # bare "soldiers" in a text that names one state are read as that state's (the article's focus)
    ("North Korea refused to return the remains of the soldiers.", "REJECT", {"PRK"}, {"PRK"}, {}),
    ("The Syrian government denied the inspectors access to the site.", "REJECT", {"SYR"}, set(), {}),
    ("Hungary vetoed the European Union's aid package for Ukraine.", "REJECT", {"HUN"}, {"IGO"}, {}),
    ("Moscow dismissed the Western peace plan as unrealistic.", "REJECT", {"RUS"}, set(), {}),
    ("Kenya refused to extradite the suspects to Uganda.", "REJECT", {"KEN"}, {"UGA"}, {}),
    # ------------------------------------------------------------------ THREATEN
    ("Turkey threatened to launch a new military operation in northern Syria.", "THREATEN", {"TUR"}, {"SYR"}, {}),
    ("China warned the Philippines of serious consequences if it continued patrols near the reef.", "THREATEN", {"CHN"}, {"PHL"}, {}),
    ("Algeria will close its airspace to Moroccan aircraft unless Rabat apologises.", "THREATEN", {"DZA"}, {"MAR"}, {}),
    ("The Iranian military threatened to close the Strait of Hormuz to American tankers.", "THREATEN", {"IRN"}, {"USA"}, {}),
    ("Nigerian President Bola Tinubu threatened military action against the junta in Niger.", "THREATEN", {"NGA"}, {"NER"}, {}),
    # ------------------------------------------------------------------ PROTEST
    ("Thousands of Armenians rallied in Yerevan against the border deal.", "PROTEST", {"ARM"}, {"ARM"}, {}),
    ("Nigerian workers went on strike over fuel prices.", "PROTEST", {"NGA"}, {"NGA"}, {}),
    ("Opposition supporters marched through the streets of Kampala to protest the election result.", "PROTEST", {"UGA"}, {"UGA"}, {}),
    ("Hundreds of Serbian students staged a sit-in outside the parliament in Belgrade.", "PROTEST", {"SRB"}, {"SRB"}, {}),
    ("Israeli demonstrators protested against the government's judicial overhaul in Tel Aviv.", "PROTEST", {"ISR"}, {"ISR"}, {}),
    # ------------------------------------------------------------------ SANCTION
    ("The United States imposed new sanctions on Venezuelan oil officials.", "SANCTION", {"USA"}, {"VEN"}, {}),
    ("Niger expelled the French ambassador and ended military cooperation with Paris.", "SANCTION", {"NER"}, {"FRA"}, {}),
    ("Bahrain cut diplomatic ties with Qatar in 2017.", "SANCTION", {"BHR"}, {"QAT"}, {}),
    ("Canada suspended arms exports to Israel.", "SANCTION", {"CAN"}, {"ISR"}, {}),
    ("The European Commission froze funds for Hungary over rule-of-law concerns.", "SANCTION", {"IGO"}, {"HUN"}, {}),
    ("The African Union suspended Gabon after the coup.", "SANCTION", {"IGO"}, {"GAB"}, {}),
    ("The UN Security Council imposed an arms embargo on South Sudan.", "SANCTION", {"IGO"}, {"SSD"}, {}),
    ("The Spanish government announced the expulsion of two Russian diplomats.", "SANCTION", {"ESP"}, {"RUS"}, {}),
    # ------------------------------------------------------------------ MOBILIZE
    ("North Korea deployed additional artillery units along the border with South Korea.", "MOBILIZE", {"PRK"}, {"KOR"}, {}),
    ("Venezuela mobilised thousands of soldiers near the frontier with Guyana.", "MOBILIZE", {"VEN"}, {"GUY"}, {}),
    ("The Indian army was placed on high alert after the attack in Kashmir.", "MOBILIZE", {"IND"}, set(), {}),
    ("Azerbaijan massed troops on the border with Armenia.", "MOBILIZE", {"AZE"}, {"ARM"}, {}),
    # ------------------------------------------------------------------ COERCE
    ("Russian authorities detained a Ukrainian journalist in Crimea.", "COERCE", {"RUS"}, {"UKR"}, {}),
    ("Myanmar's military junta imposed martial law in several townships.", "COERCE", {"MMR"}, {"MMR"}, {}),
    ("Chinese coast guard vessels seized a Vietnamese fishing boat near the Paracel Islands.", "COERCE", {"CHN"}, {"VNM"}, {}),
    ("Belarusian police arrested dozens of opposition activists in Minsk.", "COERCE", {"BLR"}, {"BLR"}, {}),
    ("Ethiopia deported hundreds of Eritrean migrants.", "COERCE", {"ETH"}, {"ERI"}, {}),
    ("Thailand's arrest of three Cambodian activists drew criticism.", "COERCE", {"THA"}, {"KHM"}, {}),
    # ------------------------------------------------------------------ ASSAULT
    ("Pakistani jets struck militant hideouts inside Afghanistan.", "ASSAULT", {"PAK"}, {"AFG"}, {}),
    ("Sudanese paramilitary forces attacked a refugee camp in Darfur.", "ASSAULT", {"SDN"}, {"SDN"}, {}),
    ("A Russian missile strike hit an apartment block in Odesa, killing 12 civilians.", "ASSAULT", {"RUS"}, {"UKR"}, {}),
    ("Boko Haram fighters killed 15 Nigerian soldiers in an ambush.", "ASSAULT", {"NGA"}, {"NGA"}, {}),
    ("Three Israeli soldiers were killed by Hezbollah fighters in southern Lebanon.", "ASSAULT", {"LBN"}, {"ISR"}, {}),
    ("Indian and Chinese troops clashed in the Galwan Valley.", "ASSAULT", {"IND", "CHN"}, set(), {"sym": True}),
    ("The Saudi-led coalition bombed Houthi positions near Sanaa.", "ASSAULT", {"SAU"}, {"YEM"}, {}),
    ("Russia's invasion of Ukraine began in February 2022.", "ASSAULT", {"RUS"}, {"UKR"}, {}),
    # ------------------------------------------------------------------ negation
    ("Brazil has not recognised the election result in Venezuela.", "SUPPORT", {"BRA"}, {"VEN"}, {"modality": "negated"}),
    ("Egypt did not condemn the Israeli strikes on Lebanon.", "ACCUSE", {"EGY"}, {"ISR"}, {"modality": "negated"}),
]

#: rows the extractor still gets wrong, with why (kept visible as strict xfails; see the module docstring)
KNOWN_MISSES: dict[str, str] = {
    "Hungary vetoed the European Union's aid package for Ukraine.":
        "the beneficiary inside the rejected thing's phrase ('for Ukraine') is read as a recipient too",
}


def _params() -> list[Any]:
    out = []
    for row in ROWS:
        why = KNOWN_MISSES.get(row[0])
        marks = [pytest.mark.xfail(reason=why, strict=True)] if why else []
        out.append(pytest.param(*row, id=row[0][:60], marks=marks))
    return out


@pytest.mark.parametrize(("sentence", "type_", "actors", "recipients", "extra"), _params())
def test_row(nlp: Any, stages: tuple[Any, Any], sentence: str, type_: str, actors: set[str], recipients: set[str],
             extra: dict[str, Any]) -> None:
    events = run_row(nlp, stages, sentence)
    got = [(e.type, e.mode, sorted(codes(e.actors)), sorted(codes(e.recipients)), e.modality) for e in events]
    assert any(matches(e, type_, actors, recipients, extra) for e in events), got


def test_table_covers_every_type_and_is_big() -> None:
    from detente.events.ontology import PLOVER_TYPES

    assert len(ROWS) >= 60
    assert {r[1] for r in ROWS} == set(PLOVER_TYPES)
    assert len({r[0] for r in ROWS}) == len(ROWS)
    assert len(KNOWN_MISSES) <= len(ROWS) // 4, "the table must stay mostly passing"
