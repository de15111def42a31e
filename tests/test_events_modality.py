"""Modality and attribution of events, one row per sentence written for the test (not outlet text)."""
from __future__ import annotations

import re
from datetime import date

import pytest

from detente.events import modality as mod
from detente.model import Actor, Article, DateSpan, Mention

MODALITY = [
    ("Greece will not sign the agreement.", "sign", "negated"),
    ("The minister did not attend the summit.", "attend", "negated"),
    ("Egypt refused to meet the delegation.", "refused", "asserted"),
    ("Egypt refused to meet the delegation.", "meet", "negated"),
    ("The talks failed to produce a ceasefire.", "produce", "negated"),
    ("No talks were held in Doha.", "talks", "negated"),
    ("Serbia never recognised Kosovo.", "recognised", "negated"),
    ("As long as the blockade lasts, Turkey will not restore ties with Israel.", "restore", "negated"),
    ("Syria denied that its forces attacked the convoy.", "attacked", "negated"),
    ("The ministers did not agree to meet again.", "meet", "negated"),
    ("Japan will send aid to the region.", "send", "planned"),
    ("Putin plans to visit Beijing.", "visit", "planned"),
    ("The envoy is expected to arrive in Cairo.", "arrive", "planned"),
    ("The upcoming visit of the Indian premier to Moscow drew attention.", "visit", "planned"),
    ("Kenya agreed to send police officers to Haiti.", "send", "planned"),
    ("Kenya agreed to send police officers to Haiti.", "agreed", "asserted"),
    ("Armenia hopes to sign a peace treaty.", "sign", "planned"),
    ("If the ceasefire holds, Qatar would host new talks.", "host", "conditional"),
    # a "would" of habit is the past's habit; a "would" of a norm stays a condition
    ("In the 1990s the militias would sometimes attack the villages.", "attack", "asserted"),
    ("Back then the Kenyan police would often arrest the students.", "arrest", "asserted"),
    ("The speaker would normally succeed the president, but the post is vacant.", "succeed", "conditional"),
    ("Sudan could expel the envoy.", "expel", "conditional"),
    ("Iran threatened to close the strait.", "close", "conditional"),
    ("Iran threatened to close the strait.", "threatened", "asserted"),
    ("Norway is ready to mediate between the parties.", "mediate", "conditional"),
    ("Russia allegedly supplied drones to Iran.", "supplied", "claimed"),
    ("China reportedly sent troops to the border.", "sent", "claimed"),
    ("Activists claimed that the army shelled the village.", "shelled", "claimed"),
    ("Israel accused Iran of arming the Houthis.", "arming", "claimed"),
    ("Israel accused Iran of arming the Houthis.", "accused", "asserted"),
    ("Ukraine said that Russia attacked Kyiv.", "attacked", "asserted"),
    # a relative clause states its own modality: the main clause's "would", "reject", "alleged" stay outside it
    ("The bill would let Beijing try activists who had been arrested in the protests.", "arrested", "asserted"),
    ("Havana rejected the new measure that bans flights to Cuba.", "bans", "asserted"),
    ("Activists plan to free protesters who were detained in May.", "detained", "asserted"),
    # a claim noun the parser leaves apart from its clause ("allegations he tried", "an allegation he assaulted")
    ("The charge stemmed from allegations the minister tried to bribe the Kenyan envoy.", "bribe", "claimed"),
    ("The police face allegations they failed to protect the protesters.", "protect", "negated"),
    ("The arrest came after an allegation he attacked a Serbian journalist.", "attacked", "claimed"),
    ("Police arrested the man after allegations surfaced.", "arrested", "asserted"),
    # a preference is no plan: "would prefer to agree", "would rather negotiate"
    ("Macron said he would prefer to sign the deal with Italy.", "sign", "conditional"),
    ("Lawmakers preferred an investigation by the ethics committee.", "investigation", "conditional"),
    ("Seoul would rather negotiate with Tokyo than go to court.", "negotiate", "conditional"),
    # an argument that is no one or nothing
    ("They have conceded nothing to the protesters.", "conceded", "negated"),
    ("Russia sent no troops to Belarus.", "sent", "negated"),
    ("No one was killed in the blast.", "killed", "negated"),
    ("No one tried to storm the base.", "storm", "negated"),
    ("The army arrested none of the organisers.", "arrested", "negated"),
    ("The blast killed no fewer than 20 soldiers.", "killed", "asserted"),
    # ... but a content clause the parser takes for a relative one keeps its noun's cue
    ("He was arrested after an allegation he assaulted his neighbour.", "assaulted", "claimed"),
    ("France used to supply arms to Mali.", "supply", "historical"),
    ("Britain once ruled Egypt.", "ruled", "historical"),
    ("Turkey has suspended trade with Israel.", "suspended", "asserted"),
    ("Egypt is using its contacts to defuse the crisis.", "defuse", "asserted"),
    ("Once the deal is signed, trade flows resume.", "resume", "asserted"),
]


def _tok(doc, word: str):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(("text", "word", "expected"), MODALITY, ids=[f"{i:02d}-{c[1]}" for i, c in enumerate(MODALITY)])
def test_modality(nlp, text, word, expected):
    assert mod.modality(_tok(nlp(text), word)) == expected


@pytest.mark.parametrize(("span", "expected"), [
    (DateSpan(date(2015, 1, 1), date(2015, 12, 31), "year"), "historical"),
    (DateSpan(date(2022, 1, 1), date(2022, 12, 31), "year"), "asserted"),
    (DateSpan(date(2024, 2, 1), date(2024, 2, 1), "day"), "planned"),
])
def test_modality_from_the_date(nlp, span, expected):
    tok = _tok(nlp("Germany supplied tanks to Poland."), "supplied")
    assert mod.modality(tok, span, date(2023, 11, 8)) == expected
    assert mod.modality(tok) == "asserted"  # no date, no guess


def test_negation_names_the_word(nlp):
    doc = nlp("Egypt refused to meet the delegation, and Jordan did not reply.")
    assert mod.negation(_tok(doc, "meet")).text == "refused"
    assert mod.negation(_tok(doc, "reply")).text == "not"
    assert mod.negation(_tok(doc, "refused")) is None


# --- attribution: hand-built actors with mentions at their real character spans
NAMES = {
    "Greek": ("Greece", "GRC", "state"), "Greece": ("Greece", "GRC", "state"), "Egyptian": ("Egypt", "EGY", "state"),
    "Iranian": ("Iran", "IRN", "state"), "Iran": ("Iran", "IRN", "state"), "Israel": ("Israel", "ISR", "state"),
    "Ukrainian": ("Ukraine", "UKR", "state"), "Russia": ("Russia", "RUS", "state"), "China": ("China", "CHN", "state"),
    "Beijing": ("China", "CHN", "state"), "France": ("France", "FRA", "state"), "Lebanon": ("Lebanon", "LBN", "state"),
    "Turkey": ("Turkey", "TUR", "state"), "Turkish": ("Turkey", "TUR", "state"), "Japan": ("Japan", "JPN", "state"),
    "Amnesty International": ("Amnesty International", "NGO", "organisation"),
    "Emmanuel Macron": ("Emmanuel Macron", "FRA", "person"), "Macron": ("Emmanuel Macron", "FRA", "person"),
    "Recep Tayyip Erdogan": ("Recep Tayyip Erdogan", "TUR", "person"), "Erdogan": ("Recep Tayyip Erdogan", "TUR", "person"),
    "Fumio Kishida": ("Fumio Kishida", "JPN", "person"), "Kishida": ("Fumio Kishida", "JPN", "person"),
    "Nikol Pashinyan": ("Nikol Pashinyan", "ARM", "person"), "Vladimir Putin": ("Vladimir Putin", "RUS", "person"),
}
_RX = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)) + r")\b")


def actors_in(text: str) -> list[Actor]:
    actors: dict[str, Actor] = {}
    for m in _RX.finditer(text):
        name, code, kind = NAMES[m.group(1)]
        actor = actors.setdefault(name, Actor(name=name, code=code, kind=kind, key=f"{kind}:{name}"))
        actor.mentions.append(Mention(m.start(), m.end(), m.group(1), "gazetteer"))
    return list(actors.values())


def attribute(nlp, text: str, word: str, outlet: str | None = "Wire Desk"):
    doc = nlp(text)
    tok = [t for t in doc if t.text == word][-1]
    return mod.Attributor(Article(body=text, outlet=outlet), actors_in(text)).attribution(tok.sent, tok)


ATTRIBUTION = [
    ("“Greece will not sign the deal,” a senior Greek diplomat told Reuters on condition of anonymity.", "sign",
     ("anonymous", "a senior Greek diplomat", "GRC", "Reuters")),
    ("“The ceasefire will hold,” an Egyptian official told AFP.", "hold", ("anonymous", "an Egyptian official", "EGY", "AFP")),
    ("Emmanuel Macron said that France would send more aid to Lebanon.", "send", ("person", "Emmanuel Macron", "FRA", None)),
    ("Erdogan met Greek officials in Athens. “We will sell drones to Greece,” he said.", "sell",
     ("person", "Recep Tayyip Erdogan", "TUR", None)),
    ("According to Ukrainian officials, Russia struck a power plant.", "struck", ("anonymous", "Ukrainian officials", "UKR", None)),
    ("Iranian media claimed that Israel attacked a base near Isfahan.", "attacked", ("media", "Iranian media", "IRN", None)),
    ("Xinhua reported that China sent aid to Myanmar.", "sent", ("media", "Xinhua", "CHN", None)),
    ("Vladimir Putin told TASS that Russia would expand ties with Iran.", "expand", ("person", "Vladimir Putin", "RUS", "TASS")),
    ("Israel accused Iran of arming militias in Syria.", "arming", ("organisation", "Israel", "ISR", None)),
    ("Israel accused Iran of arming militias in Syria.", "accused", ("outlet", "Wire Desk", None, None)),
    ("As noted, Turkey suspended trade with Israel.", "suspended", ("outlet", "Wire Desk", None, None)),
    ("Opposition deputies criticized Erdogan, claiming that exports to Israel continued.", "criticized",
     ("outlet", "Wire Desk", None, None)),
    ("Opposition deputies criticized Erdogan, claiming that exports to Israel continued.", "continued",
     ("anonymous", "Opposition deputies", None, None)),
    ("According to a new study, drone strikes on Lebanon rose sharply.", "rose", ("document", "a new study", None, None)),
    ("According to a report by Amnesty International, the militia executed prisoners.", "executed",
     ("organisation", "Amnesty International", "NGO", None)),
    ("Japan sent generators to Ukraine.", "sent", ("outlet", "Wire Desk", None, None)),
    ("Turkey's chief negotiator, Recep Tayyip Erdogan, confirmed that Beijing hosted the talks.", "hosted",
     ("person", "Recep Tayyip Erdogan", "TUR", None)),
    ("“Japan will keep helping Ukraine,” Kishida said. “Tokyo will send more generators.”", "send",
     ("person", "Fumio Kishida", "JPN", None)),
    ("Nikol Pashinyan said: “Armenia will sign the treaty this year.”", "sign", ("person", "Nikol Pashinyan", "ARM", None)),
]


@pytest.mark.parametrize(("text", "word", "expected"), ATTRIBUTION, ids=[f"{i:02d}-{c[1]}" for i, c in enumerate(ATTRIBUTION)])
def test_attribution(nlp, text, word, expected):
    got = attribute(nlp, text, word)
    assert got is not None
    assert (got.kind, got.name, got.code, got.via) == expected


def test_lead_that_cites_another_outlet_speaks_for_the_article(nlp):
    text = ("Russia is expanding grain exports to Africa, The Moscow Herald writes.\n\n"
            "The publication states that Egypt bought more wheat. Kenya signed a supply deal.")
    for word in ("expanding", "bought", "signed"):
        got = attribute(nlp, text, word)
        assert (got.kind, got.name) == ("media", "The Moscow Herald"), word


def test_no_outlet_and_no_source_is_none(nlp):
    assert attribute(nlp, "Japan sent generators to Ukraine.", "sent", outlet=None) is None


def test_out_of_order_calls(nlp):
    text = "“We will keep helping Kyiv,” Kishida said. Japan sent generators. “Tokyo will send more,” an aide said."
    doc = nlp(text)
    att = mod.Attributor(Article(body=text, outlet="Wire Desk"), actors_in(text))
    send = next(t for t in doc if t.text == "send")
    keep = next(t for t in doc if t.text == "keep")
    assert att.attribution(send.sent, send).kind == "anonymous"
    assert att.attribution(keep.sent, keep).name == "Fumio Kishida"


def test_cues_are_validated_once():
    c = mod.cues()
    assert "say" in c["speech_verbs"] and c.outlets["AFP"] == "FRA"
    assert mod.cues() is c
