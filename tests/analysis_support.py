"""Build real Extractions from short hand-written sentences and save them into a real Store (analysis tests)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from detente.model import Actor, Article, DateSpan, Event, Evidence, Extraction, Party, ThirdParty

NAMES = {"ARM": "Armenia", "AZE": "Azerbaijan", "TUR": "Turkey", "ISR": "Israel", "USA": "United States",
         "KAZ": "Kazakhstan", "IND": "India", "PAK": "Pakistan", "SYR": "Syria", "RUS": "Russia", "GEO": "Georgia",
         "FRA": "France", "IRN": "Iran", "QAT": "Qatar", "EGY": "Egypt"}
#: Goldstein-like scores per type, for events built without one
SCORES = {"AGREE": 4.0, "CONSULT": 1.0, "SUPPORT": 3.5, "COOPERATE": 6.0, "AID": 7.0, "CONCEDE": 5.0, "RETREAT": 5.0,
          "REQUEST": -2.0, "ACCUSE": -2.0, "REJECT": -4.0, "THREATEN": -6.0, "PROTEST": -6.5, "SANCTION": -4.0,
          "MOBILIZE": -7.0, "COERCE": -8.0, "ASSAULT": -10.0}


@dataclass
class E:
    """One event as a test states it: `AZE ally TUR` style."""

    type: str
    actors: list[str]
    recipients: list[str]
    sentence: str
    mode: str | None = None
    modality: str = "asserted"
    score: float | None = None
    third: list[tuple[str, str]] = field(default_factory=list)  # (code, role)
    day: date | None = None


def party(code: str) -> Party:
    if ":" in code:
        state, _, sector = code.partition(":")
        return Party(code=state, name=f"{NAMES.get(state, state)} {sector}", sector=sector, text=state)
    if code.startswith("~"):
        return Party(code="IGO", name=code[1:], sector="IGO", text=code[1:])
    return Party(code=code, name=NAMES.get(code, code), sector="GOV", text=NAMES.get(code, code))


def extraction(outlet: str, published: date | None, events: list[E], title: str = "") -> Extraction:
    """An article whose body is the events' sentences, with each event's evidence pointing into it."""
    body, spans = "", []
    for e in events:
        start = len(body)
        body += e.sentence + " "
        spans.append((start, start + len(e.sentence)))
    body = body.strip() + f"\n\n({outlet} {published})"
    art = Article(body=body, outlet=outlet, published=published, title=title or events[0].sentence[:60],
                  sources=[f"/tmp/{outlet}-{published}-{abs(hash(body)) % 10**8}.txt"])
    codes = sorted({c for e in events for c in e.actors + e.recipients + [t for t, _ in e.third]})
    actors = [Actor(name=party(c).name, code=party(c).code, kind="state" if ":" not in c and not c.startswith("~") else "group",
                    sector=party(c).sector) for c in codes]
    out = []
    for i, ((start, end), e) in enumerate(zip(spans, events, strict=True)):
        when = DateSpan(e.day, e.day, "day") if e.day else None
        out.append(Event(
            type=e.type, actors=[party(c) for c in e.actors], recipients=[party(c) for c in e.recipients],
            evidence=Evidence(sentence=e.sentence, trigger=e.sentence.split()[1], start=start, end=end),
            mode=e.mode, modality=e.modality, score=SCORES[e.type] if e.score is None else e.score,
            third_parties=[ThirdParty(code=party(c).code, name=party(c).name, role=r) for c, r in e.third],
            date=when, id=f"{art.id}:{i}"))
    return Extraction(article=art, actors=actors, events=out)


def day(n: int, start: date = date(2026, 1, 5)) -> date:
    return start + timedelta(days=n)
