"""A table of tricky mentions: each row a sentence we wrote, a text in it, and who that text must resolve to.

Columns: sentence, the mention's text (its first occurrence, or "text#2" for the second), the expected code,
the expected kind (None: any), and the expected mention `how` or actor sector where it matters (None: any).
"""
from __future__ import annotations

import pytest

from detente.actors import actor_at
from detente.model import Article

ROWS = [
    # demonyms and adjectives
    ("Azeri officials rejected the claim on Tuesday.", "Azeri", "AZE", "state", "demonym"),
    ("Senior Hungarian and Romanian officials met in Szeged.", "Romanian", "ROU", "state", "demonym"),
    ("Emirati diplomats flew to Khartoum for the ceasefire talks.", "Emirati", "ARE", "state", "demonym"),
    ("Israeli strikes hit a depot near the border overnight.", "Israeli", "ISR", "state", "demonym"),
    ("Turkish opposition figures criticised the trade figures.", "Turkish", "TUR", "group", "OPP"),
    ("Pakistani troops returned fire across the Line of Control.", "Pakistani", "PAK", "state", "MIL"),
    # a non-government group of a state is an actor of its own (CAMEO SYRREB, ISROPP); a branch of government is not
    ("Syrian rebels shelled the outskirts of the city.", "Syrian", "SYR", "group", "REB"),
    ("Israeli protesters blocked the highway to Jerusalem.", "Israeli", "ISR", "group", "OPP"),
    ("Ugandan journalists walked out of the briefing.", "Ugandan", "UGA", None, None),
    ("The Ivorian government extended the curfew by a week.", "Ivorian", "CIV", "state", "GOV"),
    ("Filipino fishermen said the coast guard chased them off the shoal.", "Filipino", "PHL", "state", None),
    ("Congolese soldiers retook the town from the rebels.", "Congolese", "COD", "state", "MIL"),
    ("North Korean hackers stole millions from the exchange.", "North Korean", "PRK", "state", None),
    ("South Korean negotiators left the room early.", "South Korean", "KOR", "state", None),
    ("Saudi officials denied any role in the deal.", "Saudi", "SAU", "state", None),
    ("Three Britons were detained at the airport.", "Britons", "GBR", "state", "demonym"),
    ("Bosnian Serb leaders boycotted the session in Sarajevo.", "Bosnian Serb", "BIH", "state", "demonym"),
    ("The Palestinians called for an emergency session.", "Palestinians", "PSE", "state", "demonym"),
    ("Dutch investigators released their report on the crash.", "Dutch", "NLD", "state", None),
    ("Kenyan police dispersed the protesters with tear gas.", "Kenyan", "KEN", "state", "COP"),
    ("Burmese generals ignored the appeal.", "Burmese", "MMR", "state", None),
    # a titled official with no state of his own is not given the state of "his X counterpart" or "her X hosts"
    ("Trade Minister Dara Solheim met his Qatari counterpart in Oslo.", "Dara Solheim", None, "person", None),
    ("Health Minister Ines Ferrand thanked her Moroccan hosts for the visit.", "Ines Ferrand", None, "person", None),
    ("Planning Minister Tran Xuan Gia said Vietnam would open its market.", "Tran Xuan Gia", "VNM", "person", None),
    # names: official, short, former, informal
    ("Türkiye and Greece agreed to resume talks.", "Türkiye", "TUR", "state", None),
    ("Talks between Burma's junta and the rebels stalled.", "Burma", "MMR", "state", None),
    ("Côte d'Ivoire recalled its ambassador.", "Côte d'Ivoire", "CIV", "state", None),
    ("The Ivory Coast sent troops to the mission.", "Ivory Coast", "CIV", "state", None),
    ("America will not accept the proposal, the senator said.", "America", "USA", "state", None),
    ("Britain summoned the envoy over the remarks.", "Britain", "GBR", "state", None),
    ("The UK and Norway signed an energy pact.", "UK", "GBR", "state", None),
    ("The U.S. imposed new tariffs on steel.", "U.S.", "USA", "state", None),
    ("The plan was welcomed by the States and Canada.", "the States", "USA", "state", None),
    ("Czechia expelled two diplomats.", "Czechia", "CZE", "state", None),
    ("Eswatini held elections under a royal decree.", "Eswatini", "SWZ", "state", None),
    ("The DPRK fired two missiles into the sea.", "DPRK", "PRK", "state", None),
    ("Beijing warned Taipei against the visit.", "Taipei", "TWN", "state", None),
    ("The UAE mediated an exchange of prisoners.", "UAE", "ARE", "state", None),
    # the two Congos, the two Koreas
    ("The Democratic Republic of Congo accused Rwanda of backing the rebels.", "Democratic Republic of Congo", "COD", "state", None),
    ("DR Congo and Rwanda signed a peace deal in Washington.", "DR Congo", "COD", "state", None),
    ("The Republic of the Congo hosted the regional summit.", "Republic of the Congo", "COG", "state", None),
    ("Brazzaville and Kinshasa traded accusations over the river border.", "Brazzaville", "COG", "state", None),
    ("Brazzaville and Kinshasa traded accusations over the river border.", "Kinshasa", "COD", "state", None),
    ("North Korea tested a new engine, state media said.", "North Korea", "PRK", "state", None),
    ("South Korea lodged a protest with Japan.", "South Korea", "KOR", "state", None),
    ("Pyongyang rejected Seoul's offer of talks.", "Pyongyang", "PRK", "state", "metonym"),
    ("Pyongyang rejected Seoul's offer of talks.", "Seoul", "KOR", "state", "metonym"),
    # capitals and seats of power as metonyms; as places
    ("Baku accused Yerevan of violating the truce.", "Baku", "AZE", "state", "metonym"),
    ("Baku accused Yerevan of violating the truce.", "Yerevan", "ARM", "state", "metonym"),
    ("The Kremlin said the talks were premature.", "The Kremlin", "RUS", "state", "metonym"),
    ("Moscow expelled three diplomats.", "Moscow", "RUS", "state", "metonym"),
    ("The White House declined to comment.", "The White House", "USA", "state", "metonym"),
    ("Downing Street rejected the report.", "Downing Street", "GBR", "state", "metonym"),
    ("The Élysée called the meeting constructive.", "Élysée", "FRA", "state", "metonym"),
    ("The Pentagon ordered a second carrier to the region.", "The Pentagon", "USA", "state", "metonym"),
    ("Ankara insisted the talks were only technical.", "Ankara", "TUR", "state", "metonym"),
    ("Washington imposed sanctions on the refinery.", "Washington", "USA", "state", "metonym"),
    ("The foreign ministers met in Washington on Friday.", "Washington", "USA", "state", "place"),
    ("The minister flew to Riyadh for the summit.", "Riyadh", "SAU", "state", "place"),
    ("Tehran denied supplying the drones.", "Tehran", "IRN", "state", "metonym"),
    ("Kyiv said the strikes had hit power plants.", "Kyiv", "UKR", "state", "metonym"),
    ("Jerusalem and Abu Dhabi exchanged ambassadors.", "Abu Dhabi", "ARE", "state", "metonym"),
    # places inside a state: venues, not actors
    ("The leaders met in Davos on the sidelines of the forum.", "Davos", "CHE", "place", None),
    ("Oil from the field is shipped through Ceyhan.", "Ceyhan", "TUR", "place", None),
    ("Aid trucks entered Gaza through the Rafah crossing.", "Gaza", "PSE", "place", None),
    ("Fighting resumed in Nagorno-Karabakh last week.", "Nagorno-Karabakh", "AZE", "place", None),
    ("Drones struck an oil depot in Crimea.", "Crimea", "UKR", "place", None),
    ("The talks will be held in Geneva next month.", "Geneva", "CHE", "place", None),
    ("Rebels seized the airport in Goma.", "Goma", "COD", "place", None),
    # Georgia: the state or the US state
    ("Georgia's prime minister met EU envoys in Tbilisi.", "Georgia", "GEO", "state", None),
    ("The governor of Georgia signed the bill in Atlanta.", "Georgia", "USA", "place", None),
    ("Russia keeps troops in two breakaway regions of Georgia.", "Georgia", "GEO", "state", None),
    ("Georgian police detained protesters outside parliament.", "Georgian", "GEO", "state", None),
    # Washington: government, place, person
    ("George Washington crossed the Delaware in 1776.", "George Washington", None, "person", None),
    # international bodies and armed groups
    ("NATO allies pledged more air defence systems.", "NATO", "IGO", "organisation", None),
    ("The UN Security Council will vote on the resolution.", "UN Security Council", "IGO", "organisation", None),
    ("The IAEA said inspectors had been denied access.", "IAEA", "IGO", "organisation", None),
    ("The European Union extended its sanctions.", "European Union", "IGO", "organisation", None),
    ("ECOWAS suspended Niger after the coup.", "ECOWAS", "IGO", "organisation", None),
    ("Amnesty International documented the killings.", "Amnesty International", "NGO", "organisation", None),
    ("Hamas released two hostages on Sunday.", "Hamas", "PSE", "group", "REB"),
    ("Hezbollah fired rockets at the northern towns.", "Hezbollah", "LBN", "group", "REB"),
    ("HTS fighters entered the city at dawn.", "HTS", "SYR", "group", "REB"),
    ("The Houthis attacked a tanker in the Red Sea.", "Houthis", "YEM", "group", "REB"),
    ("The Taliban barred women from the universities.", "Taliban", "AFG", "group", "REB"),
    ("PKK militants attacked a border post.", "PKK", "TUR", "group", "REB"),
    ("M23 rebels advanced on the lakeside city.", "M23", "COD", "group", "REB"),
    ("Al-Shabaab claimed the hotel attack.", "Al-Shabaab", "SOM", "group", "REB"),
    ("Boko Haram abducted dozens of schoolgirls.", "Boko Haram", "NGA", "group", "REB"),
    ("Wagner mercenaries withdrew from the mine.", "Wagner", "RUS", "group", "MIL"),
    # people: titles, appositions, possessives, dictionary, coreference
    # two leaders of different states listed together: the dictionary beats the neighbour's state
    ("President Ilham Aliyev and Prime Minister Nikol Pashinyan signed the treaty.", "Nikol Pashinyan", "ARM", "person", None),
    ("Chancellor Friedrich Merz and President Emmanuel Macron held a joint press conference.", "Emmanuel Macron", "FRA", "person", None),
    ("Azerbaijani President Ilham Aliyev received the delegation.", "Ilham Aliyev", "AZE", "person", "GOV"),
    ("Israel's foreign minister Gideon Saar spoke to reporters.", "Gideon Saar", "ISR", "person", None),
    ("Indian Foreign Minister S. Jaishankar visited Beijing on Monday.", "S. Jaishankar", "IND", "person", None),
    ("Indian Foreign Minister S. Jaishankar visited Beijing on Monday.", "Beijing", "CHN", "state", "place"),
    ("Kenyan Foreign Minister Amara Odhiambo arrived in Addis Ababa for talks.", "Amara Odhiambo", "KEN", "person", "GOV"),
    ("Chilean economist Rosa Valdivia warned of a recession.", "Rosa Valdivia", "CHL", "person", "EDU"),
    ("Tomas Ekberg, Sweden's ambassador to Egypt, was summoned.", "Tomas Ekberg", "SWE", "person", "GOV"),
    ("Peru's defence minister, Jorge Salcedo Ramos, resigned on Friday.", "Jorge Salcedo Ramos", "PER", "person", "MIL"),
    ("Putin aide Oleg Varnavin flew to Ankara.", "Oleg Varnavin", "RUS", "person", "GOV"),
    ("Nigerian rebel leader Dauda Bello denied the charge.", "Dauda Bello", "NGA", "person", "REB"),
    ("Trump's envoy said the talks had stalled.", "Trump", "USA", "person", None),
    ("Erdogan said Turkey would not back down.", "Erdogan", "TUR", "person", None),
    ("Polish lawmaker Ewa Nowicka said the bill was dead. Nowicka later withdrew it.", "Nowicka#2", "POL", "person", "surname"),
    ("Egyptian President Abdel Fattah el-Sisi met Hamas leaders. The Egyptian president urged calm.",
     "The Egyptian president", "EGY", "person", "role"),
    ("The Kremlin said Vladimir Putin would attend.", "Vladimir Putin", "RUS", "person", None),
    ("Ukrainian President Volodymyr Zelensky met Polish Prime Minister Donald Tusk in Warsaw.", "Donald Tusk", "POL", "person", None),
]


def _find(sentence: str, text: str) -> tuple[int, int]:
    text, _, nth = text.partition("#")
    start = -1
    for _ in range(int(nth or 1)):
        start = sentence.index(text, start + 1)
    return start, start + len(text)


@pytest.fixture(scope="module")
def stage():
    from detente.actors.resolve import make

    return make()


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "text", "code", "kind", "extra"), ROWS, ids=[f"{r[1]}|{r[0][:40]}" for r in ROWS])
def test_mention(nlp, stage, sentence, text, code, kind, extra):
    actors = stage(nlp(sentence), Article(body=sentence))
    start, end = _find(sentence, text)
    actor = actor_at(actors, start, end)
    assert actor is not None, f"no actor at {text!r}: {[(a.key, [m.text for m in a.mentions]) for a in actors]}"
    assert actor.code == code, (actor.key, actor.code)
    if kind:
        assert actor.kind == kind, (actor.key, actor.kind)
    if extra:
        mention = next(m for m in actor.mentions if m.start < end and start < m.end)
        assert extra in (mention.how, mention.sector, actor.sector), (actor.key, mention, actor.sector)
    for a in actors:  # every mention's span is the text it names
        for m in a.mentions:
            assert sentence[m.start:m.end] == m.text


def test_table_is_big_enough():
    assert len(ROWS) >= 80
