"""Hand-built extractions for the web tests: real model objects saved with `Store.save`, text written for them.

The articles are invented for the tests (not from any outlet). Offsets are computed from the text, so
editing a sentence cannot leave a stale span behind.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from detente.model import (
    Actor,
    Article,
    Attribution,
    DateSpan,
    Event,
    Evidence,
    Extraction,
    Location,
    Mention,
    Party,
    ThirdParty,
)
from detente.store import Store
from detente.web import Settings, create_app

#: the payloads every page must render inert
XSS_SCRIPT = "<script>alert('xss-body')</script>"
XSS_IMG = '<img src=x onerror="alert(\'xss-img\')">'
XSS_LINK = "<a href=\"javascript:alert('xss-link')\">read more</a>"
XSS_URL = "javascript:alert('xss-url')"

STATES = {
    "TUR": ("Turkey", ["Turkey", "Ankara", "Turkish"]),
    "AZE": ("Azerbaijan", ["Azerbaijan", "Baku", "Azerbaijani"]),
    "ISR": ("Israel", ["Israel", "Israeli"]),
    "RUS": ("Russia", ["Russia", "Moscow", "Russian"]),
    "ARM": ("Armenia", ["Armenia", "Yerevan"]),
}


#: where the fixture events happened (GeoNames ids and points of the cities; a state's or region's point is its main
#: city's, as detente.places gives it)
ANKARA = Location("Ankara", "TUR", 39.91987, 32.85427, 323786, "TR.68", "city", "Ankara")
BAKU = Location("Baku", "AZE", 40.37767, 49.89201, 587084, "AZ.09", "city", "Baku")
ISRAEL = Location("Jerusalem", "ISR", 31.76904, 35.21633, None, None, "country", "Israel")
SYRIA = Location("Damascus", "SYR", 33.5102, 36.29128, None, None, "country", "Syrian")
TAVUSH = Location("Tavush", "ARM", 40.87877, 45.14851, None, "AM.09", "admin1", "the border", "article")


def _state(code: str, body: str) -> Actor:
    name, names = STATES[code]
    mentions = []
    for word in names:
        at = body.find(word)
        while at >= 0:
            # whole words only: "Israel" must not match inside "Israeli"
            after = body[at + len(word): at + len(word) + 1]
            if not after.isalpha():
                mentions.append(Mention(at, at + len(word), word, "gazetteer"))
            at = body.find(word, at + 1)
    return Actor(name=name, code=code, kind="state", sector="GOV", key=code, mentions=mentions)


def _person(name: str, code: str, role: str, body: str, key: str) -> Actor:
    mentions = []
    for word in {name, name.split()[-1]}:
        at = body.find(word)
        while at >= 0:
            if not any(m.start <= at < m.end for m in mentions):
                mentions.append(Mention(at, at + len(word), word, "ner"))
            at = body.find(word, at + 1)
    return Actor(name=name, code=code, kind="person", sector="GOV", role=role, key=key, mentions=mentions)


def _party(code: str, words: str, key: str | None = None, name: str | None = None) -> Party:
    return Party(code=code, name=name or STATES[code][0], sector="GOV", text=words, actor_key=key or code)


def _event(body: str, sentence_start: str, type_: str, trigger: str, actors: list[Party], recipients: list[Party],
           score: float, day: date | None, **kw: object) -> Event:
    """An event whose evidence is the sentence of `body` that begins with `sentence_start`."""
    start = body.index(sentence_start)
    end = body.index(".", start) + 1
    sentence = body[start:end]
    t = sentence.index(trigger)
    return Event(type=type_, actors=actors, recipients=recipients, score=score,
                 evidence=Evidence(sentence, trigger, start, end, start + t, start + t + len(trigger)),
                 date=DateSpan(day, day, "day") if day else None, **kw)  # type: ignore[arg-type]


def extractions() -> list[Extraction]:
    """Four articles on the Turkey-Azerbaijan-Israel triangle and its neighbours, plus one hostile article."""
    out = []

    body = ("Turkish President Recep Tayyip Erdogan hosted Azerbaijani President Ilham Aliyev in Ankara on Monday.\n\n"
            "Turkey and Azerbaijan signed a defence cooperation agreement during the visit.\n\n"
            "Israel supplies drones to Azerbaijan, two officials in Baku said.")
    art = Article(body=body, outlet="Caspian Monitor", title="Erdogan hosts Aliyev as Ankara and Baku sign defence pact",
                  url="https://caspian.example/2024/03/pact", published=date(2024, 3, 12), published_source="text",
                  sources=["https://caspian.example/2024/03/pact"])
    erdogan = _person("Recep Tayyip Erdogan", "TUR", "President of Turkey", body, "person:recep-tayyip-erdogan")
    aliyev = _person("Ilham Aliyev", "AZE", "President of Azerbaijan", body, "person:ilham-aliyev")
    actors = [_state(c, body) for c in ("TUR", "AZE", "ISR")] + [erdogan, aliyev]
    events = [
        _event(body, "Turkish President", "CONSULT", "hosted",
               [Party("TUR", "Recep Tayyip Erdogan", "GOV", "Recep Tayyip Erdogan", "person:recep-tayyip-erdogan", "person")],
               [Party("AZE", "Ilham Aliyev", "GOV", "Ilham Aliyev", "person:ilham-aliyev", "person")],
               1.0, date(2024, 3, 11), mode="host", cameo="043", location=ANKARA),
        _event(body, "Turkey and Azerbaijan signed", "AGREE", "signed", [_party("TUR", "Turkey")],
               [_party("AZE", "Azerbaijan")], 8.0, date(2024, 3, 11), mode="sign", cameo="057", context="military",
               location=ANKARA),
        _event(body, "Israel supplies drones", "AID", "supplies", [_party("ISR", "Israel")], [_party("AZE", "Azerbaijan")],
               7.4, None, mode="arms", cameo="074",
               attribution=Attribution("anonymous", "two officials in Baku", "AZE", "two officials in Baku")),
    ]
    out.append(Extraction(art, actors, events))

    body = ("Ankara suspended all trade with Israel on Thursday, the Turkish trade ministry said.\n\n"
            "Israeli Foreign Minister Israel Katz accused Erdogan of breaking agreements.\n\n"
            "Azerbaijan offered to mediate between Turkey and Israel.")
    art = Article(body=body, outlet="Levant Ledger", title="Turkey halts trade with Israel; Baku offers to mediate",
                  url="https://levant.example/news/trade-halt", published=date(2024, 5, 3), published_source="html",
                  sources=["https://levant.example/news/trade-halt"])
    katz = _person("Israel Katz", "ISR", "Foreign Minister of Israel", body, "person:israel-katz")
    erdogan = _person("Recep Tayyip Erdogan", "TUR", "President of Turkey", body, "person:recep-tayyip-erdogan")
    actors = [_state(c, body) for c in ("TUR", "ISR", "AZE")] + [katz, erdogan]
    events = [
        _event(body, "Ankara suspended", "SANCTION", "suspended", [_party("TUR", "Ankara")], [_party("ISR", "Israel")],
               -4.0, date(2024, 5, 2), mode="trade", cameo="163", location=ANKARA,
               attribution=Attribution("organisation", "the Turkish trade ministry", "TUR")),
        _event(body, "Israeli Foreign Minister", "ACCUSE", "accused",
               [Party("ISR", "Israel Katz", "GOV", "Israel Katz", "person:israel-katz", "person")],
               [_party("TUR", "Erdogan", "person:recep-tayyip-erdogan", "Recep Tayyip Erdogan")], -2.0, date(2024, 5, 2),
               cameo="112", location=ISRAEL),
        _event(body, "Azerbaijan offered", "AGREE", "offered to mediate", [_party("AZE", "Azerbaijan")],
               [_party("TUR", "Turkey"), _party("ISR", "Israel")], 5.0, date(2024, 5, 3), mode="mediate", cameo="039",
               modality="planned"),
    ]
    out.append(Extraction(art, actors, events))

    body = ("Russian and Azerbaijani officials held talks in Baku on gas transit.\n\n"
            "Armenia accused Azerbaijan of shelling villages near the border, a claim Baku denied.")
    art = Article(body=body, outlet="Caspian Monitor", title="Moscow and Baku talk gas as Yerevan alleges shelling",
                  url="https://caspian.example/2024/07/gas", published=date(2024, 7, 2), published_source="text",
                  sources=["https://caspian.example/2024/07/gas"])
    actors = [_state(c, body) for c in ("RUS", "AZE", "ARM")]
    events = [
        _event(body, "Russian and Azerbaijani", "CONSULT", "held talks", [_party("RUS", "Russian")],
               [_party("AZE", "Azerbaijani")], 1.0, date(2024, 7, 1), mode="negotiate", context="energy", cameo="046",
               location=BAKU,
               third_parties=[ThirdParty("AZE", "Azerbaijan", "venue", "Baku", "AZE")]),
        _event(body, "Armenia accused", "ACCUSE", "accused", [_party("ARM", "Armenia")], [_party("AZE", "Azerbaijan")],
               -2.0, date(2024, 7, 1), cameo="112", modality="claimed", location=TAVUSH),
    ]
    out.append(Extraction(art, actors, events))

    body = ("Israel and Turkey held talks on restoring ambassadors, diplomats in Ankara said.\n\n"
            "Turkey accused Israel of violating Syrian airspace.")
    art = Article(body=body, outlet="Levant Ledger", title="Envoys talk, then trade accusations",
                  published=date(2023, 11, 20), published_source="text", sources=["/data/levant/envoys.txt"])
    actors = [_state(c, body) for c in ("ISR", "TUR")]
    events = [
        _event(body, "Israel and Turkey", "CONSULT", "held talks", [_party("ISR", "Israel")], [_party("TUR", "Turkey")],
               1.0, date(2023, 11, 18), mode="negotiate", cameo="046", location=ANKARA),
        _event(body, "Turkey accused", "ACCUSE", "accused", [_party("TUR", "Turkey")], [_party("ISR", "Israel")],
               -2.0, date(2023, 11, 19), cameo="112", location=SYRIA),
    ]
    out.append(Extraction(art, actors, events))
    out.append(hostile())
    return out


def place_as_actor() -> Extraction:
    """An article whose parties include a town named as if it acted ("Davos welcomed ..."), stored as a place with no
    state: the network must not draw it as an actor. Not in `extractions()` (the counts other tests pin)."""
    body = "Davos welcomed Azerbaijani and Armenian delegates to the forum, and Azerbaijan praised Armenia there."
    art = Article(body=body, outlet="Alpine Note", title="Delegates meet in Davos", published=date(2025, 1, 22),
                  published_source="text", sources=["https://alpine.example/davos"])
    at = body.index("Davos")
    davos = Actor(name="Davos", code=None, kind="place", key="place:davos", mentions=[Mention(at, at + 5, "Davos", "ner")])
    town = Party(None, "Davos", None, "Davos", "place:davos", "place")
    events = [
        _event(body, "Davos welcomed", "CONSULT", "welcomed", [town], [_party("AZE", "Azerbaijani"), _party("ARM", "Armenian")],
               1.0, date(2025, 1, 21), mode="host"),
        Event(type="SUPPORT", actors=[_party("AZE", "Azerbaijan")], recipients=[_party("ARM", "Armenia")], score=3.4,
              mode="praise", date=DateSpan(date(2025, 1, 21), date(2025, 1, 21), "day"),
              evidence=Evidence(body, "praised", 0, len(body), body.index("praised"), body.index("praised") + 7)),
    ]
    return Extraction(art, [davos, _state("AZE", body), _state("ARM", body)], events)


def hostile() -> Extraction:
    """An article whose every field tries to run script: it must render as text on every page."""
    body = (f"Ruritania protested to Armenia about the border {XSS_SCRIPT} incident.\n\n"
            f"Officials said {XSS_IMG} that Ruritania condemned Armenia {XSS_LINK} on Friday.")
    art = Article(body=body, outlet=f"<b onmouseover=\"alert('xss-outlet')\">Evil</b>{XSS_SCRIPT}",
                  title=f"Hostile {XSS_SCRIPT} title {XSS_IMG}", url=XSS_URL, published=date(2024, 6, 1),
                  published_source="text", byline=XSS_LINK, sources=[XSS_URL])
    odd_name = f"Ruritania {XSS_IMG}"
    ruritania = Actor(name=odd_name, code=None, kind="group", key="group:ruritania",
                      mentions=[Mention(body.index("Ruritania"), body.index("Ruritania") + 9, "Ruritania", "ner")])
    actors = [ruritania, _state("ARM", body)]
    s1 = body.index("Ruritania protested")
    e1 = body.index(".", s1) + 1
    events = [
        Event(type="ACCUSE", actors=[Party(None, odd_name, None, "Ruritania", "group:ruritania", "group")],
              recipients=[_party("ARM", "Armenia")], score=-2.0, cameo="111",
              evidence=Evidence(body[s1:e1], "protested", s1, e1),
              attribution=Attribution("person", f"{XSS_SCRIPT} spokesman", None, XSS_IMG), date=DateSpan(
                  date(2024, 5, 31), date(2024, 5, 31), "day", XSS_SCRIPT),
              location=Location(f"Yerevan {XSS_IMG}", "ARM", 40.18111, 44.51361, 616052, "AM.11", "city", XSS_SCRIPT)),
    ]
    return Extraction(art, actors, events)


def build(path: Path) -> Store:
    """A store at `path` holding every fixture article."""
    store = Store(path)
    for extraction in extractions():
        store.save(extraction)
    return store


def database(path: Path) -> Path:
    build(path).close()
    return path


class Client:
    """A synchronous face over httpx's ASGI transport: the real app and real SQLite, no server."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://localhost")

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.get(url, **kw))

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.post(url, **kw))

    def page(self, url: str) -> httpx.Response:
        """An HTML page as a browser asks for it."""
        return self.get(url, headers={"accept": "text/html,application/xhtml+xml"})

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()
        self.app.state.answers.close()
        self.app.state.pool.close()


@contextmanager
def client(db: Path, **settings: Any) -> Iterator[Client]:
    c = Client(create_app(Settings(db=str(db), **settings)))
    try:
        yield c
    finally:
        c.close()


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def error(response: httpx.Response, status: int, type_: str) -> dict[str, Any]:
    """Every error, whatever raised it, has one shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status and body["error"]["type"] == type_
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return dict(body["error"])
