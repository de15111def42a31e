"""Random but reproducible stores for checking the analysis paths against each other: every role, mode,
modality and date shape the rules read (spans across months and years, undated events, articles without a
date, rebels, generic codes named by their name, mediators, hosts, several actors and recipients)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from detente.model import Article, DateSpan, Event, Evidence, Extraction, Party, ThirdParty

STATES = ["ARM", "AZE", "TUR", "ISR", "USA", "KAZ", "IRN", "QAT", "RUS", "SYR"]
TYPES = {"AGREE": 4.0, "CONSULT": 1.0, "SUPPORT": 3.5, "COOPERATE": 6.0, "AID": 7.0, "REQUEST": -2.0, "ACCUSE": -2.0,
         "REJECT": -4.0, "THREATEN": -6.0, "SANCTION": -4.0, "MOBILIZE": -7.0, "COERCE": -8.0, "ASSAULT": -10.0}
MODES = [None, None, None, "alliance", "partner", "arms", "military", "energy", "trade", "economic", "embargo", "aid",
         "mediate", "sign", "violence", "troops", "seize", "aerial"]
MODALITIES = ["asserted", "asserted", "asserted", "claimed", "historical", "planned", "negated", "conditional"]
FIRST = date(2025, 1, 1)


def _party(rng: random.Random) -> Party:
    r = rng.random()
    if r < 0.08:
        state = rng.choice(STATES[:4])
        return Party(code=state, name=f"{state} rebels", sector=rng.choice(["REB", "OPP"]), text="rebels")
    if r < 0.12:
        return Party(code=f"{rng.choice(STATES[:4])}:INS", name="insurgents", text="insurgents")
    if r < 0.17:
        return Party(code="IGO", name=rng.choice(["United Nations", "OSCE"]), sector="IGO", text="UN")
    code = rng.choice(STATES)
    return Party(code=code, name=code.title(), sector="GOV", text=code)


def _span(rng: random.Random) -> DateSpan | None:
    r = rng.random()
    if r < 0.25:
        return None
    start = FIRST + timedelta(days=rng.randrange(500))
    if r < 0.6:
        return DateSpan(start, start, "day")
    length = rng.choice([3, 6, 20, 40, 200, 400])
    return DateSpan(start, start + timedelta(days=length), "week" if length < 10 else "month" if length < 60 else "year")


def extractions(n_articles: int, seed: int = 1, per_article: int = 6) -> list[Extraction]:
    rng = random.Random(seed)
    out = []
    for a in range(n_articles):
        published = None if rng.random() < 0.1 else FIRST + timedelta(days=rng.randrange(500))
        sentences, events = [], []
        for i in range(rng.randint(1, per_article)):
            etype = rng.choice(list(TYPES))
            actors = [_party(rng) for _ in range(rng.choice([1, 1, 1, 2]))]
            recipients = [_party(rng) for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
            thirds = []
            if rng.random() < 0.25:
                p = _party(rng)
                thirds.append(ThirdParty(code=p.code, name=p.name, role=rng.choice(["mediator", "host", "venue"])))
            sentence = f"Sentence {a}-{i} about {etype.lower()}."
            start = sum(len(s) + 1 for s in sentences)
            sentences.append(sentence)
            score = None if rng.random() < 0.05 else TYPES[etype] + rng.choice([0.0, 0.5, -0.5, 0.3])
            events.append(Event(type=etype, actors=actors, recipients=recipients,
                                evidence=Evidence(sentence=sentence, trigger="x", start=start, end=start + len(sentence)),
                                mode=rng.choice(MODES), third_parties=thirds, date=_span(rng),
                                modality=rng.choice(MODALITIES), score=score, id=f"r{seed}-{a}-{i}"))
        body = " ".join(sentences) + f" ({seed}/{a})"
        art = Article(body=body, outlet=rng.choice(["WIRE ONE", "WIRE TWO", "Gazette", None]), published=published,
                      title=f"Title {a}", sources=[f"/tmp/random-{seed}-{a}.txt"])
        out.append(Extraction(article=art, actors=[], events=events))
    return out


def pairs() -> list[tuple[str, str]]:
    """Pairs worth asking about in these stores (codes, rebels, a generic party's name)."""
    return [("ARM", "AZE"), ("TUR", "ISR"), ("USA", "IRN"), ("RUS", "SYR"), ("ARM", "ARM:REB"), ("AZE", "United Nations"),
            ("QAT", "KAZ"), ("TUR", "ARM"), ("USA", "QAT")]
