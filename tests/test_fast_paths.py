"""The speed-ups of the actors and events helpers give the same answers as the plain computations they replace.

Each fast path is checked against the slow one it stands for, on sentences written for this test and on the
example articles: the date scanner against a full `finditer` of every pattern, the resolver's n-gram cut-off
against the uncut scan, the attributor's per-article caches against spaCy's own properties.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from detente.actors import gazetteer
from detente.events import date_expressions as dx
from detente.events import dates
from detente.events import modality as mod
from detente.model import Actor, Article, Mention

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# ---------------------------------------------------------------- the date expression scanner

DATE_TEXTS = [
    "On Monday, March 3, 2025, the ministers met; by mid-March 2023 the talks had stalled.",
    "The envoy left on 12th of Sept 2024 and returned Sept. 20, a week later than planned.",
    "Mayday calls rose in May; the summit is due in late May, 2026, or early June.",
    "It happened the day after Trump's inauguration, xthe day after tomorrow, and after 9/11.",
    "In the early 2000s and the 1990s, two wars broke out; the 2020 Karabakh war ended in 44 days.",
    "A couple of weeks ago the army withdrew; three days later it returned, an hour before the vote.",
    "The strikes came on last Friday, this Sunday, next Wednesday and on next Tuesday.",
    "The US-led invasion of Iraq, the fall of Kabul and the Six-Day War shaped the region.",
    "Earlier this month Qatar hosted talks; later that week, the previous day, that same day.",
    "Talks resumed \u017funday and Fr\u0131day, on JAN 5: to re.IGNORECASE these are ASCII letters.",
    "Talks resumed \u0130N MAY and on FR\u0130DAY; \u0130 lower-cases to two characters.",
    "The 2024-05-06 memo, dated 06.05.2024, cites the year 1967 and the 1973 war.",
    "\u0663 days ago and \u0664 weeks later: digits of another script are digits to \\d.",
    "Since March the blockade held; until April; during May; of June; this July; next August.",
    "yesterday, today, tonight, tomorrow, this morning, the night before the signing of the Abraham Accords",
    "",
]


def _full(text: str) -> list[list[tuple[int, int, dict[str, str | None]]]]:
    return [[(m.start(), m.end(), m.groupdict()) for m in rule.rx.finditer(text)] for rule in dx._patterns()]


def _fast(text: str) -> list[list[tuple[int, int, dict[str, str | None]]]]:
    starts = dx._starts(text)
    return [[(m.start(), m.end(), m.groupdict()) for m in dx._matches(rule, text, starts[i] if starts else None)]
            for i, rule in enumerate(dx._patterns())]


@pytest.mark.parametrize("text", DATE_TEXTS)
def test_date_scanner_finds_what_a_full_scan_finds(text: str) -> None:
    assert _fast(text) == _full(text)


def test_date_scanner_on_the_example_articles() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*")) if p.is_file() and p.suffix in (".txt", ".html", ".jsonl", ".xml")]
    assert texts
    found = 0
    for text in texts:
        flat = text.replace("\u2019", "'")
        assert _fast(flat) == _full(flat)
        found += sum(map(len, _full(flat)))
    assert found > 20  # the articles do hold dates: the comparison is not between two empty lists


def test_every_rule_states_its_leads() -> None:
    """A rule without leads is scanned in full: correct, but the grammar's words should all be plain ASCII."""
    assert all(rule.leads is not None and (rule.leads or rule.digits) for rule in dx._patterns())


def test_case_fixes_cover_every_character_ignorecase_equates_with_an_ascii_letter() -> None:
    """The scanner's lower-cased copy of a body must keep every position, word and letter re.IGNORECASE sees."""
    letters = re.compile("|".join("abcdefghijklmnopqrstuvwxyz"), re.I).fullmatch
    word = re.compile(r"\w").fullmatch
    odd, longer, unlike = set(), [], []
    for c in map(chr, range(0x110000)):
        low = c.translate(dx._CASE_FIXES).lower()
        if c >= "\x80" and letters(c):
            odd.add(c)
        if len(c.lower()) != 1:
            longer.append(c)
        if len(low) != 1 or (word(c) is None) != (word(low) is None):
            unlike.append(c)
    assert odd == set(dx._CASE_FIX_CHARS)
    assert longer == ["\u0130"]  # the only character lower-casing lengthens, and it is among the fixes
    assert unlike == []  # so words start and end at the same places in the copy


def test_find_expressions_resolves_through_the_fast_scanner() -> None:
    found = [(e.kind, e.text) for e in dates.find_expressions("Two days after the inauguration of Joe Biden, on Friday, they met.")]
    assert ("anchor_rel", "days after the inauguration of Joe Biden") not in found  # "two days after X" is a shift
    assert ("shift", "Two days after the inauguration of Joe Biden") in found
    assert ("weekday", "on Friday") in found


# ---------------------------------------------------------------- the actors scan


def test_normalise_and_strip_accents_cache_changes_nothing() -> None:
    for text in ["Erdo\u011fan", "  Turkey\u2019s  ", "T\u00fcrkiye", "\ufb01nal", "C\u00f4te d'Ivoire", "U.S.", "the Kremlin"]:
        assert gazetteer.normalise(text) == gazetteer.normalise.__wrapped__(text)
        assert gazetteer.strip_accents(text) == gazetteer.strip_accents.__wrapped__(text)
        assert gazetteer.is_acronym(text) == gazetteer.is_acronym.__wrapped__(text)


@pytest.mark.parametrize("text, plain", [
    ("Turkey's president", True), ("Turkey\u2019s president", True), ("Nagorno\u2011Karabakh", True),
    ("T\u00fcrkiye", False), ("\ufb01nal", False), ("", True),
])
def test_is_plain(text: str, plain: bool) -> None:
    assert gazetteer.is_plain(text) is plain
    if plain:  # for a plain text the lookup form of every prefix is a prefix of the lookup form
        assert all(gazetteer.normalise(text).startswith(gazetteer.normalise(text[:k])) for k in range(len(text) + 1))


ACTOR_TEXTS = [
    "The Organization for Security and Co-operation in Europe sent observers to Nagorno-Karabakh on Monday.",
    "Turkey\u2019s President Recep Tayyip Erdo\u011fan met the Kremlin\u2019s envoy and the U.S. ambassador in Ankara.",
    "George Washington University hosted the Azerbaijani and Armenian foreign ministers, the UN said.",
    "The European Union and the Islamic Republic of Iran discussed the nuclear deal in T\u00fcrkiye.",
]


def test_scan_cut_off_gives_the_same_hits(nlp, stages, monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.actors import resolve

    resolver = stages[0]
    docs = [nlp(t) for t in ACTOR_TEXTS]
    fast = [[(h.start, h.end, h.kind, h.entry, h.person) for h in resolver.scan(d)] for d in docs]
    monkeypatch.setattr(resolve.Resolver, "_reach", lambda self, text, start, ends, i, top: top)
    slow = [[(h.start, h.end, h.kind, h.entry, h.person) for h in resolver.scan(d)] for d in docs]
    assert fast == slow
    assert all(fast)


# ---------------------------------------------------------------- attribution


def _article(text: str, outlet: str | None = "The Caspian Wire") -> Article:
    return Article(body=text, id="t", outlet=outlet, published=date(2025, 3, 14))


def test_entities_of_a_span_match_spacy(nlp) -> None:
    doc = nlp("Foreign Minister Hakan Fidan told Anadolu that Ankara and the European Union would meet in Brussels.")
    att = mod.Attributor(_article(doc.text), [])
    att._prepare(doc)
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            span = doc[start:end]
            assert [(e.start, e.end, e.label_) for e in att._ents_in(span)] == [(e.start, e.end, e.label_) for e in span.ents]


def test_one_speaker_serves_several_events_as_separate_objects(nlp) -> None:
    text = "Pakistan will expel the diplomats and close the border, a senior official told Reuters."
    doc = nlp(text)
    att = mod.Attributor(_article(text), [])
    expel, close = (next(t for t in doc if t.lower_ == w) for w in ("expel", "close"))
    first, second = att.attribution(expel.sent, expel), att.attribution(close.sent, close)
    assert first is not None and first.kind == "anonymous" and first.via == "Reuters"
    assert first == second and first is not second  # no event's attribution is another's


def test_outlet_free_article_skips_the_outlet_search(nlp) -> None:
    text = "Greek Prime Minister Kyriakos Mitsotakis said Athens would send frigates to the Red Sea."
    doc = nlp(text)
    person = Actor(name="Kyriakos Mitsotakis", code="GRC", kind="person",
                   mentions=[Mention(start=text.index("Kyriakos"), end=text.index(" said"), text="Kyriakos Mitsotakis")])
    att = mod.Attributor(_article(text), [person])
    send = next(t for t in doc if t.lower_ == "send")
    assert att.attribution(send.sent, send) == mod.Attribution("person", "Kyriakos Mitsotakis", "GRC",
                                                               "Greek Prime Minister Kyriakos Mitsotakis", None)
    assert att._cites_outlet is False


def test_source_found_in_the_lead_is_the_same_object_every_time(nlp) -> None:
    text = ("Iran has seized a tanker in the Gulf, The Eurasian Times writes.\n\n"
            "The publication states that Iran will release the crew.")
    doc = nlp(text)
    att = mod.Attributor(_article(text, outlet="Bulletin"), [])
    release = next(t for t in doc if t.lower_ == "release")
    first, second = att.attribution(release.sent, release), att.attribution(release.sent, release)
    assert first is not None and first.name.endswith("Eurasian Times")
    assert first == second
    if first is att._source:
        assert second is att._source
    else:
        assert replace(first) == second
