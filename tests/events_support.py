"""Hand-built actors for the events tests: real `Actor` objects with mentions found by name in the text.

The events stage takes the actors stage's output as given; these tests pin the events logic down
independently of the actors stage, with a small name table written for the test sentences.
"""
from __future__ import annotations

import re
from typing import Any

from detente.model import Actor, Article, Event, Mention

#: surface form -> (code, kind, how); states also by demonym and capital, as the actors stage gives them
NAMES: dict[str, tuple[str, str, str]] = {}
_STATES = {
    "ISR": ("Israel", ["Israeli", "Israelis"], ["Jerusalem"]),
    "TUR": ("Turkey", ["Turkish", "Turks"], ["Ankara"]),
    "AZE": ("Azerbaijan", ["Azerbaijani", "Azeri"], ["Baku"]),
    "ARM": ("Armenia", ["Armenian", "Armenians"], ["Yerevan"]),
    "USA": ("United States", ["American", "Americans", "U.S.", "US"], ["Washington"]),
    "RUS": ("Russia", ["Russian", "Russians"], ["Moscow", "Kremlin"]),
    "UKR": ("Ukraine", ["Ukrainian", "Ukrainians"], ["Kyiv"]),
    "CHN": ("China", ["Chinese"], ["Beijing"]),
    "IRN": ("Iran", ["Iranian", "Iranians"], ["Tehran"]),
    "IRQ": ("Iraq", ["Iraqi", "Iraqis"], ["Baghdad"]),
    "SYR": ("Syria", ["Syrian", "Syrians"], ["Damascus"]),
    "FRA": ("France", ["French"], ["Paris"]),
    "DEU": ("Germany", ["German", "Germans"], ["Berlin"]),
    "GBR": ("Britain", ["British"], ["London"]),
    "EGY": ("Egypt", ["Egyptian", "Egyptians"], ["Cairo"]),
    "QAT": ("Qatar", ["Qatari"], ["Doha"]),
    "PAK": ("Pakistan", ["Pakistani"], ["Islamabad"]),
    "IND": ("India", ["Indian", "Indians"], ["New Delhi", "Delhi"]),
    "JPN": ("Japan", ["Japanese"], ["Tokyo"]),
    "KEN": ("Kenya", ["Kenyan"], ["Nairobi"]),
    "ETH": ("Ethiopia", ["Ethiopian"], ["Addis Ababa"]),
    "SDN": ("Sudan", ["Sudanese"], ["Khartoum"]),
    "GEO": ("Georgia", ["Georgian"], ["Tbilisi"]),
    "NOR": ("Norway", ["Norwegian"], ["Oslo"]),
    "SAU": ("Saudi Arabia", ["Saudi"], ["Riyadh"]),
    "ARE": ("United Arab Emirates", ["Emirati", "UAE"], ["Abu Dhabi"]),
    "POL": ("Poland", ["Polish"], ["Warsaw"]),
    "SRB": ("Serbia", ["Serbian", "Serbs"], ["Belgrade"]),
    "MLI": ("Mali", ["Malian"], ["Bamako"]),
    "VEN": ("Venezuela", ["Venezuelan"], ["Caracas"]),
    "COL": ("Colombia", ["Colombian"], ["Bogota"]),
    "PSE": ("Palestine", ["Palestinian", "Palestinians"], ["Gaza", "Hamas"]),
    "LBN": ("Lebanon", ["Lebanese"], ["Beirut", "Hezbollah"]),
    "YEM": ("Yemen", ["Yemeni"], ["Sanaa", "Houthis", "Houthi"]),
}
for _code, (_name, _dems, _caps) in _STATES.items():
    NAMES[_name] = (_code, "state", "gazetteer")
    for _d in _dems:
        NAMES[_d] = (_code, "state", "demonym")
    for _c in _caps:
        NAMES[_c] = (_code, "state", "metonym")
NAMES.update({
    "United Nations": ("IGO", "organisation", "gazetteer"), "UN": ("IGO", "organisation", "gazetteer"),
    "European Union": ("IGO", "organisation", "gazetteer"), "EU": ("IGO", "organisation", "gazetteer"),
    "NATO": ("IGO", "organisation", "gazetteer"), "African Union": ("IGO", "organisation", "gazetteer"),
    "Red Cross": ("NGO", "organisation", "gazetteer"), "Amnesty International": ("NGO", "organisation", "gazetteer"),
    "Ilham Aliyev": ("AZE", "person", "dictionary"), "Aliyev": ("AZE", "person", "surname"),
    "Benjamin Netanyahu": ("ISR", "person", "dictionary"), "Netanyahu": ("ISR", "person", "surname"),
    "Recep Tayyip Erdogan": ("TUR", "person", "dictionary"), "Erdogan": ("TUR", "person", "surname"),
    "Vladimir Putin": ("RUS", "person", "dictionary"), "Putin": ("RUS", "person", "surname"),
    "Emmanuel Macron": ("FRA", "person", "dictionary"), "Macron": ("FRA", "person", "surname"),
    "Nikol Pashinyan": ("ARM", "person", "dictionary"), "Pashinyan": ("ARM", "person", "surname"),
    "Hikmet Hajiyev": ("AZE", "person", "dictionary"), "Hajiyev": ("AZE", "person", "surname"),
})
_PATTERN = re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)) + r")(?![\w])")


def actors_for(text: str) -> list[Actor]:
    """One Actor per (code, kind, name family) with every mention of it in `text`."""
    actors: dict[tuple[str, str, str], Actor] = {}
    for m in _PATTERN.finditer(text):
        surface = m.group(1)
        code, kind, how = NAMES[surface]
        name = _STATES[code][0] if kind == "state" and code in _STATES else surface
        if kind == "person":  # "Aliyev" and "Ilham Aliyev" are one person
            name = next((n for n, v in NAMES.items() if v[0] == code and v[1] == "person" and how != "surname" and n.endswith(surface)), surface)
            name = next((n for n, v in NAMES.items() if v == (code, "person", "dictionary") and n.endswith(surface.split()[-1])), name)
        key = (code, kind, name)
        actor = actors.get(key)
        if actor is None:
            # the people of the table are office-holders, whom the actors stage gives their government's branch
            sector = "GOV" if kind == "person" else None
            actor = actors[key] = Actor(name=name, code=code, kind=kind, key=f"{kind}:{code}:{name}", sector=sector)
        actor.mentions.append(Mention(m.start(1), m.end(1), surface, how))
    return list(actors.values())


#: a table row: sentence, PLOVER type, actor codes, recipient codes, extra checks (sym, mode, third, modality, actor_sector)
Row = tuple[str, str, set[str], set[str], dict[str, Any]]


def codes(parties: list[Any]) -> set[str]:
    return {p.code for p in parties if p.code}


def matches(ev: Event, type_: str, actors: set[str], recipients: set[str], extra: dict[str, Any]) -> bool:
    """Whether one extracted event is the row's event."""
    if ev.type != type_:
        return False
    a, r = codes(ev.actors), codes(ev.recipients)
    if extra.get("sym"):
        if a | r != actors | recipients or not a or not r:
            return False
    elif a != actors or r != recipients:
        return False
    if "mode" in extra and ev.mode != extra["mode"]:
        return False
    if "third" in extra and not extra["third"] <= {(t.code, t.role) for t in ev.third_parties}:
        return False
    if "modality" in extra and ev.modality != extra["modality"]:
        return False
    if "actor_sector" in extra and any(p.sector != extra["actor_sector"] for p in ev.actors):
        return False
    return True


def run_row(nlp: Any, stages: tuple[Any, Any], sentence: str) -> list[Event]:
    actors_stage, events_stage = stages
    doc = nlp(sentence)
    art = Article(body=sentence)
    return list(events_stage(doc, art, actors_stage(doc, art)))
