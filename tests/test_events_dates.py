"""Event dates: which expression governs a trigger and how it resolves, one row per tricky sentence."""
from __future__ import annotations

from datetime import date

import pytest

from detente.events import dates
from detente.model import DateSpan

PUB = date(2023, 11, 8)  # a Wednesday

D = date.fromisoformat

# (text, published, trigger word (first occurrence; "word#2" for the second), expected (start, end, precision) or None)
CASES = [
    # absolute
    ("Chile and Peru signed a fisheries pact on 4 July 2019.", PUB, "signed", ("2019-07-04", "2019-07-04", "day")),
    ("Chile and Peru signed a fisheries pact on July 4, 2019.", None, "signed", ("2019-07-04", "2019-07-04", "day")),
    ("Kenya deployed police to Haiti in March 2021.", PUB, "deployed", ("2021-03-01", "2021-03-31", "month")),
    ("Japan lifted the sanctions in 2015.", None, "lifted", ("2015-01-01", "2015-12-31", "year")),
    ("Serbia and Croatia fought in the 1990s.", PUB, "fought", ("1990-01-01", "1999-12-31", "decade")),
    ("The ministers met on 2019-05-06 in Oslo.", None, "met", ("2019-05-06", "2019-05-06", "day")),
    ("Norway has mediated since 2014.", PUB, "mediated", ("2014-01-01", "2014-12-31", "year")),
    ("Egypt hosted talks in mid-2021.", PUB, "hosted", ("2021-01-01", "2021-12-31", "year")),
    # relative to the publication day
    ("Qatar hosted the delegations on Monday.", PUB, "hosted", ("2023-11-06", "2023-11-06", "day")),
    ("Qatar hosted the delegations on Wednesday.", PUB, "hosted", ("2023-11-08", "2023-11-08", "day")),
    ("Qatar hosted the delegations last Friday.", PUB, "hosted", ("2023-11-03", "2023-11-03", "day")),
    ("Qatar will host the delegations on Friday.", PUB, "host", ("2023-11-10", "2023-11-10", "day")),
    ("Qatar will host the delegations next Tuesday.", PUB, "host", ("2023-11-14", "2023-11-14", "day")),
    ("Iraq expelled the ambassador yesterday.", PUB, "expelled", ("2023-11-07", "2023-11-07", "day")),
    ("Iraq expelled the ambassador last week.", PUB, "expelled", ("2023-10-30", "2023-11-05", "week")),
    ("Iraq expelled the ambassador last month.", PUB, "expelled", ("2023-10-01", "2023-10-31", "month")),
    ("Iraq has expelled two ambassadors this year.", PUB, "expelled", ("2023-01-01", "2023-12-31", "year")),
    ("Iraq expelled the ambassador earlier this month.", PUB, "expelled", ("2023-11-01", "2023-11-08", "month")),
    ("Iraq expelled the ambassador three days ago.", PUB, "expelled", ("2023-11-05", "2023-11-05", "day")),
    ("Iraq expelled the ambassador two years ago.", PUB, "expelled", ("2021-01-01", "2021-12-31", "year")),
    ("The two sides will hold talks next month.", PUB, "hold", ("2023-12-01", "2023-12-31", "month")),
    ("Ghana recalled its envoy on September 3.", PUB, "recalled", ("2023-09-03", "2023-09-03", "day")),
    ("Ghana recalled its envoy on December 2.", PUB, "recalled", ("2022-12-02", "2022-12-02", "day")),
    ("Ghana will recall its envoy on December 2.", PUB, "recall", ("2023-12-02", "2023-12-02", "day")),
    ("Ghana recalled its envoy last December.", PUB, "recalled", ("2022-12-01", "2022-12-31", "month")),
    ("Last week, on Tuesday, Mali expelled the French envoy.", PUB, "expelled", ("2023-10-31", "2023-10-31", "day")),
    # chains against the previous dated event
    ("On March 3, 2022, Poland sent tanks to Ukraine. Two days later, Russia shelled Kharkiv.", None, "shelled",
     ("2022-03-05", "2022-03-05", "day")),
    ("On March 3, 2022, Poland sent tanks to Ukraine. The next day, Russia shelled Kharkiv.", None, "shelled",
     ("2022-03-04", "2022-03-04", "day")),
    ("On March 3, 2022, Poland sent tanks to Ukraine. A week earlier, Russia had invaded.", None, "invaded",
     ("2022-02-21", "2022-02-27", "week")),
    ("On March 3, 2022, Poland sent tanks to Ukraine. A month later, Germany followed.", None, "followed",
     ("2022-04-01", "2022-04-30", "month")),
    ("On March 3, 2022, Poland sent tanks to Ukraine. Germany pledged arms the same day.", None, "pledged",
     ("2022-03-03", "2022-03-03", "day")),
    ("On 12 May 2021, Israel struck Gaza. In the 1990s the two had talked. Three days later, Egypt brokered a truce.", None,
     "brokered", ("2021-05-15", "2021-05-15", "day")),
    ("On 10 February 2022, Turkey hosted Armenian envoys. Last month, on January 30, the envoys had met in Vienna.", None,
     "met", ("2022-01-30", "2022-01-30", "day")),
    ("On 2 March 2024, Oman hosted the talks. The March 9 statement of the mediators praised both sides.", None,
     "praised", ("2024-03-09", "2024-03-09", "day")),
    ("On September 20, 2019, Iran seized a tanker. On October 3, Britain protested.", PUB, "protested",
     ("2019-10-03", "2019-10-03", "day")),
    ("In September 2019, Iran seized a tanker. Tensions rose. Shipping slowed. Insurers balked. Oil rose. On June 3, Britain protested.",
     PUB, "protested", ("2023-06-03", "2023-06-03", "day")),
    # named anchors
    ("A week after Biden's inauguration, Iran freed two prisoners.", None, "freed", ("2021-01-25", "2021-01-31", "week")),
    ("The day after the Russian invasion of Ukraine, Poland opened its border.", None, "opened",
     ("2022-02-25", "2022-02-25", "day")),
    ("A day after Trump's inauguration, Israel sent an envoy to Baku.", date(2019, 6, 1), "sent",
     ("2017-01-21", "2017-01-21", "day")),
    ("A day after Trump's inauguration, Israel sent an envoy to Baku. Relations had soured in 2018.", None, "sent",
     ("2017-01-21", "2017-01-21", "day")),
    ("Israel sold drones to Azerbaijan during the Second Karabakh War.", None, "sold", ("2020-09-27", "2020-11-10", "year")),
    # which expression governs the trigger
    ("Sanchez, who took office in 2018, visited Rabat on Monday.", PUB, "visited", ("2023-11-06", "2023-11-06", "day")),
    ("Sanchez, who took office in 2018, visited Rabat on Monday.", PUB, "took", ("2018-01-01", "2018-12-31", "year")),
    ("Macron visited Algiers on Monday and met Tebboune on Tuesday.", PUB, "met", ("2023-11-07", "2023-11-07", "day")),
    ("Macron visited Algiers on Monday and met Tebboune on Tuesday.", PUB, "visited", ("2023-11-06", "2023-11-06", "day")),
    ("On Monday, Macron visited Algiers and met Tebboune.", PUB, "met", ("2023-11-06", "2023-11-06", "day")),
    # unresolvable: None, never a guess
    ("Armenia and Iran have been allies for 30 years.", PUB, "been", None),
    ("A few days later, Azerbaijan closed the road.", PUB, "closed", None),
    ("Two days after the vote, Georgia expelled the observers.", PUB, "expelled", None),
    ("Some 2000 soldiers crossed the border.", PUB, "crossed", None),
    ("Iran may attack the tanker.", PUB, "attack", None),
    ("Iraq expelled the ambassador yesterday.", None, "expelled", None),
    ("Qatar hosted the delegations on Friday.", None, "hosted", None),
    ("Two days later, Russia shelled Kharkiv.", None, "shelled", None),
    ("Last month, on June 4, the envoys met in Vienna.", None, "met", None),
    ("Ghana recalled its envoy on December 2.", None, "recalled", None),
]


def _trigger(doc, word: str):
    name, _, nth = word.partition("#")
    hits = [t for t in doc if t.text == name]
    return hits[int(nth or 1) - 1]


@pytest.mark.parametrize(("text", "published", "word", "expected"), CASES, ids=[f"{i:02d}-{c[2]}" for i, c in enumerate(CASES)])
def test_resolve(nlp, text, published, word, expected):
    doc = nlp(text)
    tok = _trigger(doc, word)
    got = dates.DateResolver(published).resolve(tok.sent, tok)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert (got.start, got.end, got.precision) == (D(expected[0]), D(expected[1]), expected[2])
        assert got.text and got.text in text


def test_chain_through_every_event_in_order(nlp):
    text = ("Last month, on December 11, Tunisian officials visited Rome. Two days later, the Italian minister arrived in Tunis. "
            "The January 21 statement of both governments welcomed the visits.")
    doc = nlp(text)
    resolver = dates.DateResolver(None)
    visited = _trigger(doc, "visited")
    # no publication date and no anchor yet: "last month" has nothing to count from
    assert dates.DateResolver(None).resolve(visited.sent, visited) is None
    resolver.set_anchor(DateSpan(date(2025, 1, 25), date(2025, 1, 25), "day"))  # e.g. the extractor knew the dateline
    assert resolver.resolve(visited.sent, visited) == DateSpan(date(2024, 12, 11), date(2024, 12, 11), "day",
                                                               "Last month, on December 11")
    arrived = _trigger(doc, "arrived")
    assert resolver.resolve(arrived.sent, arrived) == DateSpan(date(2024, 12, 13), date(2024, 12, 13), "day", "Two days later")
    assert resolver.anchor == DateSpan(date(2024, 12, 13), date(2024, 12, 13), "day", "Two days later")
    welcomed = _trigger(doc, "welcomed")
    assert resolver.resolve(welcomed.sent, welcomed).start == date(2025, 1, 21)


def test_out_of_order_calls_give_the_same_dates(nlp):
    text = "On 12 May 2021, Israel struck Gaza. Three days later, Egypt brokered a truce. The next day, Qatar sent aid."
    doc = nlp(text)
    words = ["struck", "brokered", "sent"]
    forward = dates.DateResolver(None)
    first = {w: forward.resolve(_trigger(doc, w).sent, _trigger(doc, w)) for w in words}
    backward = dates.DateResolver(None)
    second = {w: backward.resolve(_trigger(doc, w).sent, _trigger(doc, w)) for w in reversed(words)}
    assert first == second
    assert first["sent"] is not None and first["sent"].start == date(2021, 5, 16)


def test_find_expressions_skips_words_that_look_like_dates():
    found = [(e.kind, e.text) for e in dates.find_expressions("They may march in May 2024 and sat on Sat. 5 of the 12 members.")]
    assert found == [("my", "May 2024")]


@pytest.mark.parametrize(("base", "n", "unit", "expected"), [
    (DateSpan(date(2024, 1, 31), date(2024, 1, 31), "day"), 1, "month", (date(2024, 2, 1), date(2024, 2, 29), "month")),
    (DateSpan(date(2024, 12, 30), date(2024, 12, 30), "day"), 2, "day", (date(2025, 1, 1), date(2025, 1, 1), "day")),
    (DateSpan(date(2024, 1, 1), date(2024, 12, 31), "year"), 2, "day", None),
    (DateSpan(date(2024, 5, 1), date(2024, 5, 31), "month"), -1, "year", (date(2023, 1, 1), date(2023, 12, 31), "year")),
])
def test_shift(base, n, unit, expected):
    got = dates.shift(base, n, unit)
    assert (got if got is None else (got.start, got.end, got.precision)) == expected


def test_vocabulary_is_validated_once():
    v = dates.vocabulary()
    assert v.months["Sept"] == 9 and v.weekdays["Friday"] == 4
    assert all(a.spans and a.names for a in v.anchors)
    assert dates.vocabulary() is v
