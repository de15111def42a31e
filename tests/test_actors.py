"""The actors stage end to end, its gazetteer, its dictionary (built-in and user YAML), and the quality floors."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from detente import registry
from detente.actors import actor_at, dictionary, gazetteer, lookup, role_at
from detente.model import Article
from tests.conftest import ROOT, SEEDS, SHARED, need_shared

DATA = Path(__file__).parent / "data" / "actors"


@pytest.fixture(scope="module")
def stage():
    return registry.get("actors", "rules.v1")(actor_files=[str(DATA / "extra.yaml")])


# -- gazetteer ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "code", "kind", "how"), [
    ("Azeri", "AZE", "state", "demonym"),
    ("the Kremlin", "RUS", "state", "seat"),
    ("Gaza", "PSE", "place", "place"),
    ("Turkey's", "TUR", "state", "name"),
    ("Türkiye", "TUR", "state", "name"),
    ("NATO", "IGO", "organisation", "organisation"),
    ("al-Qaeda", "IMG", "group", "organisation"),
    ("Al-Qaeda", "IMG", "group", "organisation"),
    ("Baku", "AZE", "state", "capital"),
    ("Emiratis", "ARE", "state", "demonym"),
    ("Bolivia", "BOL", "state", "name"),  # from pycountry, no file of ours needed
    ("Zhongnanhai", "CHN", "state", "seat"),
])
def test_lookup(text, code, kind, how):
    entry = lookup(text)
    assert entry is not None and (entry.code, entry.kind, entry.how) == (code, kind, how)


@pytest.mark.parametrize("text", ["us", "un", "turkey", "china", "States", "chad the man", ""])
def test_lookup_rejects_words_that_are_not_names(text):
    assert lookup(text) is None


def test_every_un_member_has_a_canonical_name_and_demonyms_cover_the_big_ones():
    g = gazetteer.load()
    import pycountry

    assert all(g.state(c.alpha_3) for c in pycountry.countries)
    for dem in ["Afghan", "Brazilian", "Chinese", "Egyptian", "French", "German", "Indian", "Iranian", "Japanese",
                "Mexican", "Nigerian", "Russian", "Ukrainian", "Venezuelan", "Yemeni", "Zimbabwean"]:
        assert g.lookup(dem) is not None and g.lookup(dem).how == "demonym", dem


# -- dictionary --------------------------------------------------------------------------------------------
def test_trump_terms_and_role_at():
    d = dictionary.load()
    trump = d.lookup("Trump")
    assert trump is not None and trump.name == "Donald Trump"
    assert role_at(trump, date(2018, 6, 1)).role == "president"
    assert role_at(trump, date(2022, 6, 1)) is None
    assert role_at(trump, date(2025, 3, 1)).start == date(2025, 1, 20)
    assert role_at(trump, None).start == date(2025, 1, 20)  # no date: the latest role
    biden = d.lookup("Biden")
    assert role_at(biden, date(2023, 1, 1)).role == "president"
    assert role_at(biden, date(2012, 1, 1)).role == "vice president"


def test_dictionary_covers_sixty_states_and_igo_leaders():
    people = dictionary.builtin()
    states = {r.code for p in people for r in p.roles if r.code not in ("IGO", "NGO")}
    assert len(states) >= 60
    igo_roles = " ".join(r.role or "" for p in people for r in p.roles if r.code == "IGO")
    for office in ("UN secretary-general", "NATO secretary-general", "European Commission"):
        assert office in igo_roles


def test_user_yaml_adds_people_and_bodies():
    d = dictionary.load([str(DATA / "extra.yaml")])
    marta = d.lookup("Quillfeather")
    assert marta is not None
    assert role_at(marta, date(2022, 1, 1)).code == "NZL"
    assert role_at(marta, date(2024, 1, 1)).code == "IGO"
    assert d.lookup("Borealis Shipping").kind == "organisation"


@pytest.mark.parametrize(("text", "error"), [
    ("name: not a list", "want a list"),
    ("- aliases: [x]", "needs a 'name'"),
    ("- name: X\n  roles: [{code: Atlantis}]", "bad code"),
    ("- name: X\n  roles: [{code: FRA, sector: WIZ}]", "unknown sector"),
    ("- name: X\n  roles: [{code: FRA, start: 2024-13-40}]", "date"),
    ("- name: X\n  colour: red", "unknown keys"),
])
def test_user_yaml_errors_say_what_is_wrong(text, error):
    with pytest.raises(ValueError, match=error):
        dictionary.parse_yaml(text, "mine.yaml")


# -- the stage on an article we wrote ------------------------------------------------------------------------
BODY = (
    "Chilean President Gabriel Boric arrived in Lima on Monday for talks with Peruvian officials. "
    "Peru's foreign minister, Lucia Andrade Paz, said the two governments would sign a fisheries accord. "
    "Boric aide Tomas Irarrazaval told reporters that Santiago wanted a quick deal. "
    "Andrade later said the accord needed approval from Congress. "
    "The Chilean president returns home on Wednesday. Borealis Shipping said it welcomed the move."
)


@pytest.mark.slow
def test_stage_on_an_article(nlp, stage):
    article = Article(body=BODY, published=date(2024, 5, 6))
    actors = stage(nlp(BODY), article)
    by_key = {a.key: a for a in actors}
    assert len(by_key) == len(actors)  # keys are unique
    boric = by_key["person:gabriel-boric"]
    assert (boric.code, boric.sector, boric.role) == ("CHL", "GOV", "president")
    assert any(m.how == "role" and m.text == "The Chilean president" for m in boric.mentions)
    andrade = by_key["person:lucia-andrade-paz"]
    assert andrade.code == "PER" and andrade.role == "foreign minister"
    aide = by_key["person:tomas-irarrazaval"]
    assert aide.code == "CHL" and aide.role == "aide"
    assert by_key["CHL"].kind == "state"
    santiago = next(m for m in by_key["CHL"].mentions if m.text == "Santiago")
    assert santiago.how == "metonym"
    lima = next(m for m in by_key["PER"].mentions if m.text == "Lima")
    assert lima.how == "place"
    assert by_key["org:borealis-shipping"].code == "NOR"  # from the user's YAML
    for a in actors:
        for m in a.mentions:
            assert BODY[m.start:m.end] == m.text
    start = BODY.index("Peruvian officials")
    assert actor_at(actors, start, start + len("Peruvian officials")).code == "PER"


# -- quality floors on the shared gold data -----------------------------------------------------------------
@pytest.mark.slow
def test_seeds_people_and_metonyms(nlp, stage):
    need_shared()
    import yaml

    gold = yaml.safe_load((SHARED / "eval" / "seeds" / "gold.yaml").read_text(encoding="utf-8"))
    results = []
    for path in SEEDS:
        body = path.read_text(encoding="utf-8")
        actors = stage(nlp(body), Article(body=body, sources=[str(path)]))
        results.append({"article": {"source": str(path)}, "actors": [a.to_dict() for a in actors], "events": []})
        for a in actors:
            for m in a.mentions:
                assert body[m.start:m.end] == m.text
    seen: dict[str, set[str]] = {}
    metonyms: dict[str, set[str]] = {}
    for doc in results:
        for a in doc["actors"]:
            seen.setdefault(a["name"].lower(), set()).add(a["code"])
            for m in a["mentions"]:
                if m["how"] in ("metonym", "place"):
                    metonyms.setdefault(m["text"], set()).add(a["code"])
    for name, (code, _role) in gold["people"].items():
        surname = name.split()[-1].lower()
        assert any(code in codes for n, codes in seen.items() if surname in n), name
    for city, code in gold["metonyms"].items():
        assert code in metonyms.get(city, set()), city


@pytest.mark.slow
def test_plover_state_code_agreement_floor():
    """Quality floor: >= 90% of PLOVER gold actor texts get the gold state code (benchmarks/actor_codes_plover.py)."""
    gold = SHARED / "eval" / "plover-gsr" / "dev.json"
    if not gold.is_file():
        pytest.skip("../shared/eval/plover-gsr/dev.json is not available")
    spec = importlib.util.spec_from_file_location("actor_codes_plover", ROOT / "benchmarks" / "actor_codes_plover.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.measure(json.loads(gold.read_text(encoding="utf-8")))
    assert report["actor_texts"] > 300
    assert report["agreement"] >= 0.90, report["misses"]


@pytest.mark.slow
def test_benchmark_script_runs_as_a_command(tmp_path):
    gold = SHARED / "eval" / "plover-gsr" / "dev.json"
    if not gold.is_file():
        pytest.skip("../shared is not available")
    sample = tmp_path / "sample.json"
    sample.write_text(json.dumps(json.loads(gold.read_text(encoding="utf-8"))[:6]), encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "actor_codes_plover.py"), "--gold", str(sample)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    report = json.loads(out.stdout)
    assert report["records"] == 5 and report["actor_texts"] >= 5
