"""Relations, dyads, network measures and stories over hand-built events saved in a real store."""
from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from detente import analysis
from detente.analysis import rules as rules_mod
from tests.analysis_support import E, day, extraction


def _save(store, *extractions):
    for x in extractions:
        assert store.save(x)
    return store


def _triples(rels):
    out = set()
    for r in rels:
        t = tuple(sorted(r["target"])) if isinstance(r["target"], list) else r["target"]
        out.add((r["source"], r["label"], t))
    return out


def _has(rels, a, label, b):
    """Whether a relation holds, reading symmetric labels both ways."""
    t = _triples(rels)
    if isinstance(b, tuple):
        return (a, label, tuple(sorted(b))) in t
    return (a, label, b) in t or (label not in ("arms_supplier", "energy_supplier") and (b, label, a) in t)


RELATION_CASES = [
    # (id, events, (source, label, target), holds)
    ("alliance statement", [E("SUPPORT", ["GEO"], ["FRA"], "Georgia, a close ally of France, backed the plan.", mode="alliance")],
     ("GEO", "ally", "FRA"), True),
    ("negated alliance is no alliance",
     [E("SUPPORT", ["GEO"], ["FRA"], "Georgia is not an ally of France, its premier said.", mode="alliance", modality="negated")],
     ("GEO", "ally", "FRA"), False),
    ("conditional trade is no trade",
     [E("COOPERATE", ["QAT"], ["EGY"], "Qatar would resume trade with Egypt if the dispute ends.", mode="trade", modality="conditional")],
     ("QAT", "trade_partner", "EGY"), False),
    ("arms supplier is directed", [E("AID", ["RUS"], ["IRN"], "Russia is a major arms supplier to Tehran.", mode="arms")],
     ("RUS", "arms_supplier", "IRN"), True),
    ("arms supplier not reversed", [E("AID", ["RUS"], ["IRN"], "Russia is a major arms supplier to Tehran.", mode="arms")],
     ("IRN", "arms_supplier", "RUS"), False),
    ("energy supplier", [E("COOPERATE", ["QAT"], ["EGY"], "Egypt is reliant on Qatari gas.", mode="energy")],
     ("QAT", "energy_supplier", "EGY"), True),
    ("one accusation is not a rivalry", [E("ACCUSE", ["IRN"], ["QAT"], "Iran accused Qatar of meddling.")],
     ("IRN", "rival", "QAT"), False),
    ("repeated hostility is a rivalry",
     [E("ACCUSE", ["IRN"], ["QAT"], "Iran accused Qatar of meddling."),
      E("SANCTION", ["QAT"], ["IRN"], "Qatar expelled two Iranian diplomats.")],
     ("IRN", "rival", "QAT"), True),
    ("hostility outweighed by cooperation is no rivalry",
     [E("ACCUSE", ["IRN"], ["QAT"], "Iran accused Qatar of meddling."),
      E("REQUEST", ["QAT"], ["IRN"], "Qatar urged Iran to calm down."),
      E("COOPERATE", ["QAT"], ["IRN"], "Qatar and Iran signed a gas deal.", mode="economic")],
     ("IRN", "rival", "QAT"), False),
    ("a strike makes adversaries", [E("ASSAULT", ["IND"], ["PAK"], "India struck targets in Pakistan overnight.", mode="aerial")],
     ("IND", "adversary", "PAK"), True),
    ("adversary suppresses rival",
     [E("ASSAULT", ["IND"], ["PAK"], "India struck targets in Pakistan overnight.", mode="aerial"),
      E("ACCUSE", ["PAK"], ["IND"], "Pakistan accused India of aggression."),
      E("THREATEN", ["PAK"], ["IND"], "Pakistan vowed to retaliate against India.")],
     ("IND", "rival", "PAK"), False),
    ("mediation names the pair",
     [E("CONSULT", ["QAT"], ["IRN", "USA"], "Qatar mediated between Iran and the United States.", mode="mediate")],
     ("QAT", "mediator", ("IRN", "USA")), True),
    ("a mediator third party",
     [E("CONSULT", ["IRN"], ["USA"], "Iran and the US held indirect talks through Qatar.", third=[("QAT", "mediator")])],
     ("QAT", "mediator", ("IRN", "USA")), True),
    ("hosting talks counts as mediation",
     [E("CONSULT", ["ARM"], ["AZE"], "Kazakhstan hosted talks between Armenia and Azerbaijan.", third=[("KAZ", "host")])],
     ("KAZ", "mediator", ("ARM", "AZE")), True),
    ("hosting a war is not hosting",
     [E("ASSAULT", ["ARM"], ["AZE"], "Fighting raged on Georgian soil.", third=[("GEO", "host")])],
     ("GEO", "host", ("ARM", "AZE")), False),
    ("two acts of support make partners",
     [E("SUPPORT", ["TUR"], ["AZE"], "Turkey backed Azerbaijan at the summit."),
      E("AID", ["TUR"], ["AZE"], "Turkey sent engineers to Azerbaijan.", mode="economic")],
     ("TUR", "partner", "AZE"), True),
    ("an alliance suppresses partner",
     [E("SUPPORT", ["TUR"], ["AZE"], "Turkey is Azerbaijan's closest ally.", mode="alliance"),
      E("COOPERATE", ["TUR"], ["AZE"], "Turkey and Azerbaijan held joint drills.", mode="military")],
     ("TUR", "partner", "AZE"), False),
    ("trade suspended outweighs trade",
     [E("COOPERATE", ["TUR"], ["ISR"], "Turkey traded with Israel for years.", mode="trade", modality="historical"),
      E("SANCTION", ["TUR"], ["ISR"], "Turkey halted all trade with Israel.", mode="embargo")],
     ("TUR", "trade_partner", "ISR"), False),
    ("rebels are kept apart from their state",
     [E("ASSAULT", ["SYR:REB"], ["SYR"], "Rebels overran government positions near Hama.")],
     ("SYR:REB", "adversary", "SYR"), True),
]


@pytest.mark.parametrize("events,triple,holds", [c[1:] for c in RELATION_CASES], ids=[c[0] for c in RELATION_CASES])
def test_relation_rules(store, events, triple, holds):
    _save(store, extraction("TEST WIRE", date(2026, 2, 1), events))
    rels = analysis.relations(store)
    assert _has(rels, *triple) is holds, _triples(rels)


def test_relation_evidence_points_at_the_sentence(store):
    x = extraction("TEST WIRE", date(2026, 2, 1), [
        E("CONSULT", ["USA"], ["IRN"], "US envoys met Iranian officials in Oman."),
        E("SUPPORT", ["GEO"], ["FRA"], "Georgia, a close ally of France, backed the plan.", mode="alliance"),
    ])
    _save(store, x)
    (rel,) = [r for r in analysis.relations(store) if r["label"] == "ally"]
    (ev,) = rel["evidence"]
    body = store.article(x.article.id)["body"]
    assert body[ev_start(ev):].startswith(ev["sentence"])
    assert ev["outlet"] == "TEST WIRE" and ev["article_id"] == x.article.id and ev["date"] == "2026-02-01"


def ev_start(ev):
    return ev["start"]


def test_rules_file_validates():
    data = {"modality_weight": {"asserted": 1}, "labels": {}}
    with pytest.raises(rules_mod.RulesError):
        rules_mod.parse(data)
    with pytest.raises(rules_mod.RulesError):
        rules_mod.Matcher.parse("ASSAULTS.war")
    with pytest.raises(rules_mod.RulesError):
        rules_mod.Matcher.parse("@friendly")
    loaded = rules_mod.load()
    assert set(rules_mod.LABELS) <= set(loaded.labels)
    assert loaded.weight("negated") == 0 and loaded.weight("conditional") == 0


@pytest.fixture
def triangle(store):
    """B and C at odds, M friendly with both and mediating; N friendly with B only."""
    _save(store, extraction("WIRE ONE", date(2026, 1, 10), [
        E("SUPPORT", ["AZE"], ["TUR"], "Azerbaijan is a close ally of Turkey.", mode="alliance"),
        E("SUPPORT", ["AZE"], ["ISR"], "Azerbaijan and Israel have been allies for decades.", mode="alliance"),
        E("ACCUSE", ["ISR"], ["TUR"], "Israel accused Turkey of arming militants."),
        E("SANCTION", ["TUR"], ["ISR"], "Turkey halted trade with Israel.", mode="embargo"),
        E("CONSULT", ["TUR"], ["ISR"], "Baku hosted talks between Turkish and Israeli officials.", third=[("AZE", "host")]),
        E("SUPPORT", ["USA"], ["ISR"], "Washington praised Israel's restraint."),
        E("COOPERATE", ["USA"], ["ISR"], "The US and Israel held joint drills.", mode="military"),
    ]))
    return store


def test_brokerage_ranks_the_mediator_first(triangle):
    net = analysis.network(triangle)
    between = [b for b in net["brokerage"] if b["between"] == ["ISR", "TUR"]]
    assert between and between[0]["broker"] == "AZE" and between[0]["mediated"]
    assert next(iter(net["brokers"])) == "AZE"
    unbalanced = [t["triad"] for t in net["balance"]["unbalanced"]]
    assert ["AZE", "ISR", "TUR"] in unbalanced
    assert "AZE" in net["centrality"]
    assert analysis.brokers(triangle, "Turkey", "Israel")[0]["broker"] == "AZE"


def test_graph_is_signed_and_weighted(triangle):
    g = analysis.graph(triangle)
    assert isinstance(g, nx.Graph)
    assert g.edges["TUR", "ISR"]["sign"] == -1 and g.edges["AZE", "ISR"]["sign"] == 1
    assert "ally" in g.edges["AZE", "TUR"]["relations"]
    assert g.edges["TUR", "ISR"]["mediated_by"] == "AZE"
    # the hosted talks are not counted as cooperation between the two sides: the mediator's act
    assert g.edges["TUR", "ISR"]["score"] < 0
    assert g.nodes["AZE"]["label"] == "Azerbaijan"


def test_graph_weight_is_a_volume_networkx_can_walk(triangle):
    """`weight` is how much the two have to do with each other (never negative), the signed score its own
    attribute: networkx's Dijkstra refused the signed weights ("negative weights") and weighted measures
    on them meant nothing."""
    g = analysis.graph(triangle)
    assert all(d["weight"] >= 0 for _, _, d in g.edges(data=True))
    assert g.edges["TUR", "ISR"]["weight"] > 0 > g.edges["TUR", "ISR"]["score"]
    assert nx.shortest_path_length(g, "TUR", "ISR", weight="weight") > 0
    assert set(nx.betweenness_centrality(g, weight="weight")) == set(g.nodes)


def test_dossier(triangle):
    d = analysis.dossier(triangle, "Azerbaijan")
    assert d["actor"] == "AZE"
    assert {a["target"] for a in d["allies"]} == {"TUR", "ISR"}
    assert any(b["between"] == ["ISR", "TUR"] for b in d["brokerage"])
    assert d["recent_events"] and all("sentence" in e for e in d["recent_events"])
    assert analysis.dossier(triangle, "ISR")["adversaries"][0]["target"] == "TUR"


def test_dyad_shows_conflict_and_mediation(triangle):
    d = analysis.dyad(triangle, "TUR", "ISR")
    assert d["summary"]["conflict"] >= 2 and d["summary"]["net_score"] < 0
    assert d["mediators"] == ["AZE"]
    labels = {r["label"] for r in d["relations"]}
    assert "rival" in labels and "mediator" in labels
    assert {"TUR->ISR", "ISR->TUR"} <= {e["direction"] for e in d["events"]}


def test_dyad_timeline_moves_and_changes_between_windows(store):
    early = [E("ASSAULT", ["ARM"], ["AZE"], "Armenian and Azerbaijani troops exchanged fire.", day=day(0)),
             E("ACCUSE", ["AZE"], ["ARM"], "Baku accused Yerevan of provocations.", day=day(3))]
    late = [E("CONSULT", ["ARM"], ["AZE"], "Kazakhstan hosted talks between Armenia and Azerbaijan.", day=day(70), third=[("KAZ", "host")]),
            E("AGREE", ["ARM"], ["AZE"], "Armenia and Azerbaijan signed a peace treaty.", mode="sign", day=day(100))]
    _save(store, extraction("WIRE ONE", day(4), early), extraction("WIRE TWO", day(101), late))
    tl = analysis.dyad(store, "ARM", "AZE", freq="month")["timeline"]
    assert [t["period"] for t in tl] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert tl[0]["net"] < 0 and tl[-1]["net"] > 0 and tl[1]["events"] == 0
    weekly = analysis.dyad(store, "ARM", "AZE", freq="week")["timeline"]
    assert len(weekly) > len(tl)
    ch = analysis.changes(store, (date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 3, 1), date(2026, 4, 30)))
    assert any(f["pair"] == ["ARM", "AZE"] and f["from"] == -1 and f["to"] == 1 for f in ch["flipped"])
    assert any(r["pair"] == ["ARM", "AZE"] and "adversary" in r["lost"] for r in ch["relations"])
    # a window keeps only the events that overlap it
    jan = analysis.dyad(store, "ARM", "AZE", since=date(2026, 1, 1), until=date(2026, 1, 31))
    assert jan["summary"]["events"] == 2


def test_stories_link_reports_across_outlets_and_keep_contradictions(store):
    a = extraction("WIRE ONE", day(1), [
        E("ASSAULT", ["AZE"], ["ARM"], "Azerbaijani troops shelled Armenian posts on Monday, Yerevan said.", day=day(0)),
        E("AGREE", ["USA"], ["QAT"], "The US and Qatar agreed a new air base lease.", day=day(0))])
    b = extraction("WIRE TWO", day(1), [
        E("ASSAULT", ["ARM"], ["AZE"], "Baku said Armenian soldiers opened fire first on Monday.", day=day(0)),
        E("ASSAULT", ["AZE"], ["ARM"], "Azerbaijan denied shelling Armenian posts.", modality="negated", day=day(0))])
    c = extraction("WIRE THREE", day(40), [
        E("ASSAULT", ["AZE"], ["ARM"], "Fresh shelling hit Armenian villages a month later.", day=day(39))])
    _save(store, a, b, c)
    stories = analysis.stories(store)
    (clash,) = [s for s in stories if s["corroboration"] == 2]
    assert clash["outlets"] == ["WIRE ONE", "WIRE TWO"] and clash["parties"] == ["ARM", "AZE"]
    assert {c["kind"] for c in clash["contradictions"]} == {"denied", "blame"}
    assert len(clash["events"]) == 3
    # a month later is another event; a different pair is another story
    assert sum(1 for s in stories if s["corroboration"] == 1) == 2
    assert analysis.stories(store, min_articles=2) == [clash]


def test_signing_reported_twice_is_one_story_without_blame(store):
    a = extraction("WIRE ONE", day(10), [E("AGREE", ["ARM"], ["AZE"], "Armenia and Azerbaijan signed a treaty.", mode="sign", day=day(9))])
    b = extraction("WIRE TWO", day(11), [E("AGREE", ["AZE"], ["ARM"], "Baku and Yerevan signed a peace deal on Tuesday.", mode="sign", day=day(10))])
    _save(store, a, b)
    (s,) = analysis.stories(store, min_articles=2)
    assert s["contradictions"] == [] and s["start"] == day(9).isoformat() and s["end"] == day(10).isoformat()


def test_resolve_names_and_codes(triangle):
    from detente.analysis import resolve

    assert resolve(triangle, "TUR") == "TUR"
    assert resolve(triangle, "Turkey") == "TUR"
    assert resolve(triangle, "turkey") == "TUR"
    assert resolve(triangle, "SYR:REB") == "SYR:REB"


def test_the_package_functions_stay_functions(triangle):
    """analysis.network, .stories and .relations are functions named like submodules: loading a submodule lazily
    must not put the module in the function's place (`detente stories` once failed so)."""
    analysis.graph(triangle)
    analysis.dossier(triangle, "AZE")
    import detente.analysis.network  # noqa: F401
    import detente.analysis.relations  # noqa: F401
    import detente.analysis.stories  # noqa: F401

    assert all(callable(f) for f in (analysis.network, analysis.stories, analysis.relations))
    assert analysis.stories(triangle) and analysis.network(triangle)["nodes"] == 4
