"""The actor knowledge layers: Phoenix/CAMEO people and bodies below the curated files and the user's YAML, full
CAMEO codes on roles and entries, validation of the data files, and the converter that makes the Phoenix files."""
from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from detente.actors import dictionary, gazetteer, lexicon
from detente.actors.dictionary import Role, closest_role, role_at

DATA = Path(dictionary.__file__).parent / "data"


def _converter():
    spec = importlib.util.spec_from_file_location("convert_phoenix", DATA / "convert_phoenix.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


cp = _converter()


# -- the layers ----------------------------------------------------------------------------------------------
def test_phoenix_people_are_found_with_their_dated_roles():
    d = dictionary.load()
    weinberger = d.lookup("Caspar Weinberger")
    assert weinberger is not None and d.lookup("Weinberger") is weinberger
    role = role_at(weinberger, date(1984, 6, 1))
    assert (role.code, role.sector, role.cameo) == ("USA", "MIL", "USAGOVMIL")
    assert role.start == date(1981, 1, 21) and role.end == date(1987, 11, 23)  # two-digit years 810121-871123
    assert len(d) > 15_000


def test_curated_people_win_over_phoenix():
    d = dictionary.load()
    hagel = d.lookup("Chuck Hagel")  # in both: people.tsv's roles, not the source's open-ended one
    assert [r.role for r in hagel.roles] == ["secretary of defense"]
    assert hagel.roles[0].end == date(2015, 2, 17)
    assert all(p.name != "Chuck Hagel" or p is hagel for p in d.people.values())


def test_user_yaml_wins_over_both_layers(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- name: Caspar Weinberger\n  roles: [{code: GBR, sector: GOV, role: consultant, cameo: GBRGOV}]\n"
        "- name: Quentin Adjunct\n  aliases: [Hagel]\n  code: NZL\n  sector: GOV\n", encoding="utf-8")
    d = dictionary.load([str(mine)])
    assert role_at(d.lookup("Caspar Weinberger"), date(1984, 6, 1)).code == "GBR"  # Phoenix said USA
    assert d.lookup("Hagel").name == "Quentin Adjunct"  # people.tsv said Chuck Hagel
    assert dictionary.load().lookup("Hagel").name == "Chuck Hagel"  # the user's file changes only its own load


def test_a_former_office_holder_resolves_to_his_state_and_last_office():
    d = dictionary.load()
    pompeo = d.lookup("Pompeo")
    r = closest_role(pompeo, date(2024, 3, 1))  # after every office: the last one before the date
    assert (r.code, r.role, r.end) == ("USA", "secretary of state", date(2021, 1, 20))
    assert role_at(pompeo, date(2024, 3, 1)) is None
    zia = d.lookup("Zia-ul-Haq")
    assert closest_role(zia, date(1985, 3, 1)).code == "PAK"
    assert closest_role(d.lookup("Mitterrand"), date(1990, 1, 1)).code == "FRA"
    stoltenberg = d.lookup("Jens Stoltenberg")  # an IGO office, then his state again
    assert role_at(stoltenberg, date(2020, 1, 1)).cameo == "IGOWSTNAT"
    assert role_at(stoltenberg, date(2025, 6, 1)).code == "NOR"


@pytest.mark.parametrize(("name", "cameo"), [
    ("António Guterres", "IGOUNO"), ("Ursula von der Leyen", "IGOEUREEC"), ("Mark Rutte", "IGOWSTNAT"),
    ("Mahmoud Ali Youssouf", "IGOAFRAFU"), ("Rafael Grossi", "IGOUNOIAE"), ("Karim Khan", "IGOJUDICC"),
    ("Lloyd Austin", "USAGOVMIL"), ("Yahya Sinwar", "PSEREBHMS"), ("Abdullah Ocalan", "TURREBPKK"),
    ("Keir Starmer", "GBRGOV"),  # empty in the file: code + sector
])
def test_curated_roles_carry_full_cameo_codes(name, cameo):
    person = dictionary.load().lookup(name)
    assert role_at(person, None).cameo == cameo


def test_role_cameo_defaults_to_code_and_sector():
    assert Role(code="USA", sector="GOV").cameo == "USAGOV"
    assert Role(code="IGO", sector="IGO").cameo == "IGO"
    assert Role(code="RUS").cameo == "RUS"
    assert Role(code="ISR", sector="MIL", cameo="ISRGOVMIL").cameo == "ISRGOVMIL"


# -- organisations -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "code", "cameo"), [
    ("the European Union", "IGO", "IGOEUREEC"), ("African Union", "IGO", "IGOAFRAFU"), ("UN", "IGO", "IGOUNO"),
    ("NATO", "IGO", "IGOWSTNAT"), ("Amnesty International", "NGO", "NGOHRIAMN"), ("Hamas", "PSE", "PSEREBHMS"),
    ("Houthis", "YEM", "YEMREB"),  # no cameo in organisations.tsv: code + sector
    ("the Kremlin", "RUS", "RUSGOV"), ("Turkey", "TUR", "TUR"),
    ("Asian Development Bank", "IGO", "IGOASADEVADB"),  # only in the Phoenix file
    ("Jane Goodall Institute", "NGO", "NGOENV"),
])
def test_entries_carry_full_cameo_codes(text, code, cameo):
    e = gazetteer.lookup(text)
    assert e is not None and (e.code, e.cameo) == (code, cameo)


def test_phoenix_bodies_never_take_a_name_from_our_files():
    g = gazetteer.load()
    ours = gazetteer.Gazetteer.build(phoenix=False)
    for key, entries in ours.entries.items():
        assert [e.key for e in g.entries[key]] == [e.key for e in entries], key
    assert len(g.entries) > len(ours.entries) + 1500


# -- agents --------------------------------------------------------------------------------------------------
def test_agents_give_a_sector_and_cameo_code():
    n, agent = lexicon.agent("the iraqi defence minister".split())
    assert (n, agent.sector, agent.cameo) == (2, "MIL", "GOVMIL")
    assert lexicon.agent(["irrigation", "ministries"])[1].cameo == "GOVAGR"
    assert lexicon.agent(["rebels"])[1].sector == "REB"
    assert lexicon.agent(["nonexistentword"]) is None


def test_titles_tsv_wins_over_the_agents_sector():
    titles = lexicon.load().titles
    shared = [p for p in titles if p in lexicon.agents() and titles[p]]
    assert shared
    for phrase in shared:
        assert lexicon.agents()[phrase].sector == titles[phrase], phrase


# -- validation ----------------------------------------------------------------------------------------------
HEADER = "name\taliases\tcode\tsector\trole\tstart\tend\tcameo\n"


@pytest.mark.parametrize(("row", "error"), [
    ("Ann Ex\t\tATLANTIS\tGOV\tpresident\t2020\t\t", "bad code"),
    ("Ann Ex\t\tFRA\tWIZ\tpresident\t2020\t\t", "unknown sector"),
    ("Ann Ex\t\tFRA\tGOV\tpresident\t2020-13-01\t\t", "not a date"),
    ("Ann Ex\t\tFRA\tGOV\tpresident\t2021\t2019\t", "ends before it starts"),
    ("Ann Ex\t\tFRA\tGOV\tpresident\t2020\t\tUSAGOV", "does not start with"),
    ("Ann Ex\t\tFRA\tGOV\tpresident\t2020\t\tFRAGO", "bad CAMEO code"),
    ("Ann Ex\t\tFRA\tGOV\tpresident", "columns"),
])
def test_people_files_are_validated_with_file_and_line(tmp_path, row, error):
    f = tmp_path / "people-test.tsv"
    f.write_text("# a comment\n" + HEADER + "Bo Fine\t\tFRA\tGOV\tpresident\t2019\t\t\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=error) as exc:
        dictionary.read_people(f)
    assert "people-test.tsv line 4" in str(exc.value)


def test_yaml_cameo_is_validated():
    with pytest.raises(ValueError, match="does not start with"):
        dictionary.parse_yaml("- name: X\n  roles: [{code: FRA, cameo: USAGOV}]", "mine.yaml")
    [p] = dictionary.parse_yaml("- name: X\n  code: FRA\n  sector: MIL\n  cameo: FRAGOVMIL", "mine.yaml")
    assert p.roles[0].cameo == "FRAGOVMIL"


def test_derived_files_keep_the_mit_notice():
    for name in ("phoenix-people.tsv", "phoenix-organisations.tsv", "phoenix-agents.tsv"):
        head = (DATA / name).read_text(encoding="utf-8")[:3000]
        assert "The MIT License (MIT)" in head and "Copyright (c) 2014 Open Event Data" in head, name
    assert "Permission is hereby granted" in (DATA / "NOTICE.txt").read_text(encoding="utf-8")


# -- the converter -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("120515", date(2012, 5, 15)), ("300101", date(2030, 1, 1)), ("310101", date(1931, 1, 1)),
    ("870930", date(1987, 9, 30)), ("19270101", date(1927, 1, 1)), ("090229", date(2009, 2, 28)),
])
def test_source_dates(text, expected):
    assert cp.source_date(text) == expected


def test_restrictions_read_ranges_open_ends_and_null_codes():
    rs = cp.restrictions("[AFGGOV 791227-861124] [USAGOVHLH >081001] [HTIOPPMED <061231] [---] [AFGELI]")
    assert [(r.code, r.start, r.end) for r in rs] == [
        ("AFGGOV", date(1979, 12, 27), date(1986, 11, 24)), ("USAGOVHLH", date(2008, 10, 1), None),
        ("HTIOPPMED", None, date(2006, 12, 31)), ("AFGELI", None, None)]


@pytest.mark.parametrize(("words", "state", "name"), [
    ("MITCH_MCCONNELL", "USA", "Mitch McConnell"), ("BASHAR_AL_ASSAD", "SYR", "Bashar al-Assad"),
    ("MOHAMMED_BIN_SALMAN", "SAU", "Mohammed bin Salman"), ("MIGUEL_D'ESCOTO_BROCKMANN", "NIC", "Miguel d'Escoto Brockmann"),
    ("URSULA_VON_DER_LEYEN", "DEU", "Ursula von der Leyen"), ("NGUYEN_VAN_LINH", "VNM", "Nguyen Van Linh"),
    ("KING_ABDULLAH_II", "JOR", "King Abdullah II"), ("CONOR_O'BRIEN", "IRL", "Conor O'Brien"),
    ("WLADYSLAW_KOSINIAK-KAMYSZ", "POL", "Wladyslaw Kosiniak-Kamysz"), ("R.K._PACHAURI", "IND", "R.K. Pachauri"),
])
def test_names_get_their_capitals_back(words, state, name):
    assert cp.display_name(cp.phrase_words(words), state) == name


def test_titles_are_stripped_from_aliases():
    assert cp.strip_title(cp.phrase_words("U.S._DEFENSE_SECRETARY_CHUCK_HAGEL")) == ["CHUCK", "HAGEL"]
    assert cp.strip_title(cp.phrase_words("VICE-PRESIDENT_BARKLEY")) == ["BARKLEY"]
    assert cp.strip_title(cp.phrase_words("KING_SALMAN")) == ["KING", "SALMAN"]  # an honorific stays
    assert not cp.usable_phrase(cp.phrase_words("ASSAD_REGIME"))
    assert not cp.usable_phrase(cp.phrase_words("AMERICAN_VICE-PRESIDENT"))


def _lex(**extra) -> object:
    return cp.Lexicon(english={"brown", "green", "rice", "hope", "zero", "widget"}, gazetteer_keys={"jordan", "georgia"},
                      state_codes={"USA", "FRA", "SYR", "AFG", "ROU", "IRQ", "GBR"}, **extra)


SOURCE = """\
# a made-up file in the source's format
FRANCE_  [FRA]
+PARIS_
JEAN_VALMONT_  # CountryInfo.txt
+VALMONT
+PRESIDENT_VALMONT
\t[FRAELI 600101-810521]
\t[FRAGOV 810521-950517]
\t[FRAELI]
PIERRE_BROWN_  # CountryInfo.txt
+BROWN
\t[FRAGOVMIL >120101]
ANNA_BROWN_  # CountryInfo.txt
\t[GBRGOV 990101-050101]
MARC_DUVAL_  # CountryInfo.txt
+MARC
\t[FRAGOVBUS 030101-040131]
MARC_ROSSEL_  # CountryInfo.txt
\t[FRAGOV 030101-040131]
VALMONT_GOVERNMENT_
\t[FRAGOV]
ION_VASILE_  # CountryInfo.txt
\t[ROMGOV 900101-910101]
"""


def test_converter_people_from_a_source_file(tmp_path):
    f = tmp_path / "Phoenix.Countries.actors.txt"
    f.write_text(SOURCE, encoding="utf-8")
    people = {p.name: p for p in cp.convert_people(cp.read_actor_file(f), _lex())}
    assert "France" not in people and "Valmont Government" not in people  # the country and a body
    valmont = people["Jean Valmont"]
    assert valmont.aliases == ["Valmont"]  # "President Valmont" is the same name once the title is gone
    # the ELI spans before and after the office are dropped: he reads as a former president
    assert [(c.cameo, s, e) for c, s, e in valmont.roles] == [("FRAGOV", date(1981, 5, 21), date(1995, 5, 17))]
    assert people["Pierre Brown"].aliases == []  # "Brown": an English word, and two Browns
    assert people["Marc Duval"].aliases == []  # "Marc": another person's given name
    coded = people["Pierre Brown"].roles[0][0]
    assert (coded.code, coded.sector, coded.cameo, coded.label) == ("FRA", "MIL", "FRAGOVMIL", "defence official")
    assert people["Ion Vasile"].roles[0][0].cameo == "ROUGOV"  # CAMEO's ROM is ISO's ROU


ORGS = """\
UN_DEVELOPMENT_AGENCY_	[IGOUNODEV]
WORLD_WIDGET_WATCH_	[NGOHRI]
+WWW_
+WIDGETS_
CARLA_SOMEONE_	[IGOUNO]
UN_SPECIAL_ENVOY_FOR_ATLANTIS_	[IGOUNO]
ACME_CORP_	[MNCUSA]
"""
GROUPS = """\
ATLANTIS_LIBERATION_FRONT_(ALF)_ [IRQREB]
LEVANT_MARTYRS_BRIGADES_ [MEAREB]
+ZERO_
"""


def test_converter_bodies_and_groups(tmp_path):
    f, g = tmp_path / "intl.txt", tmp_path / "armed.txt"
    f.write_text(ORGS, encoding="utf-8")
    g.write_text(GROUPS, encoding="utf-8")
    lex = _lex()
    orgs = {o.name: o for o in cp.convert_organisations(cp.read_actor_file(f), lex, group=False)}
    assert set(orgs) == {"UN Development Agency", "World Widget Watch"}  # no person, office or company
    assert orgs["World Widget Watch"].aliases == ["WWW"]  # "Widgets": a plain word
    assert (orgs["UN Development Agency"].coded.code, orgs["UN Development Agency"].coded.cameo) == ("IGO", "IGOUNODEV")
    groups = {o.name: o for o in cp.convert_organisations(cp.read_actor_file(g), lex, group=True)}
    front = groups["Atlantis Liberation Front"]
    assert (front.coded.code, front.coded.sector, front.kind) == ("IRQ", "REB", "group")
    assert groups["Levant Martyrs Brigades"].coded.code == "IMG"  # filed under a region, not a state
    assert groups["Levant Martyrs Brigades"].aliases == []  # "Zero" is no name for a group


def test_converter_agents(tmp_path):
    f = tmp_path / "agents.txt"
    f.write_text("!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES\nDEFENCE_MINIST [~GOVMIL]\n"
                 "POLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nHUMAN_RIGHTS_BODY  [NGO~]\n"
                 "F-22_RAPTOR [~MIL]\n", encoding="utf-8")
    lex = cp.Lexicon(english={"minister", "ministry", "police", "attorney", "general", "body", "rights", "human", "raptor"},
                     gazetteer_keys=set(), state_codes=set())
    agents = {a.text: a for a in cp.read_agents(f, lex)}
    assert {"defence minister", "defence ministries", "police", "attorney general", "human rights body"} <= set(agents)
    assert agents["defence minister"].sector == "MIL" and agents["police"].plural is None
    assert agents["attorney general"].plural == "attorneys general" and agents["attorney general"].cameo == "GOVATG"
    assert agents["human rights body"].before and agents["human rights body"].sector == "NGO"
    assert not any("raptor" in t for t in agents)


# -- the stage -----------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_stage_codes_people_as_of_the_article_date(nlp):
    from detente import registry
    from detente.model import Article

    stage = registry.get("actors", "rules.v1")()
    body = ("Mike Pompeo criticised the agreement on Tuesday. Caspar Weinberger's memoirs were quoted. "
            "Jens Stoltenberg spoke in Oslo.")
    by_name = {a.name: a for a in stage(nlp(body), Article(body=body, published=date(2024, 5, 7)))}
    pompeo = by_name["Mike Pompeo"]
    assert (pompeo.code, pompeo.role) == ("USA", "former secretary of state")
    assert by_name["Caspar Weinberger"].code == "USA"  # a Phoenix-only person, long out of office
    assert by_name["Jens Stoltenberg"].code == "IGO"  # NATO's head on that date, not yet Norway's minister


def test_has_prefix_answers_as_the_set_of_every_prefix_would():
    d, g = dictionary.load(), gazetteer.load()
    for table, keys in ((d, list(d.by_name)), (g, list(g.entries))):
        sample = keys[:: max(1, len(keys) // 400)]
        prefixes = {k[:j] for k in sample for j in range(1, len(k) + 1)}
        assert all(table.has_prefix(p) for p in prefixes)
        assert not table.has_prefix("zzzq ") and not table.has_prefix("vladimir putinx")
    assert d.has_prefix("vladimir pu") and g.has_prefix("european un")


@pytest.mark.parametrize(("raw", "group", "code", "cameo"), [
    ("ANGREB", True, "AGO", "AGOREB"),  # CAMEO's ANG is Angola: UNITA was filed as a region's group (IMG)
    ("ROMGOV", False, "ROU", "ROUGOV"), ("MEAREB", True, "IMG", "MEAREB"), ("IGOWSTNAT", False, "IGO", "IGOWSTNAT"),
])
def test_converter_codes(raw, group, code, cameo):
    coded = cp.read_code(raw, {"AGO", "ROU"}, group=group)
    assert (coded.code, coded.cameo) == (code, cameo)
    assert cp.read_code("MNCUSA", {"USA"}) is None  # companies are left out
